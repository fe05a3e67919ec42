import { ruleQueryCheck } from "../../src/policies";
import { UNKNOWN } from "../../src/util/props";
import { check, res, rule } from "../helpers";

// Valid rules written for these tests, as Kibana's create body plus the defaults check fills.
const corpusRule = {
  rule_id: "esac-valid-kql",
  name: "Mailbox forwarding rule created",
  description: "A user created a rule that forwards mail outside the organisation.",
  risk_score: 21,
  severity: "low",
  type: "query",
  language: "kuery",
  query: 'event.dataset: o365.audit and event.action: "New-InboxRule" and o365.audit.Parameters.ForwardTo: *\n',
  index: ["logs-o365.audit-*"],
  from: "now-70m",
  interval: "10m",
};
const corpusEql = {
  rule_id: "esac-valid-eql",
  name: "Script host started by an office application",
  description: "An office application started a script host.",
  risk_score: 47,
  severity: "medium",
  type: "eql",
  language: "eql",
  query:
    'process where event.type == "start" and\n  process.parent.name : ("winword.exe", "excel.exe") and\n' +
    '  process.name : ("wscript.exe", "cscript.exe", "mshta.exe")\n',
  from: "now-9m",
  interval: "5m",
};
const typo = { ...corpusRule, rule_id: "typo", name: "Typo", query: 'event.acton: "New-InboxRule"' };
const gap = { ...corpusRule, rule_id: "gap", name: "Gap", interval: "1h", from: "now-6m" };
// The rule's o365.* field comes from the integration, not ECS: declared as the team would.
const workspace = { customFields: ["o365.*"] };
const broken = { ...corpusEql, rule_id: "broken", name: "Broken", query: "process where (((" };

describe("rule-query-check", () => {
  it("is advisory by default, over DetectionRule and DetectionRules", () => {
    expect(ruleQueryCheck.enforcementLevel).toBe("advisory");
    expect(ruleQueryCheck.types).toEqual(["pulumi-nodejs:dynamic/esac:DetectionRule", "pulumi-nodejs:dynamic/esac:DetectionRules"]);
  });

  it("passes clean rules, once the integration's fields are declared", () => {
    expect(check(ruleQueryCheck, rule(corpusRule), workspace)).toEqual([]);
    expect(check(ruleQueryCheck, rule({ ...corpusRule, required_fields: [{ name: "o365.audit.Parameters.ForwardTo", type: "keyword" }] }))).toEqual([]);
    expect(check(ruleQueryCheck, rule(corpusRule))).toEqual([expect.stringMatching(/: query: field "o365\.audit\.Parameters\.ForwardTo" is not in ECS/)]);
    expect(check(ruleQueryCheck, rule(corpusEql))).toEqual([]);
  });

  it("reports an unknown field, naming the rule, the argument and the field", () => {
    expect(check(ruleQueryCheck, rule(typo))).toEqual([expect.stringMatching(/^rule "Typo" \(rule_id typo\): query: field "event\.acton" is not in ECS/)]);
  });

  it("reports a look-back gap on `from`", () => {
    expect(check(ruleQueryCheck, rule(gap), workspace)).toEqual([expect.stringMatching(/^rule "Gap" \(rule_id gap\): from: .*"now-6m".*"1h"/)]);
  });

  it("reports a broken query as an error, with line and column", () => {
    expect(check(ruleQueryCheck, rule(broken))).toEqual([
      expect.stringMatching(/^rule "Broken" \(rule_id broken\): query: EQL syntax error at line 1, column 18: .*\(error: the rule cannot run as written\)$/),
    ]);
  });

  it("follows customFields, checkFields and exemptRuleIds", () => {
    expect(check(ruleQueryCheck, rule(typo), { customFields: ["event.acton"] })).toEqual([]);
    expect(check(ruleQueryCheck, rule(typo), { customFields: ["event.*"] })).toEqual([]);
    expect(check(ruleQueryCheck, rule(typo), { checkFields: false })).toEqual([]);
    expect(check(ruleQueryCheck, rule(gap), { checkFields: false })).toEqual([expect.stringMatching(/: from: /)]);
    expect(check(ruleQueryCheck, rule(broken), { exemptRuleIds: ["broken"] })).toEqual([]);
  });

  it("checks each rule of a DetectionRules set (its checked `rules` record), naming the set", () => {
    const set = res("DetectionRules", "soc", { rules: { [corpusRule.rule_id]: corpusRule, typo, gap, [corpusEql.rule_id]: corpusEql }, space_id: "default" });
    expect(check(ruleQueryCheck, set, workspace)).toEqual([
      expect.stringMatching(/^rule "Typo" \(rule_id typo\) in DetectionRules "soc": query: field "event\.acton"/),
      expect.stringMatching(/^rule "Gap" \(rule_id gap\) in DetectionRules "soc": from: /),
    ]);
  });

  it("reads a set's rules given as JSON text", () => {
    const set = res("DetectionRules", "soc", { rules: { typo: JSON.stringify(typo), [corpusEql.rule_id]: JSON.stringify(corpusEql) } });
    expect(check(ruleQueryCheck, set)).toEqual([expect.stringMatching(/^rule "Typo" \(rule_id typo\) in DetectionRules "soc": query: field "event\.acton"/)]);
  });

  it("leaves rules still unknown at preview for `pulumi up`", () => {
    expect(check(ruleQueryCheck, rule({ ...typo, query: UNKNOWN }))).toEqual([]);
    expect(check(ruleQueryCheck, res("DetectionRules", "soc", { rules: UNKNOWN }))).toEqual([]);
    expect(check(ruleQueryCheck, res("DetectionRules", "soc", { rules: { typo: { ...typo, name: UNKNOWN }, gap } }), workspace)).toEqual([
      expect.stringMatching(/rule_id gap/),
    ]);
  });
});
