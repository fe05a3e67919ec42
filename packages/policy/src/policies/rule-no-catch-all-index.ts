import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { matchesAnyGlob } from "../util/match";
import { list, ruleLabel, text } from "../util/props";

export interface RuleNoCatchAllIndexConfig {
  forbiddenPatterns: string[];
  exemptRuleIds: string[];
}

/**
 * Whether an index pattern matches every index (of a cluster): `*`, `**`, `*:*`, `remote:*`, `_all`, `*,*`.
 * Exclusions (`-foo*`) are not catch-alls.
 */
export function isCatchAllPattern(pattern: string): boolean {
  return pattern
    .split(",")
    .map((p) => p.trim().replace(/^["']|["']$/g, ""))
    .filter((p) => p !== "" && !p.startsWith("-"))
    .some((p) => {
      const index = p.includes(":") ? p.slice(p.lastIndexOf(":") + 1) : p;
      return index === "_all" || /^[*?]+$/.test(index);
    });
}

/** The source patterns of an ES|QL query: `FROM a, b METADATA _id | …` → ["a", "b"]. */
export function esqlSources(query: string): string[] {
  const m = /^\s*FROM\s+(.+?)(?:\s+METADATA\b.*)?(?:\||$)/is.exec(query);
  if (!m) return [];
  return m[1]
    .split(",")
    .map((s) => s.trim().replace(/^["'`]|["'`]$/g, ""))
    .filter(Boolean);
}

/** 5a. No rule searches every index: catch-all patterns are slow, costly and match system and unrelated data. */
export const ruleNoCatchAllIndex: ResourcePolicyDefinition<RuleNoCatchAllIndexConfig> = {
  kind: "resource",
  name: "rule-no-catch-all-index",
  description:
    "Rules name the data they search: no catch-all index pattern (`*`, `*:*`, `remote:*`, `_all`) in `index`, " +
    "`threat_index` or an ES|QL `FROM`, and none of the team's `forbiddenPatterns`.",
  remediation:
    'List the data streams the rule needs (e.g. "logs-endpoint.events.process-*"), or leave `index` unset to use the ' +
    "space's default security indices, or point `data_view_id` at a data view.",
  enforcementLevel: "mandatory",
  types: [TYPES.DetectionRule],
  config: {
    forbiddenPatterns: {
      type: "array",
      items: { type: "string" },
      description: 'More patterns no rule may use (globs over the pattern text, e.g. "logs-*", "*:logs-*").',
      default: [],
    },
    exemptRuleIds: {
      type: "array",
      items: { type: "string" },
      description: "rule_ids allowed to use such patterns.",
      default: [],
    },
  },
  defaults: { forbiddenPatterns: [], exemptRuleIds: [] },
  check(rule, config) {
    const p = rule.props;
    const ruleId = text(p.rule_id);
    if (ruleId && config.exemptRuleIds.includes(ruleId)) return [];
    const label = ruleLabel(rule);
    const sources: [string, string][] = [
      ...list(p.index).map((v): [string, string] => ["index", String(v)]),
      ...list(p.threat_index).map((v): [string, string] => ["threat_index", String(v)]),
    ];
    if (text(p.type) === "esql" && text(p.query)) {
      for (const s of esqlSources(p.query)) sources.push(["the ES|QL FROM", s]);
    }
    const problems: string[] = [];
    for (const [field, pattern] of sources) {
      if (isCatchAllPattern(pattern)) {
        problems.push(`${label}: ${field} pattern "${pattern}" matches every index; name the data streams the rule needs.`);
      } else if (config.forbiddenPatterns.length && matchesAnyGlob(pattern, config.forbiddenPatterns)) {
        problems.push(`${label}: ${field} pattern "${pattern}" is forbidden by this stack's policy config (forbiddenPatterns).`);
      }
    }
    return problems;
  },
};
