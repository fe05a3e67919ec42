import { checkRuleQueries } from "./check";
import { ruleQueryTexts } from "./queries";

describe("ruleQueryTexts", () => {
  it("takes the language from the rule type for eql and esql, from `language` otherwise, kuery by default", () => {
    expect(ruleQueryTexts({ type: "eql", language: "kuery", query: "any where true" })).toEqual([{ field: "query", language: "eql", text: "any where true" }]);
    expect(ruleQueryTexts({ type: "query", query: "a:b" })).toEqual([{ field: "query", language: "kuery", text: "a:b" }]);
    expect(ruleQueryTexts({ type: "query", language: "lucene", query: "a:b" })).toEqual([{ field: "query", language: "lucene", text: "a:b" }]);
    expect(ruleQueryTexts({ type: "threat_match", query: "*:*", threat_query: "x:y", threat_language: "lucene" })).toEqual([
      { field: "query", language: "kuery", text: "*:*" },
      { field: "threat_query", language: "lucene", text: "x:y" },
    ]);
    expect(ruleQueryTexts({ type: "machine_learning", query: "ignored(" })).toEqual([]);
    expect(ruleQueryTexts({ type: "query", query: "  " })).toEqual([]);
  });
});

describe("checkRuleQueries: syntax", () => {
  it("reports the issue's three broken queries as errors naming the field, with line and column", () => {
    const findings = [
      ...checkRuleQueries({ type: "query", language: "kuery", query: 'process.name:("a" or' }),
      ...checkRuleQueries({ type: "eql", query: "process where (((" }),
      ...checkRuleQueries({ type: "esql", query: "FROM | STATS" }),
    ];
    expect(findings.map((f) => [f.severity, f.kind, f.field, f.position?.line, f.position?.column])).toEqual([
      ["error", "syntax", "query", 1, 19],
      ["error", "syntax", "query", 1, 18],
      ["error", "syntax", "query", 1, 6],
    ]);
    expect(findings[0]!.message).toMatch(/^KQL syntax error at line 1, column 19: /);
    expect(findings[2]!.message).toMatch(/^ES\|QL syntax error at line 1, column 6: /);
  });

  it("checks an indicator match rule's threat_query in its own language", () => {
    const findings = checkRuleQueries({ type: "threat_match", query: "*:*", threat_query: "threat.indicator.ip:(", threat_language: "kuery" });
    expect(findings.map((f) => f.field)).toEqual(["threat_query"]);
  });

  it("finds nothing in valid queries", () => {
    expect(checkRuleQueries({ type: "query", query: "process.name:cmd.exe and not user.name:SYSTEM" })).toEqual([]);
    expect(checkRuleQueries({ type: "eql", query: 'sequence by host.id [process where process.name == "a"] [network where true]' })).toEqual([]);
    expect(checkRuleQueries({ type: "esql", query: "FROM logs-* METADATA _id | WHERE event.risk_score > 1" })).toEqual([]);
  });
});

describe("checkRuleQueries: fields against ECS", () => {
  const unknown = (rule: Record<string, unknown>, options = {}) =>
    checkRuleQueries(rule, options)
      .filter((f) => f.kind === "unknown-field")
      .map((f) => [f.severity, f.field, f.message, f.position?.column]);

  it("warns once per field per query, at its first use, naming the ECS release", () => {
    expect(unknown({ type: "query", query: "proces.name:a or proces.name:b or host.name:c" })).toEqual([
      ["warning", "query", 'field "proces.name" is not in ECS 9.4, the rule\'s required_fields or the custom fields', 1],
    ]);
  });

  it("is an error in strict mode, and uses the 8.11 release for an 8.x target", () => {
    // gen_ai.* came with ECS 9: unknown to 8.11, known to 9.4.
    const rule = { type: "eql", query: 'any where gen_ai.system == "openai"' };
    expect(unknown(rule, { ecsVersion: "9.4" })).toEqual([]);
    expect(unknown(rule, { ecsVersion: "8.19", strictFields: true })).toEqual([
      ["error", "query", 'field "gen_ai.system" is not in ECS 8.11, the rule\'s required_fields or the custom fields', 11],
    ]);
  });

  it("knows required_fields, custom fields (exact and prefix*), metadata fields, multi-fields, caseless, parent objects and open objects", () => {
    const rule = {
      type: "query",
      required_fields: [{ name: "okta.event_type", type: "keyword" }],
      query:
        "okta.event_type:x and acme.team:y and corp.user.id:z and _id:1 and process.command_line.text:a and process.name.caseless:b " +
        "and process.parent:* and labels.owner:c and process.*:d",
    };
    expect(unknown(rule, { customFields: ["acme.team", "corp.*"] })).toEqual([]);
    expect(unknown(rule).map((u) => u[2])).toEqual([
      'field "acme.team" is not in ECS 9.4, the rule\'s required_fields or the custom fields',
      'field "corp.user.id" is not in ECS 9.4, the rule\'s required_fields or the custom fields',
    ]);
  });

  it("accepts a wildcard field only when it matches a field; checks EQL ?optional fields", () => {
    expect(unknown({ type: "query", language: "lucene", query: "nothere.\\*:x AND process.\\*:y" }).map((u) => u[2])).toEqual([
      'field "nothere.*" is not in ECS 9.4, the rule\'s required_fields or the custom fields',
    ]);
    expect(unknown({ type: "eql", query: "process where ?process.nope == 1" }).map((u) => u[3])).toEqual([15]);
  });

  it("checks ES|QL source columns but not the ones the pipeline creates", () => {
    const rule = { type: "esql", query: 'FROM logs-* METADATA _id | EVAL n = TO_LOWER(process.nam) | WHERE n == "x" | KEEP n, _id' };
    expect(unknown(rule).map((u) => u[2])).toEqual(['field "process.nam" is not in ECS 9.4, the rule\'s required_fields or the custom fields']);
  });

  it("checks the field arguments of threshold, new_terms (both shapes) and threat_match rules", () => {
    expect(
      unknown({ type: "threshold", query: "*", threshold: { field: ["host.nam"], value: 5, cardinality: [{ field: "user.nam", value: 2 }] } }).map((u) => u[1]),
    ).toEqual(["threshold.field", "threshold.cardinality.field"]);
    expect(unknown({ type: "new_terms", query: "*", new_terms_fields: ["host.name", "x.y"] }).map((u) => u[1])).toEqual(["new_terms_fields"]);
    expect(unknown({ type: "new_terms", query: "*", new_terms: { field: "new_terms_fields", value: ["x.y"] } }).map((u) => u[1])).toEqual(["new_terms_fields"]);
    const threat = {
      type: "threat_match",
      query: "*:*",
      threat_mapping: [{ entries: [{ field: "source.ipp", type: "mapping", value: "threat.indicator.ipp" }] }],
    };
    expect(unknown(threat).map((u) => u[1])).toEqual(["threat_mapping.entries.field", "threat_mapping.entries.value"]);
  });
});

