/**
 * Pins the rule defaults the provider normalises with (and the emulator fills) to Kibana's own source, so a wrong
 * default cannot hide behind agreement between esac's packages (issue 11 item 5). The literals are Kibana's:
 * - `RULE_DEFAULTS` and the per-type `setTypeSpecificDefaults` of x-pack/solutions/security/plugins/security_solution/
 *   server/lib/detection_engine/rule_management/logic/detection_rules_client/mergers/apply_rule_defaults.ts
 *   (elastic/kibana commit 45e95777; `DEFAULT_MAX_SIGNALS` = 100, `DEFAULT_INDICATOR_SOURCE_PATH` = "threat.indicator");
 * - `getSimpleRuleOutput` of x-pack/solutions/security/test/security_solution_api_integration/test_suites/
 *   detections_response/utils/rules/get_simple_rule_output.ts (commit b21a7e7f): what a created query rule returns.
 */
import { applyRuleDefaults, RULE_DEFAULTS, RULE_TYPE_DEFAULTS } from "./defaults";
import { RULE_TYPES } from "./schema";

describe("rule defaults pinned to Kibana's source", () => {
  it("RULE_DEFAULTS is apply_rule_defaults.ts RULE_DEFAULTS, entry for entry", () => {
    expect(RULE_DEFAULTS).toEqual({
      enabled: false,
      risk_score_mapping: [],
      severity_mapping: [],
      interval: "5m",
      to: "now",
      from: "now-6m",
      exceptions_list: [],
      false_positives: [],
      max_signals: 100,
      actions: [],
      related_integrations: [],
      required_fields: [],
      setup: "",
      references: [],
      threat: [],
      tags: [],
      author: [],
      output_index: "",
      version: 1,
    });
  });

  it("type defaults are setTypeSpecificDefaults' `??` fallbacks: language kuery, query '' (query rules), threat.indicator", () => {
    expect(RULE_TYPE_DEFAULTS).toEqual({
      query: { language: "kuery", query: "" },
      saved_query: { language: "kuery" },
      eql: {},
      esql: {},
      threshold: { language: "kuery" },
      threat_match: { language: "kuery", threat_indicator_path: "threat.indicator" },
      machine_learning: {},
      new_terms: { language: "kuery" },
    });
    expect(Object.keys(RULE_TYPE_DEFAULTS).sort()).toEqual([...RULE_TYPES].sort());
  });

  it("a getSimpleRule body with the defaults applied is getSimpleRuleOutput minus the server's own fields", () => {
    const getSimpleRule = {
      name: "Simple Rule Query",
      description: "Simple Rule Query",
      enabled: false,
      risk_score: 1,
      rule_id: "rule-1",
      severity: "high" as const,
      index: ["auditbeat-*"],
      type: "query" as const,
      query: "user.name: root or user.name: admin",
    };
    // getSimpleRuleOutput without what the server adds on its own (users, immutable, rule_source, revision).
    expect(applyRuleDefaults(getSimpleRule)).toEqual({
      actions: [],
      author: [],
      description: "Simple Rule Query",
      enabled: false,
      false_positives: [],
      from: "now-6m",
      interval: "5m",
      rule_id: "rule-1",
      output_index: "",
      max_signals: 100,
      related_integrations: [],
      required_fields: [],
      risk_score: 1,
      risk_score_mapping: [],
      name: "Simple Rule Query",
      references: [],
      setup: "",
      severity: "high",
      severity_mapping: [],
      tags: [],
      to: "now",
      threat: [],
      exceptions_list: [],
      version: 1,
      index: ["auditbeat-*"],
      language: "kuery",
      query: "user.name: root or user.name: admin",
      type: "query",
    });
  });
});
