import type { RunningEmulator } from "@esac/kibana-emulator";
import { prebuiltRuleSelectionProvider as provider } from "./selection-provider";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

const RULES = "/api/detection_engine/rules";
const { checked, created } = providerSteps(provider);
const WINDOWS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"].map((n) => `esac-prebuilt-${n}`);
const selection = { enable: { tags: ["OS: Windows"], rule_ids: ["esac-prebuilt-19"] }, exclude_rule_ids: ["esac-prebuilt-02"] };

async function enabledInKibana(kibana: RunningEmulator): Promise<string[]> {
  const filter = encodeURIComponent("alert.attributes.params.immutable: true AND alert.attributes.enabled: true");
  const res = await kibanaFetch(kibana, "GET", `${RULES}/_find?per_page=100&filter=${filter}`);
  return (res.body.data as Obj[]).map((r) => r.rule_id as string).sort();
}
const toggle = (kibana: RunningEmulator, action: "enable" | "disable", ruleId: string) =>
  kibanaFetch(kibana, "POST", `${RULES}/_bulk_action`, { action, query: `alert.attributes.params.ruleId: "${ruleId}"` });

describe("check", () => {
  it("names bad arguments", async () => {
    const res = await provider.check!({}, { enable: { tags: "x", rule_id: ["a"] }, exclude_rule_ids: [""], others: "off", adopt: true });
    expect(failurePaths(res).sort()).toEqual(["adopt", "enable.rule_id", "enable.tags", "exclude_rule_ids.0", "others"]);
    expect(failurePaths(await provider.check!({}, {}))).toEqual(["enable"]);
  });

  it("resolves the selection on the state's catalog without calling Kibana, and without a catalog leaves the sets out", async () => {
    const fresh = await checked(selection);
    expect(fresh).toEqual({
      enable: { rule_ids: ["esac-prebuilt-19"], tags: ["OS: Windows"] },
      exclude_rule_ids: ["esac-prebuilt-02"],
      others: "leave",
      space_id: "default",
    });
    const catalog = [
      { rule_id: "a", tags: ["OS: Windows"], enabled: false },
      { rule_id: "b", tags: ["OS: Linux"], enabled: true },
      { rule_id: "c", tags: ["OS: Windows", "X"], enabled: true },
    ];
    const res = await checked({ ...selection, exclude_rule_ids: ["c"], others: "disable" }, { space_id: "default", catalog });
    expect(res).toMatchObject({ catalog, enabled_rule_ids: ["a"], disabled_rule_ids: ["b", "c"] });
    // "leave": the others keep their state — the old inputs' enabled_rule_ids (what the last update left) over the catalog's flags.
    expect(await checked({ ...selection, exclude_rule_ids: ["c"] }, { space_id: "default", catalog })).toMatchObject({
      enabled_rule_ids: ["a", "b", "c"],
      disabled_rule_ids: [],
    });
    expect(await checked({ ...selection, exclude_rule_ids: ["c"] }, { space_id: "default", catalog, enabled_rule_ids: ["c"] })).toMatchObject({
      enabled_rule_ids: ["a", "c"],
      disabled_rule_ids: ["b"],
    });
    // Another space's catalog is not used.
    expect(await checked({ ...selection, space_id: "soc" }, { space_id: "default", catalog })).not.toHaveProperty("catalog");
  });
});