describe("checkRuleQueries: look-back gap", () => {
  const gaps = (rule: Record<string, unknown>) => checkRuleQueries({ type: "query", query: "host.name:a", ...rule }).filter((f) => f.kind === "lookback-gap");

  it("warns on the issue's rule (interval 1h, from now-6m), naming from", () => {
    const [gap, ...rest] = gaps({ interval: "1h", from: "now-6m" });
    expect(rest).toEqual([]);
    expect(gap).toMatchObject({ severity: "warning", kind: "lookback-gap", field: "from" });
    expect(gap!.message).toBe(
      'the look-back from "now-6m" to "now" (6m) is shorter than the interval "1h": 54m of events between runs are never searched; set from to "now-61m" or earlier',
    );
  });

  it("accepts Kibana's defaults, an equal look-back, a `to` in the past that still covers, and skips what it cannot compute", () => {
    expect(gaps({})).toEqual([]);
    expect(gaps({ interval: "5m", from: "now-5m" })).toEqual([]);
    expect(gaps({ interval: "1h", from: "now-2h", to: "now-30m" })).toEqual([]);
    expect(gaps({ interval: "1h", from: "now-1h", to: "now-30m" })).toHaveLength(1);
    expect(gaps({ interval: "1h", from: "now/d" })).toEqual([]);
    expect(gaps({ interval: "10m" })).toHaveLength(1);
  });
});

describe("checkRuleQueries: ES|QL METADATA _id", () => {
  const metadata = (query: string, ecsVersion?: string) =>
    checkRuleQueries({ type: "esql", query: query }, { ecsVersion })
      .filter((f) => f.kind === "esql-metadata")
      .map((f) => [f.severity, f.position?.column]);

  it("warns (never blocks: Kibana runs it) of a non-aggregating query without METADATA _id on a Kibana before 9.4", () => {
    expect(metadata('FROM logs-* | WHERE host.name == "a"', "9.3")).toEqual([["warning", 1]]);
    expect(metadata('FROM logs-* METADATA _index | WHERE host.name == "a"', "8.19")).toEqual([["warning", 1]]);
    expect(metadata("FROM logs-* | INLINE STATS c = COUNT(*) BY host.name", "8.19")).toEqual([["warning", 1]]);
  });

  it("accepts METADATA _id, a top-level STATS, and any query on 9.4+ (Kibana injects _id) or the newest", () => {
    expect(metadata('FROM logs-* METADATA _id, _index | WHERE host.name == "a"', "8.19")).toEqual([]);
    expect(metadata("FROM logs-* | STATS c = COUNT(*) BY host.name", "8.19")).toEqual([]);
    expect(metadata('FROM logs-* | WHERE host.name == "a"', "9.4")).toEqual([]);
    expect(metadata('FROM logs-* | WHERE host.name == "a"')).toEqual([]);
  });
});

describe("checkRuleQueries: threshold fields", () => {
  it("warns when the threshold groups by a text field, not a keyword one", () => {
    const findings = checkRuleQueries({
      type: "threshold",
      query: "*",
      threshold: { field: ["message", "host.name"], value: 5, cardinality: [{ field: "process.command_line.text", value: 2 }] },
    }).filter((f) => f.kind === "threshold-field");
    expect(findings.map((f) => [f.severity, f.field, f.message])).toEqual([
      ["warning", "threshold.field", expect.stringMatching(/^field "message" is of type match_only_text in ECS 9\.4, which cannot be aggregated/)],
      ["warning", "threshold.cardinality.field", expect.stringMatching(/^field "process.command_line.text" is of type match_only_text/)],
    ]);
  });
});
