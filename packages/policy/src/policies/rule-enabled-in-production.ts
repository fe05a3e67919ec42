import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { PRODUCTION_CONFIG, PRODUCTION_DEFAULTS, productionReason, type ProductionConfig } from "../util/production";
import { ruleLabel, text } from "../util/props";

export interface RuleEnabledInProductionConfig extends ProductionConfig {
  exemptRuleIds: string[];
}

/** 5b. In production stacks every rule is enabled: a disabled rule deployed there is a silent detection gap. */
export const ruleEnabledInProduction: ResourcePolicyDefinition<RuleEnabledInProductionConfig> = {
  kind: "resource",
  name: "rule-enabled-in-production",
  description:
    "In production stacks every detection rule is enabled (Kibana's default is disabled, so `enabled: true` must be " +
    "set). A stack is production by its `environment` stack tag, its name, or this policy's `production` config.",
  remediation:
    "Set `enabled: true`, or remove the rule from the production stack, or list its rule_id in `exemptRuleIds` with a " +
    "reason in the pull request (e.g. an ML rule waiting for its job).",
  enforcementLevel: "mandatory",
  types: [TYPES.DetectionRule],
  config: {
    ...PRODUCTION_CONFIG,
    exemptRuleIds: {
      type: "array",
      items: { type: "string" },
      description: "rule_ids that may stay disabled in production.",
      default: [],
    },
  },
  defaults: { ...PRODUCTION_DEFAULTS, exemptRuleIds: [] },
  check(rule, config, context) {
    const why = productionReason(config, context);
    if (!why) return [];
    if (rule.props.enabled === true) return [];
    const ruleId = text(rule.props.rule_id);
    if (ruleId && config.exemptRuleIds.includes(ruleId)) return [];
    const state = rule.props.enabled === false ? "is disabled" : "does not set enabled: true (Kibana creates rules disabled)";
    return [`${ruleLabel(rule)} ${state} in a production stack (${why}); set enabled: true.`];
  },
};
