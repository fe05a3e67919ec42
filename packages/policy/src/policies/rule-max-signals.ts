import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { ruleLabel } from "../util/props";

export interface RuleMaxSignalsConfig {
  min: number;
  max: number;
}

/** Kibana's default when a rule omits `max_signals`. */
const DEFAULT_MAX_SIGNALS = 100;

/** 3b. `max_signals` is within sane bounds: alerts beyond it are dropped silently; Kibana caps it at 1000 by default. */
export const ruleMaxSignalsSane: ResourcePolicyDefinition<RuleMaxSignalsConfig> = {
  kind: "resource",
  name: "rule-max-signals-sane",
  description:
    "A rule's `max_signals` (alerts per run) is between `min` and `max`: too low silently drops alerts, above the " +
    "cluster's limit (xpack.alerting.rules.run.alerts.max, 1000 by default) it is capped anyway.",
  remediation: "Leave `max_signals` unset (Kibana's default is 100) or set it within the configured bounds; raise `max` only if the cluster's limit is higher.",
  enforcementLevel: "advisory",
  types: [TYPES.DetectionRule],
  config: {
    min: { type: "integer", minimum: 1, description: "Smallest acceptable max_signals.", default: 10 },
    max: {
      type: "integer",
      minimum: 1,
      description: "Largest acceptable max_signals: the cluster's xpack.alerting.rules.run.alerts.max.",
      default: 1000,
    },
  },
  defaults: { min: 10, max: 1000 },
  check(rule, config) {
    const value = rule.props.max_signals ?? DEFAULT_MAX_SIGNALS;
    const label = ruleLabel(rule);
    if (typeof value !== "number" || !Number.isInteger(value)) {
      return [`${label}: max_signals ${JSON.stringify(value)} is not an integer.`];
    }
    if (value < config.min) {
      return [`${label} keeps at most ${value} alert(s) per run (max_signals), fewer than ${config.min}: further alerts of a run are dropped.`];
    }
    if (value > config.max) {
      return [`${label} asks for max_signals ${value}, above the limit of ${config.max} alerts per run: Kibana caps it, so the setting misleads.`];
    }
    return [];
  },
};
