import type { RunningEmulator } from "@esac/kibana-emulator";
import { prebuiltRulesProvider as provider } from "./provider";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

const RULES = "/api/detection_engine/rules";
const INTERNAL = "/internal/detection_engine/prebuilt_rules";
const { checked, created } = providerSteps(provider);
const writes = (kibana: RunningEmulator, from: number) =>
  callsSince(kibana, from)
    .filter((c) => c.method !== "GET")
    .map((c) => `${c.method} ${c.path.split("?")[0]}`);
const rule = async (kibana: RunningEmulator, ruleId: string) => (await kibanaFetch(kibana, "GET", `${RULES}?rule_id=${ruleId}`)).body;

describe("check", () => {
  it("defaults upgrade to on-up, sorts rule_ids, and names bad arguments", async () => {
    expect(await checked({ rule_ids: ["b", "a", "b"] })).toEqual({ upgrade: "on-up", rule_ids: ["a", "b"], space_id: "default" });
    const res = await provider.check!({}, { upgrade: "always", rule_ids: ["ok", ""], adopt: true, overwrite_concurrent_edits: true, rules: [] });
    expect(failurePaths(res).sort()).toEqual(["adopt", "overwrite_concurrent_edits", "rule_ids.1", "rules", "upgrade"]);
    expect(res.failures!.find((f) => f.reason.startsWith("upgrade"))!.reason).toContain('must be one of "on-up", "never"');
  });
});

