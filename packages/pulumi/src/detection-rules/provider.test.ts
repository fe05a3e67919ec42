import { ResourceInitError } from "../provider-kit/init-error";
import { RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { callsSince, kibanaFetch, stackConfigFor, useTestKibana } from "../test-support/emulator";
import { detectionRuleProvider, resetRuleReadCache } from "../detection-rule/provider";
import { detectionRulesProvider as provider } from "./provider";
import { FILTER_URL_BUDGET, importChunks } from "./bulk";
import { decodeRule } from "./encoding";
import { RULE_SOURCES_KEY } from "./check-memo";
import { ruleIdsKql } from "../prebuilt-rules/catalog";

type Obj = Record<string, any>;

const decodeRules = (rules: Obj): Obj => Object.fromEntries(Object.entries(rules).map(([ruleId, rule]) => [ruleId, decodeRule(rule)]));

const RULES = "/api/detection_engine/rules";

// The set's check runs DetectionRule's, so the rule family's read cache is reset too.
const emulator = useTestKibana(provider, resetRuleReadCache);

const rule = (i: number, extra: Obj = {}) => ({
  rule_id: `bulk-${String(i).padStart(3, "0")}`,
  name: `Rule ${i}`,
  description: "Detects things",
  risk_score: 21,
  severity: "low",
  type: "query",
  query: `process.name:p${i}`,
  index: ["logs-*"],
  enabled: false,
  ...extra,
});
const identity = { [RESOURCE_IDENTITY_KEY]: "proj/dev/DetectionRules/set" };
const fifty = Array.from({ length: 50 }, (_, i) => rule(i));

async function checked(news: Obj, olds: Obj = {}): Promise<Obj> {
  const res = await provider.check!(olds, { ...identity, ...news });
  if (res.failures?.length) throw new Error(JSON.stringify(res.failures));
  return res.inputs!;
}

const writes = (calls: { method: string; path: string }[]) => calls.filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path.split("?")[0]}`);

describe("check", () => {
  it("checks every rule as DetectionRule does, all failures at once, each named by its rule_id, with no call", async () => {
    const before = emulator.kibana.requests().length;
    const res = await provider.check!({}, { rules: [rule(1, { risk_score: 150 }), rule(2), rule(3, { severity: "critcal" }), { name: "no id" }, rule(2)] });
    expect((res.failures ?? []).map((f) => f.reason)).toEqual([
      "rules[3].rule_id: required (string): it keys the rule in the set",
      'rules[4]: rule_id "bulk-002" appears more than once',
      'rule_id "bulk-001": risk_score: Too big: expected number to be <=100 (value: 150)',
      expect.stringMatching(/^rule_id "bulk-003": severity: Invalid option.*did you mean `critical`\?/),
    ]);
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("accepts a record by rule_id, with loadRuleFiles' { file, at, body } entries, in the same normal form as an array", async () => {
    const fromArray = await checked({ rules: [rule(1), rule(2)] });
    const fromRecord = await checked({ rules: { "bulk-001": { file: "rules/a.toml", at: ["rule"], body: rule(1) }, "bulk-002": rule(2) } });
    expect(fromRecord.rules).toEqual(fromArray.rules);
    expect(Object.keys(fromArray.rules)).toEqual(["bulk-001", "bulk-002"]);
    expect(decodeRules(fromArray.rules)["bulk-001"]).toMatchObject({ max_signals: 100, from: "now-6m", interval: "5m" });
    const mismatched = await provider.check!({}, { rules: { other: rule(1) } });
    expect(mismatched.failures?.map((f) => f.reason)).toEqual(['rules["other"]: its rule_id is "bulk-001"; a record of rules is keyed by rule_id']);
  });
});

describe("check reuses the state's checked rules", () => {
  // The program sends each rule as a JSON text (DetectionRules' resource class encodes them so).
  const asTexts = (rules: Obj[]) => Object.fromEntries(rules.map((r) => [r.rule_id, JSON.stringify(r)]));
  const singularChecks = () => jest.spyOn(detectionRuleProvider, "check");
  afterEach(() => jest.restoreAllMocks());

  it("checks again only rules whose program text changed, with the same result as a full check", async () => {
    const first = await checked({ rules: asTexts(fifty) });
    expect(Object.keys(first[RULE_SOURCES_KEY])).toHaveLength(50);
    const spy = singularChecks();
    const again = await checked({ rules: asTexts(fifty) }, first);
    expect(spy).not.toHaveBeenCalled();
    expect(again).toEqual(first);
    const edited = fifty.map((r, i) => (i === 7 ? { ...r, severity: "high", risk_score: 73 } : r));
    const next = await checked({ rules: asTexts(edited) }, first);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(next).toEqual(await checked({ rules: asTexts(edited) }));
    expect(decodeRules(next.rules)["bulk-007"]).toMatchObject({ severity: "high", risk_score: 73 });
  });

  it("checks every rule again after a change of the stack config the check reads, or after a refresh", async () => {
    const first = await checked({ rules: asTexts(fifty.slice(0, 5)) });
    const { config } = stackConfigFor(emulator.kibana);
    await provider.configure!({ config: { get: (key: string) => (key === "esac:queryFieldCheck" ? "strict" : config.get(key)) } } as never);
    const spy = singularChecks();
    try {
      await checked({ rules: asTexts(fifty.slice(0, 5)) }, first);
      expect(spy).toHaveBeenCalledTimes(5);
    } finally {
      await provider.configure!({ config } as never);
    }
    // A refresh that finds drift returns Kibana's rules as inputs, with no digests: a rule changed in Kibana is never
    // taken for checked. One that finds none returns no inputs, so Pulumi keeps the state's (digests included).
    const { id, outs } = await createdSet(fifty.slice(0, 5));
    expect((await provider.read!(id, outs)).inputs).toBeUndefined();
    await kibanaFetch(emulator.kibana, "PATCH", RULES, { rule_id: "bulk-001", name: "Renamed in the UI" });
    const refreshed = (await provider.read!(id, outs)).inputs!;
    expect(refreshed[RULE_SOURCES_KEY]).toBeUndefined();
    spy.mockClear();
    await checked({ rules: asTexts(fifty.slice(0, 5)) }, refreshed);
    expect(spy).toHaveBeenCalledTimes(5);
  });

  it("a rule checked again to the settings of the state's checked rule keeps the state's text", async () => {
    // As after a refresh (no digests), with the state's text in another form than this version's normal form.
    const first = await checked({ rules: [rule(1), rule(2)] });
    const otherForm = JSON.stringify(JSON.parse(first.rules["bulk-001"]), null, 1);
    const olds = { ...first, [RULE_SOURCES_KEY]: undefined, rules: { ...first.rules, "bulk-001": otherForm } };
    const again = await checked({ rules: [rule(1), rule(2, { severity: "high", risk_score: 73 })] }, olds);
    expect(again.rules["bulk-001"]).toBe(otherForm);
    expect(decodeRules(again.rules)["bulk-002"]).toMatchObject({ severity: "high" });
  });
});

describe("create, diff, update, refresh, delete", () => {
  it("creates 50 rules with one _import, and a no-change diff", async () => {
    const inputs = await checked({ rules: fifty });
    const from = emulator.kibana.requests().length;
    const { id, outs } = await provider.create(inputs);
    const calls = callsSince(emulator.kibana, from);
    expect(writes(calls)).toEqual([`POST ${RULES}/_import`]);
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(2);
    expect(Object.keys(outs.rules)).toHaveLength(50);
    expect(outs.kibana["bulk-007"]).toMatchObject({ revision: 0, id: expect.any(String) });
    const held = await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=bulk-007`);
    expect(held.body).toMatchObject({ name: "Rule 7", enabled: false, meta: { esac: { owner: inputs.__esac_owner } } });
    expect(await provider.diff!(id, outs, await checked({ rules: fifty }, inputs))).toMatchObject({ changes: false });
    const edited = { ...inputs.rules, "bulk-003": JSON.stringify({ ...JSON.parse(inputs.rules["bulk-003"]), severity: "high" }) };
    expect(await provider.diff!(id, outs, { ...inputs, rules: edited })).toMatchObject({ changes: true });
    // Against Kibana's copies (drift, or a state from before digests), texts that differ but decode to the same
    // settings (here only in layout) are compared field by field: no change.
    const copies = Object.fromEntries(Object.entries(inputs.rules as Obj).map(([k, v]) => [k, JSON.stringify(JSON.parse(v), null, 1)]));
    expect(await provider.diff!(id, { ...outs, rules: copies }, inputs)).toMatchObject({ changes: false });
    expect(await provider.diff!(id, { ...outs, rules: copies }, { ...inputs, rules: edited })).toMatchObject({ changes: true });
  });

  it("edits 2 rules with one _import of 2 lines, removes 3 with one _bulk_action", async () => {
    const { id, outs, inputs } = await createdSet(fifty);
    const edited = fifty.map((r, i) => (i === 4 || i === 9 ? { ...r, severity: "high", risk_score: 73 } : r));
    const news = await checked({ rules: edited }, inputs);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    let from = emulator.kibana.requests().length;
    const updated = (await provider.update!(id, outs, news)).outs!;
    const imports = emulator.kibana
      .requests()
      .slice(from)
      .filter((r) => r.path.startsWith(`${RULES}/_import`));
    expect(writes(callsSince(emulator.kibana, from))).toEqual([`POST ${RULES}/_import`]);
    expect(imports).toHaveLength(1);
    expect(updated.rules["bulk-004"]).not.toEqual(outs.rules["bulk-004"]);
    expect(await provider.diff!(id, updated, news)).toMatchObject({ changes: false });
    expect(updated.kibana["bulk-004"].revision).toBe(1);
    expect(updated.kibana["bulk-005"]).toEqual(outs.kibana["bulk-005"]);
    expect(updated.rules["bulk-005"]).toEqual(outs.rules["bulk-005"]);
    expect((await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=bulk-009`)).body.severity).toBe("high");

    const fewer = await checked({ rules: edited.slice(3) }, news);
    from = emulator.kibana.requests().length;
    const after = (await provider.update!(id, updated, fewer)).outs!;
    expect(writes(callsSince(emulator.kibana, from))).toEqual([`POST ${RULES}/_bulk_action`]);
    expect(Object.keys(after.rules)).toHaveLength(47);
    for (const gone of ["bulk-000", "bulk-001", "bulk-002"]) expect((await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=${gone}`)).status).toBe(404);
    expect((await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=bulk-003`)).status).toBe(200);
  });

  it("a set too large for a _find filter in the URL is read with one paged _find of the space, keeping only its rules", async () => {
    const many = Array.from({ length: 400 }, (_, i) => rule(i, { rule_id: `large-set-rule-${String(i).padStart(4, "0")}-0123456789abcdef` }));
    expect(encodeURIComponent(ruleIdsKql(many.map((r) => r.rule_id))).length).toBeGreaterThan(FILTER_URL_BUDGET);
    const { id, outs } = await createdSet(many);
    await kibanaFetch(emulator.kibana, "POST", RULES, rule(999, { rule_id: "not-in-the-set" }));
    const from = emulator.kibana.requests().length;
    const read = await provider.read!(id, outs);
    const calls = callsSince(emulator.kibana, from);
    expect(calls.map((c) => c.path.split("?")[0])).toEqual([`${RULES}/_find`]);
    expect(calls[0]!.path).not.toContain("filter=");
    expect(Object.keys(read.props!.rules)).toEqual(many.map((r) => r.rule_id));
  });

  it("keeps each rule as one JSON text with sorted keys in the inputs, digests in the outputs, and still reads older states", async () => {
    const inputs = await checked({ rules: [rule(2), rule(1)] });
    expect(Object.keys(inputs.rules)).toEqual(["bulk-001", "bulk-002"]);
    const text = inputs.rules["bulk-001"] as string;
    expect(typeof text).toBe("string");
    expect(Object.keys(JSON.parse(text) as Obj)).toEqual(Object.keys(JSON.parse(text) as Obj).sort());
    const { id, outs } = await createdSet([rule(1), rule(2)]);
    expect(Object.values(outs.rules)).toEqual([expect.stringMatching(/^sha256:[\w-]{43}\.[\w-]{43}$/), expect.stringMatching(/^sha256:/)]);

    // A state written before rules were texts (Kibana's copies as objects): no diff, and an edit is one import.
    const asObjects = { ...outs, rules: decodeRules(inputs.rules) };
    expect(await provider.diff!(id, asObjects, inputs)).toMatchObject({ changes: false });
    const edited = await checked({ rules: [rule(1, { severity: "high", risk_score: 73 }), rule(2)] });
    const from = emulator.kibana.requests().length;
    const { outs: after } = await provider.update!(id, asObjects, edited);
    expect(writes(callsSince(emulator.kibana, from))).toEqual([`POST ${RULES}/_import`]);
    expect(after.rules["bulk-001"]).toMatch(/^sha256:/);
    expect(await provider.diff!(id, after, edited)).toMatchObject({ changes: false });
  });

  it("a UI edit shows as drift of that rule on refresh, with one _find; an update after it is refused without overwrite", async () => {
    const { id, outs, inputs } = await createdSet(fifty.slice(0, 5));
    await kibanaFetch(emulator.kibana, "PATCH", RULES, { rule_id: "bulk-002", name: "Renamed in the UI" });
    const from = emulator.kibana.requests().length;
    const read = await provider.read!(id, outs);
    expect(callsSince(emulator.kibana, from)).toEqual([expect.objectContaining({ method: "GET", path: expect.stringContaining(`${RULES}/_find`) })]);
    expect(decodeRules(read.inputs!.rules)["bulk-002"]!.name).toBe("Renamed in the UI");
    // The outputs hold Kibana's copy of the drifted rule only; the others keep their digests.
    expect(JSON.parse(read.props!.rules["bulk-002"])).toMatchObject({ name: "Renamed in the UI" });
    expect(read.props!.rules["bulk-003"]).toBe(outs.rules["bulk-003"]);
    const news = await checked({ rules: fifty.slice(0, 5) }, read.inputs!);
    expect(await provider.diff!(id, read.props!, news)).toMatchObject({ changes: true });

    // Without the refresh, the state's copy is older than Kibana's: the edit is refused, by rule.
    const edited = fifty.slice(0, 5).map((r) => (r.rule_id === "bulk-002" ? { ...r, risk_score: 50 } : r));
    const error = await provider.update!(id, outs, await checked({ rules: edited }, inputs)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as ResourceInitError).reasons).toEqual([expect.stringMatching(/^rule_id "bulk-002": .*revision 0 → 1/)]);
    // The state keeps digests of the rule, not a copy: the revision says what changed, no field is named.
    expect((error as ResourceInitError).reasons[0]).not.toContain("fields now different");
    expect(((error as ResourceInitError).properties as Obj).rules["bulk-002"]).toEqual(outs.rules["bulk-002"]);

    // After the refresh, up puts the program's rule back: only that rule is written.
    const putBack = (await provider.update!(id, read.props!, news)).outs!;
    expect((await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=bulk-002`)).body.name).toBe("Rule 2");
    expect(putBack.kibana["bulk-003"]).toEqual(outs.kibana["bulk-003"]);
    expect(putBack.rules["bulk-002"]).toMatch(/^sha256:/);
  });

  it("a rule Kibana refuses at import is named, the rest applied, and the recorded state is what Kibana holds", async () => {
    const bad = rule(99, { timeline_id: "timeline-1" }); // Kibana: 'when "timeline_id" exists, "timeline_title" must also exist'
    const inputs = { ...(await checked({ rules: [rule(1), bad, rule(2)] })), __provider: "serialized" };
    const from = emulator.kibana.requests().length;
    const error = await provider.create(inputs).catch((e: unknown) => e);
    expect(writes(callsSince(emulator.kibana, from))).toEqual([`POST ${RULES}/_import`]);
    expect(error).toBeInstanceOf(ResourceInitError);
    const failed = error as ResourceInitError;
    expect(failed.message).toContain("1 rule(s) failed, 2 change(s) applied");
    expect(failed.reasons).toEqual(['rule_id "bulk-099": when "timeline_id" exists, "timeline_title" must also exist']);
    expect(Object.keys((failed.properties as Obj).rules)).toEqual(["bulk-001", "bulk-002"]);
    expect((failed.properties as Obj).__provider).toBe("serialized");
    expect((await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=bulk-099`)).status).toBe(404);
    // The next up retries only the failed rule: the diff still shows a change.
    expect(await provider.diff!(failed.id, failed.properties, inputs)).toMatchObject({ changes: true });
  });

  it("refuses a rule_id Kibana holds without the marker unless adopt, which takes it over with no write when unchanged", async () => {
    await kibanaFetch(emulator.kibana, "POST", RULES, rule(1));
    const error = await provider.create(await checked({ rules: [rule(1), rule(2)] })).catch((e: unknown) => e);
    expect((error as ResourceInitError).reasons).toEqual([expect.stringMatching(/^rule_id "bulk-001": already exists in Kibana .*adopt: true/)]);
    expect(Object.keys(((error as ResourceInitError).properties as Obj).rules)).toEqual(["bulk-002"]);

    await kibanaFetch(emulator.kibana, "DELETE", `${RULES}?rule_id=bulk-002`);
    const from = emulator.kibana.requests().length;
    const { outs } = await provider.create(await checked({ rules: [rule(1), rule(2)], adopt: true }));
    const imported = emulator.kibana
      .requests()
      .slice(from)
      .find((r) => r.path.startsWith(`${RULES}/_import`));
    expect(imported).toBeDefined();
    expect(Object.keys(outs.rules)).toEqual(["bulk-001", "bulk-002"]);
    expect(outs.kibana["bulk-001"].revision).toBe(0);
  });

  it("destroy deletes the set with one _bulk_action", async () => {
    const { id, outs } = await createdSet(fifty.slice(0, 10));
    const from = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    expect(writes(callsSince(emulator.kibana, from))).toEqual([`POST ${RULES}/_bulk_action`]);
    expect((await kibanaFetch(emulator.kibana, "GET", `${RULES}/_find?per_page=100`)).body.total).toBe(0);
  });
});

describe("importChunks", () => {
  it("splits at 10,000 rules and at the byte limit", () => {
    const small = Array.from({ length: 10_001 }, (_, i) => ({ rule_id: `r${i}` }));
    expect(importChunks(small).map((c) => c.split("\n").length - 1)).toEqual([10_000, 1]);
    const big = Array.from({ length: 3 }, (_, i) => ({ rule_id: `r${i}`, note: "x".repeat(4_000_000) }));
    expect(importChunks(big).map((c) => c.split("\n").length - 1)).toEqual([2, 1]);
  });
});

/** A created set: its id, outputs, and the checked inputs it was created from (what Pulumi's next check gets as olds). */
async function createdSet(rules: Obj[]): Promise<{ id: string; outs: Obj; inputs: Obj }> {
  const inputs = await checked({ rules });
  const { id, outs } = await provider.create(inputs);
  return { id, outs: outs as Obj, inputs };
}
