import {
  ruleEnabledInProduction,
  ruleInvestigationGuide,
  ruleLookbackCoversInterval,
  ruleMaxSignalsSane,
  ruleMitreMapping,
  ruleNoCatchAllIndex,
  ruleNoPlaceholderText,
  ruleSeverityMatchesRiskScore,
} from "../../src/policies";
import { esqlSources, isCatchAllPattern } from "../../src/policies/rule-no-catch-all-index";
import { attack, check, context, rule } from "../helpers";

describe("rule-mitre-mapping", () => {
  it("passes a rule mapped to a tactic and technique", () => {
    expect(check(ruleMitreMapping, rule())).toEqual([]);
  });
  it("passes a tactic-only mapping unless techniques are required", () => {
    const r = rule({ threat: [attack("TA0002")] });
    expect(check(ruleMitreMapping, r)).toEqual([]);
    expect(check(ruleMitreMapping, r, { requireTechnique: true })).toEqual([expect.stringContaining("no technique")]);
  });
  it("fails a rule with an empty threat", () => {
    expect(check(ruleMitreMapping, rule({ threat: [] }))).toEqual([
      expect.stringMatching(/^rule "Discovery commands from a service account" \(rule_id esac-test-rule\) has no MITRE ATT&CK mapping/),
    ]);
    expect(check(ruleMitreMapping, rule({ threat: undefined }))).toHaveLength(1);
  });
  it("exempts building blocks, exempt rule_ids and tags", () => {
    expect(check(ruleMitreMapping, rule({ threat: [], building_block_type: "default" }))).toEqual([]);
    expect(check(ruleMitreMapping, rule({ threat: [] }), { exemptRuleIds: ["esac-test-rule"] })).toEqual([]);
    expect(check(ruleMitreMapping, rule({ threat: [], tags: ["Hunting"] }), { exemptTags: ["Hunting"] })).toEqual([]);
  });
  it("fails mappings to other frameworks only, and malformed ids", () => {
    expect(check(ruleMitreMapping, rule({ threat: [{ ...attack("TA0002"), framework: "Custom" }] }))).toEqual([
      expect.stringContaining('not to "MITRE ATT&CK"'),
    ]);
    expect(check(ruleMitreMapping, rule({ threat: [attack("Execution", "T1059")] }))).toEqual([expect.stringContaining('tactic.id "Execution" is not')]);
    expect(check(ruleMitreMapping, rule({ threat: [attack("TA0002", "T1059.001")] }))).toEqual([expect.stringContaining("technique[0].id")]);
    expect(check(ruleMitreMapping, rule({ threat: [attack("TA0002", "T1059", "T1003.001")] }))).toEqual([
      expect.stringContaining("is not a sub-technique of T1059"),
    ]);
    expect(check(ruleMitreMapping, rule({ threat: [attack("TA0002", "T1059", "T1059.001")] }))).toEqual([]);
    // Entries are numbered as in the rule, other frameworks included.
    expect(check(ruleMitreMapping, rule({ threat: [{ framework: "Custom" }, attack("TA02")] }))).toEqual([
      expect.stringContaining('threat[1].tactic.id "TA02" is not'),
    ]);
  });
});

describe("rule-severity-matches-risk-score", () => {
  it.each([
    ["low", 0],
    ["low", 21],
    ["medium", 22],
    ["medium", 47],
    ["high", 48],
    ["high", 73],
    ["critical", 74],
    ["critical", 100],
  ])("passes %s with risk_score %d (band edge)", (severity, risk_score) => {
    expect(check(ruleSeverityMatchesRiskScore, rule({ severity, risk_score }))).toEqual([]);
  });
  it.each([
    ["low", 22, "medium"],
    ["medium", 21, "low"],
    ["medium", 48, "high"],
    ["high", 47, "medium"],
    ["high", 74, "critical"],
    ["critical", 73, "high"],
  ])("fails %s with risk_score %d (in the %s band)", (severity, risk_score, band) => {
    const [message] = check(ruleSeverityMatchesRiskScore, rule({ severity, risk_score }));
    expect(message).toContain(`has severity "${severity}" but risk_score ${risk_score}, which is in the "${band}" band`);
  });
  it("fails a missing or out-of-range risk score", () => {
    expect(check(ruleSeverityMatchesRiskScore, rule({ risk_score: 101 }))).toEqual([expect.stringContaining("not a number from 0 to 100")]);
    expect(check(ruleSeverityMatchesRiskScore, rule({ severity: "urgent" }))).toEqual([expect.stringContaining("is not one of low")]);
  });
});

