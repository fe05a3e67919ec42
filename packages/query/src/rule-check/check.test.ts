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
    expect(checkRuleQueries({ type: "esql", query: "FROM logs-* METADATA _id | WHERE x > 1" })).toEqual([]);
  });
});