// 8.19's rule_source (no has_base_version / customized_fields) fails the 9.x bundle, so 8.19 runs without contract checks.
describe.each(["8.19.17", "9.4.2"])("on Kibana %s", (version) => {
  let kibana: RunningEmulator;
  beforeAll(async () => {
    kibana = await startTestKibana({ version, contract: version.startsWith("9") });
    await provider.configure!(stackConfigFor(kibana) as never);
  });
  afterAll(() => kibana.stop());
  beforeEach(() => kibana.reset());
  afterEach(() => expect(kibana.violations()).toEqual([]));

  it("create installs the whole package and its timelines through the installation API; a second create changes nothing", async () => {
    const from = kibana.requests().length;
    const { id, outs } = await created({});
    expect(id).toBe("default");
    expect(writes(kibana, from)).toEqual([`POST ${INTERNAL}/installation/_perform`, `POST ${INTERNAL}/upgrade/_perform`]);
    expect(outs).toMatchObject({
      upgrade: "on-up",
      rules_installed: 20,
      rules_not_installed: 0,
      rules_not_updated: 0,
      timelines_installed: 2,
      conflict_rule_ids: [],
    });
    expect(outs.installed_rule_ids).toHaveLength(20);
    expect(outs.installed_rule_ids[0]).toBe("esac-prebuilt-01");
    // Idempotent by nature: an interrupted up re-run installs and upgrades nothing more.
    const again = await created({});
    expect(again.outs).toEqual(outs);
  });

  it("rule_ids installs only the selection (SPECIFIC_RULES); a rule_id not in the package fails naming it", async () => {
    const from = kibana.requests().length;
    const { outs } = await created({ rule_ids: ["esac-prebuilt-05", "esac-prebuilt-01"] });
    expect(writes(kibana, from)).toEqual([
      `POST ${INTERNAL}/installation/_review`,
      `POST ${INTERNAL}/installation/_perform`,
      `POST ${INTERNAL}/upgrade/_perform`,
    ]);
    expect(outs).toMatchObject({ rules_installed: 2, rules_not_installed: 18, installed_rule_ids: ["esac-prebuilt-01", "esac-prebuilt-05"] });
    expect((await rule(kibana, "esac-prebuilt-01")).rule_source.type).toBe("external");
    await expect(provider.create(await checked({ rule_ids: ["esac-prebuilt-02", "no-such-rule"] }))).rejects.toThrow(
      'PrebuiltRules of space "default": rule_ids "no-such-rule" are not in the prebuilt rule package of this Kibana',
    );
    // A selected rule deleted in Kibana is drift: the next up installs it again.
    await kibanaFetch(kibana, "DELETE", `${RULES}?rule_id=esac-prebuilt-05`);
    const read = await provider.read!("default", outs);
    expect(read.props!.installed_rule_ids).toEqual(["esac-prebuilt-01"]);
    expect((await provider.diff!("default", read.props!, await checked({ rule_ids: ["esac-prebuilt-01", "esac-prebuilt-05"] }, read.inputs))).changes).toBe(
      true,
    );
    const { outs: after } = await provider.update!("default", read.props!, await checked({ rule_ids: ["esac-prebuilt-01", "esac-prebuilt-05"] }, read.inputs));
    expect(after.installed_rule_ids).toEqual(["esac-prebuilt-01", "esac-prebuilt-05"]);
  });

  it("a newer package is drift on refresh; up upgrades with MERGED (customisations kept, conflicts skipped and reported) and installs new rules", async () => {
    const { outs } = await created({});
    expect((await provider.diff!("default", outs, await checked({}))).changes).toBe(false);
    // Customised in Kibana: rule 5's name (the package changes other fields of it), rule 1's query (the package changes it too).
    await kibanaFetch(kibana, "PATCH", RULES, { rule_id: "esac-prebuilt-05", name: "Shadow copies (ours)" });
    await kibanaFetch(kibana, "PATCH", RULES, { rule_id: "esac-prebuilt-01", query: 'process.name:"powershell.exe"' });
    kibana.setPrebuiltPackage("8.19.2");
    const read = await provider.read!("default", outs);
    expect(read.props).toMatchObject({ rules_not_updated: 3, rules_not_installed: 1 });
    const news = await checked({}, read.inputs);
    expect((await provider.diff!("default", read.props!, news)).changes).toBe(true);
    const { outs: after } = await provider.update!("default", read.props!, news);
    expect(after).toMatchObject({ rules_installed: 21, rules_not_installed: 0, rules_not_updated: 1, conflict_rule_ids: ["esac-prebuilt-01"] });
    const five = await rule(kibana, "esac-prebuilt-05");
    expect([five.version, five.name, five.severity, five.rule_source.is_customized]).toEqual([2, "Shadow copies (ours)", "critical", true]);
    const one = await rule(kibana, "esac-prebuilt-01");
    expect([one.version, one.query]).toEqual([1, 'process.name:"powershell.exe"']);
    expect((await rule(kibana, "esac-prebuilt-21")).rule_source.type).toBe("external");
    // The conflict is reported, not retried on every plan.
    const reread = await provider.read!("default", after);
    expect((await provider.diff!("default", reread.props!, await checked({}, reread.inputs))).changes).toBe(false);
  });

  it('upgrade: "never" pins: a newer package is no drift and an update upgrades nothing', async () => {
    const { outs } = await created({ upgrade: "never" });
    kibana.setPrebuiltPackage("8.19.2");
    const read = await provider.read!("default", outs);
    expect(read.props).toMatchObject({ upgrade: "never", rules_not_updated: 3, rules_not_installed: 1 });
    const news = await checked({ upgrade: "never" }, read.inputs);
    expect((await provider.diff!("default", read.props!, news)).changes).toBe(false);
    const from = kibana.requests().length;
    await provider.update!("default", read.props!, news);
    expect(writes(kibana, from).filter((w) => w.includes("upgrade"))).toEqual([]);
    expect((await rule(kibana, "esac-prebuilt-05")).version).toBe(1);
    // Switching to on-up is an update that upgrades.
    const onUp = await checked({}, read.inputs);
    expect((await provider.diff!("default", read.props!, onUp)).changes).toBe(true);
    const { outs: after } = await provider.update!("default", read.props!, onUp);
    expect(after.rules_not_updated).toBe(0);
  });

  it("delete leaves the package installed", async () => {
    const { id, outs } = await created({});
    const from = kibana.requests().length;
    await provider.delete!(id, outs);
    expect(callsSince(kibana, from)).toEqual([]);
    expect((await kibanaFetch(kibana, "GET", "/api/detection_engine/rules/prepackaged/_status")).body.rules_installed).toBe(20);
  });
});
