import { detectionRuleProvider as provider, resetRuleReadCache } from "./provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, startTestKibana, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

const emulator = useTestKibana(provider, resetRuleReadCache);

const base = { name: "Suspicious shell", description: "Detects shells", risk_score: 47, severity: "medium" };
const queryRule = { ...base, type: "query", query: "process.name:sh", index: ["logs-*"], rule_id: "shell-rule", tags: ["prod"] };

const { checked, created } = providerSteps(provider);

describe("check", () => {
  const reasons = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => `${f.property}|${f.reason}`);

  it("names the exact path, the value and the reason, with no HTTP call", async () => {
    const before = emulator.kibana.requests().length;
    expect(await reasons({ ...queryRule, risk_score: 150 })).toEqual(["|risk_score: Too big: expected number to be <=100 (value: 150)"]);
    expect(await reasons({ ...base, type: "eql", language: "eql" })).toContain("|query: required (string)");
    expect(
      await reasons({
        ...queryRule,
        threat: [{ framework: "MITRE ATT&CK", tactic: { id: 5, name: "Execution", reference: "https://attack.mitre.org/tactics/TA0002/" } }],
      }),
    ).toEqual(["|threat.0.tactic.id: Invalid input: expected string, received number (value: 5)"]);
    expect(await reasons({ ...queryRule, space_id: "Bad Space" })).toEqual([
      expect.stringMatching(/^\|space_id: must be a Kibana space id.* \(value: "Bad Space"\)$/),
    ]);
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("names an unknown key and suggests the nearest known one, at any depth", async () => {
    expect(await reasons({ ...queryRule, max_signal: 200 })).toEqual(["|max_signal: unknown argument; did you mean `max_signals`? (value: 200)"]);
    expect(await reasons({ ...queryRule, tagz: ["x"] })).toEqual(['|tagz: unknown argument; did you mean `tags`? (value: ["x"])']);
    expect(await reasons({ ...queryRule, spaceId: "soc" })).toEqual(['|spaceId: unknown argument; did you mean `space_id`? (value: "soc")']);
    expect(await reasons({ ...queryRule, threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0002", name: "Execution", refrence: "r" } }] })).toEqual([
      "|threat.0.tactic.reference: required (string)",
      '|threat.0.tactic.refrence: unknown key; did you mean `reference`? (value: "r")',
    ]);
    // Only the keys of the rule's own type are offered: `new_terms_fields` belongs to new_terms rules.
    expect(await reasons({ ...queryRule, new_terms_field: ["host.name"] })).toEqual([expect.stringMatching(/^\|new_terms_field: unknown argument \(value/)]);
    expect(await reasons({ ...queryRule, type: "querry" })).toEqual([
      expect.stringMatching(/^\|type: Invalid discriminator value.*; did you mean `query`\? \(value: "querry"\)$/),
    ]);
    expect(await reasons({ ...queryRule, severity: "critcal" })).toEqual([
      expect.stringMatching(/^\|severity: Invalid option.*; did you mean `critical`\? \(value: "critcal"\)$/),
    ]);
  });

  it("reports every problem of a rule at once", async () => {
    const res = await reasons({
      ...queryRule,
      risk_score: "high",
      max_signal: 5,
      interval: 5,
      threat: [{ framework: "MITRE ATT&CK", tactic: { id: 1, name: "n", reference: "r" } }],
      adopt: "yes",
    });
    expect(res.sort()).toEqual(
      [
        '|adopt: must be a boolean (value: "yes")',
        '|risk_score: Invalid input: expected number, received string (value: "high")',
        "|interval: Invalid input: expected string, received number (value: 5)",
        "|threat.0.tactic.id: Invalid input: expected string, received number (value: 1)",
        "|max_signal: unknown argument; did you mean `max_signals`? (value: 5)",
      ].sort(),
    );
  });

  it("says which types a union accepts, once", async () => {
    const ml = { ...base, type: "machine_learning", anomaly_threshold: 50, machine_learning_job_id: 5 };
    expect(await reasons(ml)).toEqual(["|machine_learning_job_id: Invalid input: expected string or array, received number (value: 5)"]);
    // A string of the wrong form: the branch with the right type speaks, the array branch stays quiet.
    expect(await reasons({ ...queryRule, throttle: "sometimes" })).toEqual([expect.stringMatching(/^\|throttle: .*interval like 1h \(value: "sometimes"\)$/)]);
  });

  it("never shows the connection's value", async () => {
    const secret = "ApiKey-S3cret";
    const all = [
      ...(await reasons({ ...queryRule, connection: secret })),
      ...(await reasons({ ...queryRule, connection: { endpoint: "https://k", apiKey: secret, pasword: secret } })),
    ];
    expect(all).toEqual([
      "|connection: must be an object with endpoint and credentials (value not shown: secret)",
      "|connection.pasword: unknown key; did you mean `password`? (value not shown: secret)",
    ]);
  });

  it("explains the detection-rules repository new_terms shape", async () => {
    const res = await provider.check!(
      {},
      {
        ...base,
        type: "new_terms",
        query: "x",
        new_terms: { field: "new_terms_fields", value: ["host.id"] },
      },
    );
    expect(res.failures?.some((f) => /^new_terms: unknown argument — .*fromDetectionRulesToml/.test(f.reason))).toBe(true);
  });

  it("fills Kibana's defaults and normalises what Kibana rewrites", async () => {
    const inputs = await checked({
      ...base,
      type: "threshold",
      query: "*",
      threshold: { field: "host.name", value: 5 },
      throttle: "1h",
      actions: [{ action_type_id: ".webhook", id: "c1", params: {} }],
      required_fields: [{ name: "host.name", type: "keyword", ecs: true }],
    });
    expect(inputs).toMatchObject({ enabled: false, interval: "5m", from: "now-6m", max_signals: 100, space_id: "default", language: "kuery" });
    expect(inputs.threshold.field).toEqual(["host.name"]);
    expect(inputs.required_fields).toEqual([{ name: "host.name", type: "keyword" }]);
    expect(inputs.actions[0].frequency).toEqual({ summary: true, notifyWhen: "onThrottleInterval", throttle: "1h" });
    expect(inputs).not.toHaveProperty("throttle");
    expect(typeof inputs.rule_id).toBe("string");
  });

  it("keeps a generated rule_id stable across checks", async () => {
    const first = await checked({ ...base, type: "query" });
    const second = await checked({ ...base, type: "query", severity: "high" }, first);
    expect(second.rule_id).toBe(first.rule_id);
  });

  it("tolerates unknown values during preview but still checks the known ones", async () => {
    const res = await provider.check!({}, { ...queryRule, exceptions_list: UNKNOWN, name: UNKNOWN });
    expect(res.failures ?? []).toEqual([]);
    const bad = await provider.check!({}, { ...queryRule, exceptions_list: UNKNOWN, risk_score: -1 });
    expect(bad.failures?.map((f) => f.reason)).toEqual([expect.stringMatching(/^risk_score: /)]);
  });
});

describe("create / read / update / delete", () => {
  it("creates with exactly one call and shows no diff right after", async () => {
    const before = emulator.kibana.requests().length;
    const { id, inputs, outs } = await created(queryRule);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "POST", path: "/api/detection_engine/rules", status: 200 }]);
    expect(outs).toMatchObject({ rule_id: "shell-rule", revision: 0, created_by: "elastic", space_id: "default" });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false, replaces: [] });
  });

  it("refresh shows no diff, then reports an out-of-band edit and a deletion", async () => {
    const { id, inputs, outs } = await created(queryRule);
    resetRuleReadCache();
    const fresh = await provider.read!(id, outs);
    expect(fresh.id).toBe(id);
    expect(await provider.diff!(id, fresh.props!, inputs)).toMatchObject({ changes: false });

    await kibanaFetch(emulator.kibana, "PATCH", "/api/detection_engine/rules", { rule_id: "shell-rule", tags: [], severity: "high" });
    resetRuleReadCache();
    const drifted = await provider.read!(id, fresh.props!);
    expect(drifted.props).toMatchObject({ tags: [], severity: "high", revision: 1 });
    expect(drifted.inputs).toMatchObject({ tags: [], severity: "high" });
    expect(drifted.inputs).not.toHaveProperty("revision");
    expect(await provider.diff!(id, drifted.props!, inputs)).toMatchObject({ changes: true, replaces: [] });

    await kibanaFetch(emulator.kibana, "DELETE", "/api/detection_engine/rules?rule_id=shell-rule");
    resetRuleReadCache();
    expect(await provider.read!(id, drifted.props!)).toEqual({});
  });

  it("reads many rules of a space with one _find", async () => {
    const made: { id: string; outs: Obj }[] = [];
    for (let i = 0; i < 40; i++) made.push(await created({ ...queryRule, rule_id: `r-${i}`, name: `rule ${i}` }));
    resetRuleReadCache();
    const before = emulator.kibana.requests().length;
    const reads = await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    expect(reads.every((r, i) => r.id === made[i].id)).toBe(true);
    const calls = callsSince(emulator.kibana, before);
    expect(calls).toEqual([{ method: "GET", path: "/api/detection_engine/rules/_find", status: 200 }]);
  });

  it("updates with one PUT (after the space's one _find, for the concurrent-edit check) and bumps revision", async () => {
    const { id, inputs, outs } = await created(queryRule);
    const news = await checked({ ...queryRule, severity: "high", risk_score: 73 }, inputs);
    const d = await provider.diff!(id, outs, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([
      { method: "GET", path: "/api/detection_engine/rules/_find", status: 200 },
      { method: "PUT", path: "/api/detection_engine/rules", status: 200 },
    ]);
    expect(updated.outs).toMatchObject({ severity: "high", revision: 1 });
    expect(await provider.diff!(id, updated.outs, news)).toMatchObject({ changes: false });
  });

  it("replaces (delete before replace) on rule_id, type or space change", async () => {
    const { id, inputs, outs } = await created(queryRule);
    for (const [change, key] of [
      [{ rule_id: "new-id" }, "rule_id"],
      [{ space_id: "soc" }, "space_id"],
      [{ type: "eql", language: "eql", query: 'process where process.name == "sh"' }, "type"],
    ] as const) {
      const news = await checked({ ...queryRule, ...change }, inputs);
      expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [key], deleteBeforeReplace: true });
    }
  });

  it("deletes with exactly one call; a missing rule counts as deleted", async () => {
    const { id, outs } = await created(queryRule);
    const before = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    expect(callsSince(emulator.kibana, before)).toEqual([
      { method: "DELETE", path: "/api/detection_engine/rules", status: 200 },
      { method: "DELETE", path: "/api/detection_engine/rules", status: 404 },
    ]);
  });

  it("fails on an existing rule_id with a message that says how to adopt, and adopts on request", async () => {
    await kibanaFetch(emulator.kibana, "POST", "/api/detection_engine/rules", { ...queryRule, severity: "low", tags: ["ui"] });
    const inputs = await checked(queryRule);
    await expect(provider.create(inputs)).rejects.toThrow(/already exists.*adopt: true/s);
    const adopted = await provider.create(await checked({ ...queryRule, adopt: true }));
    expect(adopted.outs).toMatchObject({ severity: "medium", tags: ["prod"], adopt: true });
  });

  it("update of a rule deleted out of band says to refresh", async () => {
    const { id, inputs, outs } = await created(queryRule);
    await kibanaFetch(emulator.kibana, "DELETE", "/api/detection_engine/rules?rule_id=shell-rule");
    await expect(provider.update!(id, outs, { ...inputs, severity: "high" })).rejects.toThrow(/pulumi refresh/);
  });

  it("works in a non-default space and keeps spaces apart", async () => {
    const { id, outs } = await created({ ...queryRule, space_id: "soc" });
    expect(emulator.kibana.requests().at(-1)?.path).toBe("/s/soc/api/detection_engine/rules");
    expect((await kibanaFetch(emulator.kibana, "GET", "/api/detection_engine/rules?rule_id=shell-rule")).status).toBe(404);
    resetRuleReadCache();
    expect((await provider.read!(id, outs)).props).toMatchObject({ space_id: "soc" });
  });

  it("a resource's connection overrides the stack config", async () => {
    const other = await startTestKibana();
    try {
      const { outs } = await created({ ...queryRule, connection: { endpoint: other.url, apiKey: other.apiKey } });
      expect(outs.connection).toEqual({ endpoint: other.url, apiKey: other.apiKey });
      expect(other.requests().map((r) => r.method)).toEqual(["POST"]);
      expect((await kibanaFetch(emulator.kibana, "GET", "/api/detection_engine/rules?rule_id=shell-rule")).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe("every rule type round-trips without a diff", () => {
  const types: Obj[] = [
    { type: "query", query: "a:b", index: ["logs-*"] },
    { type: "saved_query", saved_id: "s1", index: ["logs-*"] },
    { type: "eql", language: "eql", query: "process where true", index: ["logs-*"] },
    { type: "esql", language: "esql", query: "FROM logs-* | LIMIT 1" },
    { type: "threshold", query: "*", index: ["logs-*"], threshold: { field: "host.name", value: 10, cardinality: [{ field: "user.name", value: 2 }] } },
    {
      type: "threat_match",
      query: "*",
      index: ["logs-*"],
      threat_index: ["ti-*"],
      threat_query: "*",
      threat_mapping: [{ entries: [{ field: "source.ip", type: "mapping", value: "threat.indicator.ip" }] }],
    },
    { type: "machine_learning", anomaly_threshold: 50, machine_learning_job_id: "job-a" },
    { type: "new_terms", query: "*", index: ["logs-*"], new_terms_fields: ["host.name"], history_window_start: "now-7d" },
  ];
  it.each(types.map((t) => [t.type, t]))("%s", async (_type, fields) => {
    const { id, inputs, outs } = await created({ ...base, rule_id: `rt-${fields.type}`, ...fields });
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
    resetRuleReadCache();
    const read = await provider.read!(id, outs);
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: false });
  });
});
