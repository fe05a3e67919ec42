import { checkRuleQueries } from "@esac/query";
import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition, ResourceUnderTest } from "../types";
import { ruleLabel, text, toPlain, UNKNOWN } from "../util/props";

export interface RuleQueryCheckConfig {
  checkFields: boolean;
  customFields: string[];
  kibanaVersion: string;
  exemptRuleIds: string[];
}

type Obj = Record<string, unknown>;

/**
 * 6a. The offline query check of `@esac/query` (the one `pulumi preview` runs) as a policy: every finding of a rule —
 * a query that does not parse, a field outside ECS and the declared ones, a look-back gap, an ES|QL rule without the
 * `METADATA _id` its type needs, a threshold on a field that cannot be aggregated — is a violation. Preview only warns
 * about most of these; this policy lets a team make them block (`enforcementLevel: mandatory`).
 */
export const ruleQueryCheck: ResourcePolicyDefinition<RuleQueryCheckConfig> = {
  kind: "resource",
  name: "rule-query-check",
  description:
    "Detection rules pass the offline query check: queries parse in their language (KQL, Lucene, EQL, ES|QL), name " +
    "fields of ECS, the rule's `required_fields` or `customFields`, the look-back covers the interval, and ES|QL and " +
    "threshold settings fit the rule type. Applies to `DetectionRule` and to each rule of a `DetectionRules` set.",
  remediation:
    "Fix the argument each message names (the query at the line and column given, `from` or `interval`…); declare " +
    "fields your data has beyond ECS in `customFields` (and the stack config `esac:customFields`), or list the rule in `exemptRuleIds`.",
  enforcementLevel: "advisory",
  types: [TYPES.DetectionRule, TYPES.DetectionRules],
  config: {
    checkFields: {
      type: "boolean",
      description: "Report fields that are not in ECS, the rule's `required_fields` or `customFields`.",
      default: true,
    },
    customFields: {
      type: "array",
      items: { type: "string" },
      description: 'Fields the data has beyond ECS: exact names, or patterns with `*` ("okta.*").',
      default: [],
    },
    kibanaVersion: {
      type: "string",
      description: 'The Kibana release the rules target ("8.19", "9.4"): picks the ECS release and the version-dependent checks. Empty: the newest.',
      default: "",
    },
    exemptRuleIds: {
      type: "array",
      items: { type: "string" },
      description: "rule_ids this policy does not check.",
      default: [],
    },
  },
  defaults: { checkFields: true, customFields: [], kibanaVersion: "", exemptRuleIds: [] },
  check(resource, config) {
    const props = toPlain(resource.props) as Obj;
    const rules = resource.type === TYPES.DetectionRules ? rulesOfSet(props.rules) : [props];
    const problems: string[] = [];
    for (const entry of rules) {
      // A rule still unknown at preview is judged once known (the policy runs again at `pulumi up`).
      if (containsUnknown(entry)) continue;
      const rule = entry as Obj;
      const ruleId = text(rule.rule_id);
      if (ruleId && config.exemptRuleIds.includes(ruleId)) continue;
      const label = ruleLabel({ name: resource.name, props: rule }) + setSuffix(resource);
      const findings = checkRuleQueries(rule, { customFields: config.customFields, ecsVersion: config.kibanaVersion.trim() || undefined });
      for (const f of findings) {
        if (f.kind === "unknown-field" && !config.checkFields) continue;
        problems.push(`${label}: ${f.field}: ${f.message}${f.severity === "error" ? " (error: the rule cannot run as written)" : ""}`);
      }
    }
    return problems;
  },
};

/**
 * A set's checked `rules` (a record by rule_id; an array before its check) as rule bodies; an entry may be a rule's
 * JSON text (how a set can carry its rules through the engine). An entry still unknown stays UNKNOWN.
 */
function rulesOfSet(rules: unknown): unknown[] {
  if (rules === UNKNOWN) return [];
  const entries = Array.isArray(rules) ? rules : rules && typeof rules === "object" ? Object.values(rules) : [];
  return entries.map(parsedRule).filter((r) => r === UNKNOWN || (typeof r === "object" && r !== null && !Array.isArray(r)));
}

function parsedRule(entry: unknown): unknown {
  if (typeof entry !== "string" || !entry.trimStart().startsWith("{")) return entry;
  try {
    return JSON.parse(entry);
  } catch {
    return undefined;
  }
}

function setSuffix(resource: ResourceUnderTest): string {
  return resource.type === TYPES.DetectionRules ? ` in DetectionRules "${resource.name}"` : "";
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