describe.each(["8.19.17", "9.4.2"])("on Kibana %s", (version) => {
  let kibana: RunningEmulator;
  beforeAll(async () => {
    kibana = await startTestKibana({ version, contract: version.startsWith("9") });
    await provider.configure!(stackConfigFor(kibana) as never);
  });
  afterAll(() => kibana.stop());
  beforeEach(async () => {
    kibana.reset();
    await kibanaFetch(kibana, "PUT", `${RULES}/prepackaged`);
  });
  afterEach(() => expect(kibana.violations()).toEqual([]));

  it("create resolves at apply time and enables the selection with one _bulk_action query; others are left alone", async () => {
    await toggle(kibana, "enable", "esac-prebuilt-12");
    const from = kibana.requests().length;
    const { outs } = await created(selection);
    const calls = callsSince(kibana, from).map((c) => `${c.method} ${c.path.split("?")[0]}`);
    expect(calls).toEqual([`GET ${RULES}/_find`, `POST ${RULES}/_bulk_action`]);
    const wanted = [...WINDOWS.filter((id) => id !== "esac-prebuilt-02"), "esac-prebuilt-19"].sort();
    // Every prebuilt rule is in one of the two lists; esac-prebuilt-12 (enabled before, outside the selection) is left on.
    expect(outs.enabled_rule_ids).toEqual([...wanted, "esac-prebuilt-12"].sort());
    expect(outs.disabled_rule_ids).toHaveLength(20 - 11);
    expect(await enabledInKibana(kibana)).toEqual(outs.enabled_rule_ids);
    expect(outs.catalog).toHaveLength(20);
    // Switching others to "disable" plans exactly the one rule that changes.
    const read = await provider.read!("default", outs);
    const news = await checked({ ...selection, others: "disable" }, read.inputs);
    expect((news.disabled_rule_ids as string[]).filter((id) => !read.inputs!.disabled_rule_ids.includes(id))).toEqual(["esac-prebuilt-12"]);
    expect(outs.catalog.find((r: Obj) => r.rule_id === "esac-prebuilt-01")).toEqual({
      rule_id: "esac-prebuilt-01",
      tags: expect.arrayContaining(["OS: Windows"]),
      enabled: true,
    });
  });

  it('others: "disable" disables every other prebuilt rule, the excluded ones too (one call each way)', async () => {
    await toggle(kibana, "enable", "esac-prebuilt-02");
    await toggle(kibana, "enable", "esac-prebuilt-12");
    const from = kibana.requests().length;
    const { outs } = await created({ ...selection, others: "disable" });
    expect(callsSince(kibana, from).filter((c) => c.method === "POST")).toHaveLength(2);
    // 20 rules: 9 Windows rules (10 less the excluded one) and esac-prebuilt-19 enabled, the other 10 disabled.
    expect(outs.enabled_rule_ids).toHaveLength(10);
    expect(outs.disabled_rule_ids).toHaveLength(10);
    expect(outs.disabled_rule_ids).toContain("esac-prebuilt-02");
    expect(await enabledInKibana(kibana)).toEqual(outs.enabled_rule_ids);
  });

  it("a rule toggled in the UI is drift after refresh, the plan names it, and up restores it", async () => {
    const { outs } = await created(selection);
    await toggle(kibana, "disable", "esac-prebuilt-04");
    const read = await provider.read!("default", outs);
    expect(read.props!.enabled_rule_ids).not.toContain("esac-prebuilt-04");
    const from = kibana.requests().length;
    const news = await checked(selection, read.inputs);
    const diff = await provider.diff!("default", read.props!, news);
    expect(callsSince(kibana, from)).toEqual([]); // the plan calls nothing
    expect(diff.changes).toBe(true);
    const named = (news.enabled_rule_ids as string[]).filter((id) => !read.inputs!.enabled_rule_ids.includes(id));
    expect(named).toEqual(["esac-prebuilt-04"]);
    const { outs: after } = await provider.update!("default", read.props!, news);
    expect(after.enabled_rule_ids).toEqual(outs.enabled_rule_ids);
    expect(await enabledInKibana(kibana)).toContain("esac-prebuilt-04");
    const again = await provider.read!("default", after);
    expect((await provider.diff!("default", again.props!, await checked(selection, again.inputs))).changes).toBe(false);
  });

  it("a selection change plans the rules that change from the catalog, offline; an update refuses to undo a toggle made since the last read", async () => {
    const { outs } = await created(selection);
    const read = await provider.read!("default", outs);
    const wider = { ...selection, enable: { ...selection.enable, tags: ["OS: Windows", "OS: macOS"] } };
    const news = await checked(wider, read.inputs);
    expect((news.enabled_rule_ids as string[]).filter((id) => !outs.enabled_rule_ids.includes(id))).toEqual(["esac-prebuilt-20"]);
    // esac-prebuilt-20 is enabled in the UI then disabled again: no change. esac-prebuilt-03 disabled: the update would undo it.
    await toggle(kibana, "disable", "esac-prebuilt-03");
    await expect(provider.update!("default", read.props!, news)).rejects.toThrow(
      /PrebuiltRuleSelection of space "default": the enabled state of 1 of its prebuilt rules was changed in Kibana since Pulumi last read it \(disabled there: "esac-prebuilt-03"\)/,
    );
    expect(await enabledInKibana(kibana)).not.toContain("esac-prebuilt-20");
    const { outs: after } = await provider.update!("default", read.props!, { ...news, overwrite_concurrent_edits: true });
    expect(after.enabled_rule_ids).toContain("esac-prebuilt-03");
    expect(after.enabled_rule_ids).toContain("esac-prebuilt-20");
  });

  it("installed_rule_ids (PrebuiltRules' output) re-applies the selection when the package's rules change", async () => {
    const linux = { enable: { tags: ["OS: Linux"] }, installed_rule_ids: ["esac-prebuilt-01"] };
    const { outs } = await created(linux);
    expect(outs.installed_rule_ids).toEqual(["esac-prebuilt-01"]);
    kibana.setPrebuiltPackage("8.19.2");
    await kibanaFetch(kibana, "PUT", `${RULES}/prepackaged`); // adds esac-prebuilt-21 (Linux)
    expect((await provider.diff!("default", outs, await checked(linux))).changes).toBe(false);
    // Only the trigger changed: the update reads the catalog again and enables the new Linux rule.
    const news = await checked({ ...linux, installed_rule_ids: ["esac-prebuilt-01", "esac-prebuilt-21"] });
    expect((await provider.diff!("default", outs, news)).changes).toBe(true);
    const { outs: after } = await provider.update!("default", outs, news);
    expect(after.enabled_rule_ids).toContain("esac-prebuilt-21");
    expect(await enabledInKibana(kibana)).toEqual(after.enabled_rule_ids);
    expect(failurePaths(await provider.check!({}, { ...linux, installed_rule_ids: "esac-prebuilt-01" }))).toEqual(["installed_rule_ids"]);
  });

  it("a listed rule_id that is not installed fails the create naming it; delete leaves the rules as they are", async () => {
    await expect(provider.create(await checked({ enable: { rule_ids: ["esac-prebuilt-01", "nope"] } }))).rejects.toThrow(
      'PrebuiltRuleSelection of space "default": enable.rule_ids: "nope" is not an installed prebuilt rule of the space',
    );
    expect(await enabledInKibana(kibana)).toEqual([]);
    const { id, outs } = await created(selection);
    await provider.delete!(id, outs);
    expect(await enabledInKibana(kibana)).toEqual(outs.enabled_rule_ids);
  });
});