describe("rule-lookback-covers-interval", () => {
  it("passes Kibana's defaults and windows at least as long as the interval", () => {
    expect(check(ruleLookbackCoversInterval, rule({ interval: undefined, from: undefined, to: undefined }))).toEqual([]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "1h", from: "now-65m" }))).toEqual([]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "10m", from: "now-10m" }))).toEqual([]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "1d", from: "now-1d/d" }))).toEqual([]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "5m", from: "now-11m", to: "now-5m" }))).toEqual([]);
  });
  it("fails a window shorter than the interval, naming the gap and the fix", () => {
    expect(check(ruleLookbackCoversInterval, rule({ interval: "10m", from: "now-6m" }))).toEqual([
      'rule "Discovery commands from a service account" (rule_id esac-test-rule) runs every 10m but searches only 6m (from "now-6m" to "now"): 4m of events per run are never searched. Set from to "now-10m" or earlier.',
    ]);
    // A delayed window (`to` in the past) shortens it.
    expect(check(ruleLookbackCoversInterval, rule({ interval: "5m", from: "now-6m", to: "now-2m" }))).toEqual([
      expect.stringContaining('Set from to "now-7m" or earlier'),
    ]);
  });
  it("applies the configured margin and minimum interval", () => {
    expect(check(ruleLookbackCoversInterval, rule({ interval: "5m", from: "now-5m" }), { minAdditionalLookback: "1m" })).toEqual([
      expect.stringContaining("needs 1m of additional look-back: 1m of events"),
    ]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "30s", from: "now-1m" }))).toEqual([
      expect.stringContaining("more often than the minimum interval 1m"),
    ]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "30s", from: "now-1m" }), { minInterval: "10s" })).toEqual([]);
  });
  it("fails what it cannot parse", () => {
    expect(check(ruleLookbackCoversInterval, rule({ from: "2026-01-01T00:00:00Z" }))).toEqual([expect.stringContaining("is not relative date math")]);
    expect(check(ruleLookbackCoversInterval, rule({ interval: "5 minutes" }))).toEqual([expect.stringContaining("is not a duration")]);
    expect(() => check(ruleLookbackCoversInterval, rule(), { minAdditionalLookback: "soon" })).toThrow(/minAdditionalLookback/);
  });
});

describe("rule-max-signals-sane", () => {
  it("passes the default and values within bounds", () => {
    expect(check(ruleMaxSignalsSane, rule({ max_signals: undefined }))).toEqual([]);
    expect(check(ruleMaxSignalsSane, rule({ max_signals: 1000 }))).toEqual([]);
  });
  it("fails values outside the bounds", () => {
    expect(check(ruleMaxSignalsSane, rule({ max_signals: 5000 }))).toEqual([expect.stringContaining("max_signals 5000, above the limit of 1000")]);
    expect(check(ruleMaxSignalsSane, rule({ max_signals: 1 }))).toEqual([expect.stringContaining("at most 1 alert(s) per run")]);
    expect(check(ruleMaxSignalsSane, rule({ max_signals: 5000 }), { max: 10000 })).toEqual([]);
  });
});

describe("rule-investigation-guide", () => {
  it("passes a rule with a guide, and building blocks without one", () => {
    expect(check(ruleInvestigationGuide, rule())).toEqual([]);
    expect(check(ruleInvestigationGuide, rule({ note: undefined, building_block_type: "default" }))).toEqual([]);
  });
  it("fails a missing, blank or too short guide", () => {
    expect(check(ruleInvestigationGuide, rule({ note: undefined }))).toEqual([expect.stringContaining("has no investigation guide")]);
    expect(check(ruleInvestigationGuide, rule({ note: "   " }))).toEqual([expect.stringContaining("has no investigation guide")]);
    expect(check(ruleInvestigationGuide, rule({ note: "Check it." }))).toEqual([expect.stringContaining("only 9 characters (at least 40")]);
    expect(check(ruleInvestigationGuide, rule({ note: undefined, building_block_type: "default" }), { exemptBuildingBlocks: false })).toHaveLength(1);
  });
});

describe("rule-no-placeholder-text", () => {
  it("passes real text", () => {
    expect(check(ruleNoPlaceholderText, rule({ false_positives: ["Administrators running inventory scripts."] }))).toEqual([]);
  });
  it.each([
    ["description", "TODO"],
    ["description", "TBD - fill in later please"],
    ["note", "## Triage\n\nLorem ipsum dolor sit amet, consectetur adipiscing."],
    ["name", "New rule"],
    ["description", "<description>"],
    ["description", "Insert description here for the reviewers"],
    ["note", "Triage: {{ triage_steps }} from the runbook"],
    ["false_positives", "FIXME"],
  ])("fails placeholder %s %j", (field, value) => {
    const props = field === "false_positives" ? { false_positives: [value] } : { [field]: value };
    expect(check(ruleNoPlaceholderText, rule(props))).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`${field}(\\[0\\])? contains placeholder text`))]),
    );
  });
  it("fails a description that is too short or repeats the name", () => {
    expect(check(ruleNoPlaceholderText, rule({ description: "Bad stuff." }))).toEqual([expect.stringContaining("is 10 characters; at least 20")]);
    expect(check(ruleNoPlaceholderText, rule({ description: "discovery commands from a service account" }))).toEqual([
      expect.stringContaining("only repeats the name"),
    ]);
  });
  it("matches the upper-case markers only in upper case", () => {
    expect(check(ruleNoPlaceholderText, rule({ name: "Todo el tráfico DNS hacia dominios nuevos", rule_id: "todo-dns" }))).toEqual([]);
    expect(check(ruleNoPlaceholderText, rule({ note: "## Triage\n\nTODO" }))).toEqual([expect.stringContaining("note contains placeholder text")]);
    expect(
      check(ruleNoPlaceholderText, rule({ description: "Tbd by the owner of the rule, later on" }), { placeholderPatterns: ["/\\bTBD\\b/i"] }),
    ).toHaveLength(1);
  });
  it("takes extra patterns and rejects invalid ones", () => {
    expect(
      check(ruleNoPlaceholderText, rule({ description: "Ask Bob what this detects, he wrote it once." }), { extraPlaceholderPatterns: ["\\bask bob\\b"] }),
    ).toHaveLength(1);
    expect(() => check(ruleNoPlaceholderText, rule(), { extraPlaceholderPatterns: ["("] })).toThrow(/invalid regular expression/);
  });
});

