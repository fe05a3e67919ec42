import type { RunningEmulator } from "@esac/kibana-emulator";
import { clearKibanaStatusCache, parseKibanaVersion } from "@esac/kibana-client";
import { prebuiltRuleProvider as provider } from "./provider";
import { allowsCustomization } from "./normalize";
import { detectionRuleProvider, resetRuleReadCache } from "../detection-rule/provider";
import { RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

const RULES = "/api/detection_engine/rules";
const SLACK = { id: "soc-slack", name: "SOC Slack (kibana.yml)", connector_type_id: ".slack" };
const identity = { [RESOURCE_IDENTITY_KEY]: "proj/dev/PrebuiltRule/encoded-powershell" };
const action = { id: "soc-slack", action_type_id: ".slack", params: { message: "{{context.rule.name}}" } };
const trusted = { id: "trusted-id", list_id: "trusted", namespace_type: "single", type: "detection" };

const { checked, created } = providerSteps(provider);
const reasons = async (news: Obj, olds: Obj = {}) => ((await provider.check!(olds, { ...identity, ...news })).failures ?? []).map((f) => f.reason);
const readRule = async (kibana: RunningEmulator, ruleId: string) => (await kibanaFetch(kibana, "GET", `${RULES}?rule_id=${ruleId}`)).body as Obj;
const writes = (kibana: RunningEmulator, from: number) => callsSince(kibana, from).filter((c) => c.method !== "GET");

async function configure(kibana: RunningEmulator, version?: string): Promise<void> {
  const { config } = stackConfigFor(kibana);
  await provider.configure!({ config: { get: (key: string) => (key === "kibana:version" ? version : config.get(key)) } } as never);
}

/** An emulator with Elastic's (the emulator's) prebuilt rules installed, and a shared exception list. */
async function withPackage(kibana: RunningEmulator): Promise<void> {
  kibana.reset();
  resetRuleReadCache();
  clearKibanaStatusCache();
  expect((await kibanaFetch(kibana, "PUT", `${RULES}/prepackaged`)).status).toBe(200);
  const list = await kibanaFetch(kibana, "POST", "/api/exception_lists", { list_id: "trusted", name: "Trusted", description: "d", type: "detection" });
  trusted.id = list.body.id;
}

describe("check (no HTTP call)", () => {
  let kibana: RunningEmulator;
  beforeAll(async () => {
    kibana = await startTestKibana();
    await configure(kibana);
  });
  afterAll(() => kibana.stop());

  it("refuses what Kibana does not let users change on a prebuilt rule, naming the field and why", async () => {
    const before = kibana.requests().length;
    const got = await reasons({ rule_id: "r", author: ["me"], license: "MIT", type: "eql", version: 3, immutable: false, rule_source: { type: "internal" } });
    expect(got).toEqual([
      expect.stringMatching(/^author: cannot be set on a prebuilt rule: Kibana refuses it: 400 'Cannot update "author" field for prebuilt rules'/),
      expect.stringMatching(/^license: cannot be set on a prebuilt rule: Kibana refuses it: 400 'Cannot update "license" field/),
      expect.stringMatching(/^type: cannot be set on a prebuilt rule: .*Cannot change rule type during rule upgrade.*DetectionRule/),
      expect.stringMatching(/^version: cannot be set on a prebuilt rule: the rule version is the package's/),
      expect.stringMatching(/^immutable: cannot be set on a prebuilt rule: read-only/),
      expect.stringMatching(/^rule_source: cannot be set on a prebuilt rule: read-only/),
    ]);
    expect(kibana.requests().length).toBe(before);
  });

  it("checks names and values with DetectionRule's schema: a typo gets a suggestion, a bad value its reason", async () => {
    expect(await reasons({ rule_id: "r", severty: "high", risk_score: 200, tags: "t" })).toEqual([
      'severty: unknown argument; did you mean `severity`? (value: "high")',
      expect.stringMatching(/^risk_score: .*100.* \(value: 200\)$/),
      expect.stringMatching(/^tags: .*expected array/),
    ]);
  });

  it("requires rule_id, refuses adopt (the rule is Elastic's) and fields of two rule types", async () => {
    expect(await reasons({ rule_id: "", adopt: true })).toEqual([
      expect.stringMatching(/^adopt: not needed: a prebuilt rule is Elastic's/),
      'rule_id: required: the rule_id of an installed prebuilt rule (value: "")',
    ]);
    expect(await reasons({ rule_id: "r", threshold: { field: [], value: 5 }, new_terms_fields: ["host.name"] })).toEqual([
      "these fields belong to different rule types, and a rule has one: threshold (threshold); new_terms_fields (new_terms)",
    ]);
  });

  it("normalises like DetectionRule: an action's frequency and group made explicit, only the fields given kept", async () => {
    const inputs = await checked({ ...identity, rule_id: "r", enabled: true, actions: [action] });
    expect(inputs).toEqual({
      rule_id: "r",
      enabled: true,
      actions: [{ ...action, group: "default", frequency: { notifyWhen: "onActiveAlert", summary: true, throttle: null } }],
      space_id: "default",
    });
  });

  it("customising the content is allowed from Kibana 8.18 (every release esac supports), refused before", async () => {
    expect(allowsCustomization(parseKibanaVersion("8.17.4")!)).toBe(false);
    expect(allowsCustomization(parseKibanaVersion("8.18.0")!)).toBe(true);
    await configure(kibana, "8.19");
    expect(await reasons({ rule_id: "r", severity: "high", query: "x", enabled: true })).toEqual([]);
    await configure(kibana);
  });
});

describe.each(["8.19.17", "9.4.2"])("on Kibana %s", (version) => {
  const is9 = version.startsWith("9");
  let kibana: RunningEmulator;
  beforeAll(async () => {
    // The bundles describe 9.x: 8.19's rule_source (no has_base_version / customized_fields) fails them, so 8.19 runs unchecked.
    kibana = await startTestKibana({ version, contract: is9, connectors: { preconfigured: [SLACK] } });
    await configure(kibana, version);
  });
  afterAll(() => kibana.stop());
  beforeEach(() => withPackage(kibana));
  afterEach(() => expect(kibana.violations()).toEqual([]));

  const args = () => ({
    ...identity,
    rule_id: "esac-prebuilt-01",
    enabled: true,
    severity: "high",
    tags: ["OS: Windows", "Team: SOC"],
    actions: [action],
    exceptions_list: [trusted],
  });

  it("create is one PATCH of the fields, keeps their previous values, and shows the customisation", async () => {
    const from = kibana.requests().length;
    const { id, outs } = await created(args());
    expect(writes(kibana, from)).toEqual([{ method: "PATCH", path: RULES, status: 200 }]);
    const rule = await readRule(kibana, "esac-prebuilt-01");
    expect(id).toBe(rule.id);
    expect(rule).toMatchObject({ enabled: true, severity: "high", tags: ["OS: Windows", "Team: SOC"], exceptions_list: [trusted], immutable: true });
    expect(rule.actions).toEqual([expect.objectContaining({ id: "soc-slack", params: action.params })]);
    expect(outs.original_values).toEqual({
      enabled: false,
      severity: "medium",
      tags: ["OS: Windows", "Tactic: Execution", "Data Source: Elastic Defend", "Use Case: Threat Detection"],
      actions: [],
      exceptions_list: [],
    });
    expect(outs.is_customized).toBe(true);
    if (is9) {
      expect([...outs.customized_fields].sort()).toEqual(["severity", "tags"]);
      expect(outs.has_base_version).toBe(true);
    } else {
      expect(outs).not.toHaveProperty("customized_fields");
      expect(outs).not.toHaveProperty("has_base_version");
    }
  });

  it("enabled, actions and exceptions_list alone never customise the rule", async () => {
    const { outs } = await created({ ...identity, rule_id: "esac-prebuilt-02", enabled: true, actions: [action], exceptions_list: [trusted] });
    expect(outs.is_customized).toBe(false);
    if (is9) expect(outs.customized_fields).toEqual([]);
  });

  it("a rule that is not installed, a custom rule, and a field of another rule type: clear errors, no write", async () => {
    await kibanaFetch(kibana, "POST", RULES, { rule_id: "mine", name: "n", description: "d", risk_score: 1, severity: "low", type: "query" });
    const from = kibana.requests().length;
    await expect(created({ ...identity, rule_id: "not-in-the-package", severity: "high" })).rejects.toThrow(
      /PrebuiltRule rule_id "not-in-the-package" in space "default": no rule with this rule_id is installed.*`PrebuiltRules` resource/,
    );
    await expect(created({ ...identity, rule_id: "mine", severity: "high" })).rejects.toThrow(/a custom rule.*manage it with DetectionRule/);
    await expect(created({ ...identity, rule_id: "esac-prebuilt-01", threshold: { field: ["host.name"], value: 5 } })).rejects.toThrow(
      /threshold do not apply to this rule, a query rule \(they belong to threshold rules\)/,
    );
    expect(writes(kibana, from)).toEqual([]);
  });

  it("refresh of N rules costs one _find; drift only on the fields set (a UI edit of another field is not drift)", async () => {
    const a = await created(args());
    const b = await created({ ...identity, rule_id: "esac-prebuilt-02", enabled: true });
    const c = await created({ ...identity, rule_id: "esac-prebuilt-03", note: "Call the on-call." });
    await kibanaFetch(kibana, "PATCH", RULES, { rule_id: "esac-prebuilt-01", severity: "low", interval: "10m" });
    await kibanaFetch(kibana, "PATCH", RULES, { rule_id: "esac-prebuilt-02", name: "Renamed in the UI" });
    resetRuleReadCache();
    const from = kibana.requests().length;
    const reads = await Promise.all([a, b, c].map((r) => provider.read!(r.id, r.outs)));
    expect(callsSince(kibana, from)).toEqual([{ method: "GET", path: `${RULES}/_find`, status: 200 }]);
    const drift = await Promise.all(reads.map((r, i) => provider.diff!(r.id!, r.props!, [a, b, c][i]!.inputs)));
    expect(drift.map((d) => d.changes)).toEqual([true, false, false]);
    expect(reads[0]!.inputs).toMatchObject({ severity: "low" });
    expect(reads[0]!.inputs).not.toHaveProperty("interval");
  });

  it("one _find serves DetectionRule and PrebuiltRule reads of the same space", async () => {
    const custom = { rule_id: "mine", name: "n", description: "d", risk_score: 1, severity: "low", type: "query" };
    const own = (await kibanaFetch(kibana, "POST", RULES, custom)).body;
    const prebuilt = await created(args());
    resetRuleReadCache();
    const from = kibana.requests().length;
    const [ruleRead, prebuiltRead] = await Promise.all([
      detectionRuleProvider.read!(own.id, { ...custom, space_id: "default" }),
      provider.read!(prebuilt.id, prebuilt.outs),
    ]);
    expect(callsSince(kibana, from)).toEqual([{ method: "GET", path: `${RULES}/_find`, status: 200 }]);
    expect(ruleRead.id).toBe(own.id);
    expect(prebuiltRead.props).toMatchObject({ severity: "high", is_customized: true });
  });

  it("update is one PATCH: changed fields, and the removed ones put back to their previous values", async () => {
    const { outs } = await created(args());
    const news = await checked({
      ...identity,
      rule_id: "esac-prebuilt-01",
      enabled: true,
      severity: "critical",
      actions: [action],
      exceptions_list: [trusted],
    });
    expect((await provider.diff!("x", outs, news)).changes).toBe(true);
    const from = kibana.requests().length;
    const updated = await provider.update!("x", outs, news);
    expect(writes(kibana, from)).toEqual([{ method: "PATCH", path: RULES, status: 200 }]);
    const rule = await readRule(kibana, "esac-prebuilt-01");
    expect(rule).toMatchObject({ severity: "critical", tags: outs.original_values.tags, enabled: true });
    expect(Object.keys(updated.outs!.original_values).sort()).toEqual(["actions", "enabled", "exceptions_list", "severity"]);
    expect((await provider.diff!("x", updated.outs!, news)).changes).toBe(false);
  });

  it("delete is one PATCH putting back the values from before; the rule is no longer customised", async () => {
    const { id, outs } = await created(args());
    const from = kibana.requests().length;
    await provider.delete!(id, outs);
    expect(writes(kibana, from)).toEqual([{ method: "PATCH", path: RULES, status: 200 }]);
    const rule = await readRule(kibana, "esac-prebuilt-01");
    expect(rule).toMatchObject({ enabled: false, severity: "medium", actions: [], exceptions_list: [], tags: outs.original_values.tags });
    expect(rule.rule_source.is_customized).toBe(false);
  });

  it("delete removes a field the rule did not have before (PATCH cannot): one GET and one PUT", async () => {
    const { id, outs } = await created({ ...identity, rule_id: "esac-prebuilt-03", note: "Call the on-call.", severity: "high" });
    expect(outs.original_values).toEqual({ note: null, severity: "medium" });
    const from = kibana.requests().length;
    await provider.delete!(id, outs);
    expect(callsSince(kibana, from).map((c) => `${c.method} ${c.path.split("?")[0]}`)).toEqual([`GET ${RULES}`, `PUT ${RULES}`]);
    const rule = await readRule(kibana, "esac-prebuilt-03");
    expect(rule).not.toHaveProperty("note");
    expect(rule).toMatchObject({ severity: "medium", author: ["esac emulator"], license: "Apache-2.0" });
    expect(rule.rule_source.is_customized).toBe(false);
  });

  it("delete after the rule was removed from Kibana succeeds without a change", async () => {
    const { id, outs } = await created(args());
    await kibanaFetch(kibana, "DELETE", `${RULES}?rule_id=esac-prebuilt-01`);
    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
  });
});