describe("rule-no-catch-all-index", () => {
  it.each(["*", "**", "*:*", "remote:*", "_all", "logs-*,*"])("%s is a catch-all", (p) => expect(isCatchAllPattern(p)).toBe(true));
  it.each(["logs-*", "*:logs-*", "-*", "logs-endpoint.*,-logs-endpoint.alerts-*"])("%s is not", (p) => expect(isCatchAllPattern(p)).toBe(false));
  it("reads ES|QL sources", () => {
    expect(esqlSources("FROM logs-*, metrics-* METADATA _id | WHERE x > 1")).toEqual(["logs-*", "metrics-*"]);
    expect(esqlSources("from *\n| stats count()")).toEqual(["*"]);
  });
  it("passes rules that name their data, or use the default indices", () => {
    expect(check(ruleNoCatchAllIndex, rule())).toEqual([]);
    expect(check(ruleNoCatchAllIndex, rule({ index: undefined }))).toEqual([]);
    expect(check(ruleNoCatchAllIndex, rule({ type: "esql", language: "esql", index: undefined, query: "FROM logs-* | LIMIT 10" }))).toEqual([]);
  });
  it("fails catch-alls in index, threat_index and ES|QL", () => {
    expect(check(ruleNoCatchAllIndex, rule({ index: ["logs-*", "*:*"] }))).toEqual([expect.stringContaining('index pattern "*:*" matches every index')]);
    expect(check(ruleNoCatchAllIndex, rule({ type: "threat_match", threat_index: ["*"] }))).toEqual([expect.stringContaining('threat_index pattern "*"')]);
    expect(check(ruleNoCatchAllIndex, rule({ type: "esql", index: undefined, query: "FROM * | LIMIT 10" }))).toEqual([
      expect.stringContaining('the ES|QL FROM pattern "*"'),
    ]);
  });
  it("applies forbiddenPatterns and exemptions", () => {
    expect(check(ruleNoCatchAllIndex, rule({ index: ["logs-*"] }), { forbiddenPatterns: ["logs-*"] })).toEqual([expect.stringContaining("forbiddenPatterns")]);
    expect(check(ruleNoCatchAllIndex, rule({ index: ["*"] }), { exemptRuleIds: ["esac-test-rule"] })).toEqual([]);
  });
});

describe("rule-enabled-in-production", () => {
  const disabled = rule({ enabled: false });
  it("does not apply outside production", () => {
    expect(check(ruleEnabledInProduction, disabled, {}, context({ stack: "dev", tags: { environment: "staging" } }))).toEqual([]);
  });
  it("passes enabled rules in production", () => {
    expect(check(ruleEnabledInProduction, rule(), {}, context({ tags: { environment: "production" } }))).toEqual([]);
  });
  it("fails disabled rules in a stack tagged production", () => {
    expect(check(ruleEnabledInProduction, disabled, {}, context({ tags: { environment: "Production" } }))).toEqual([
      'rule "Discovery commands from a service account" (rule_id esac-test-rule) is disabled in a production stack (stack tag environment=Production); set enabled: true.',
    ]);
    expect(check(ruleEnabledInProduction, rule({ enabled: undefined }), {}, context({ tags: { environment: "prod" } }))).toEqual([
      expect.stringContaining("does not set enabled: true"),
    ]);
  });
  it("recognises production by stack name, custom tags and explicit config", () => {
    expect(check(ruleEnabledInProduction, disabled, {}, context({ stack: "soc-prod" }))).toEqual([expect.stringContaining('stack name "soc-prod"')]);
    expect(
      check(ruleEnabledInProduction, disabled, { productionTag: "tier", productionTagValues: ["live"] }, context({ tags: { tier: "live" } })),
    ).toHaveLength(1);
    expect(check(ruleEnabledInProduction, disabled, { production: true }, context({ stack: "dev" }))).toEqual([expect.stringContaining("production: true")]);
    expect(check(ruleEnabledInProduction, disabled, { production: false }, context({ stack: "prod" }))).toEqual([]);
    expect(check(ruleEnabledInProduction, disabled, { productionStacks: [] }, context({ stack: "prod" }))).toEqual([]);
  });
  it("exempts listed rule_ids", () => {
    expect(check(ruleEnabledInProduction, disabled, { exemptRuleIds: ["esac-test-rule"] }, context({ stack: "prod" }))).toEqual([]);
  });
});
