import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { ruleLabel } from "../util/props";
import { formatDuration, parseDuration, parseRelativeDateMath } from "../util/time";

export interface RuleLookbackConfig {
  minAdditionalLookback: string;
  minInterval: string;
}

/** Kibana's defaults when a rule omits them (`apply_rule_defaults.ts`). */
const DEFAULT_INTERVAL = "5m";
const DEFAULT_FROM = "now-6m";
const DEFAULT_TO = "now";

/**
 * 3a. The look-back window covers the schedule: each run searches [`from`, `to`] and runs every `interval`, so unless
 * `to` − `from` ≥ `interval` events between two runs are never searched.
 */
export const ruleLookbackCoversInterval: ResourcePolicyDefinition<RuleLookbackConfig> = {
  kind: "resource",
  name: "rule-lookback-covers-interval",
  description:
    "A rule's look-back covers its schedule: the window from `from` to `to` is at least `interval` long (plus " +
    "`minAdditionalLookback`), so no events fall in a gap between two runs; `interval` is not shorter than `minInterval`.",
  remediation:
    'Set `from` to "now-<interval + margin>" (Elastic\'s default: interval "5m", from "now-6m"), or shorten `interval`. ' +
    'For a delayed window (`to` "now-Xm"), move `from` back by the same delay.',
  enforcementLevel: "mandatory",
  types: [TYPES.DetectionRule],
  config: {
    minAdditionalLookback: {
      type: "string",
      description: 'Margin the window must exceed the interval by, as a duration ("1m"); absorbs late runs and ingest delay. Default "0s": no gap.',
      default: "0s",
    },
    minInterval: {
      type: "string",
      description: "Shortest allowed `interval` (Kibana's xpack.alerting.rules.minimumScheduleInterval defaults to 1m).",
      default: "1m",
    },
  },
  defaults: { minAdditionalLookback: "0s", minInterval: "1m" },
  check(rule, config) {
    const label = ruleLabel(rule);
    const margin = parseDuration(config.minAdditionalLookback);
    const minInterval = parseDuration(config.minInterval);
    if (margin === undefined)
      throw new Error(`rule-lookback-covers-interval: minAdditionalLookback "${config.minAdditionalLookback}" is not a duration like "1m"`);
    if (minInterval === undefined) throw new Error(`rule-lookback-covers-interval: minInterval "${config.minInterval}" is not a duration like "1m"`);

    const intervalText = rule.props.interval ?? DEFAULT_INTERVAL;
    const fromText = rule.props.from ?? DEFAULT_FROM;
    const toText = rule.props.to ?? DEFAULT_TO;
    const interval = parseDuration(intervalText);
    const from = parseRelativeDateMath(fromText);
    const to = parseRelativeDateMath(toText);

    const problems: string[] = [];
    if (interval === undefined) problems.push(`${label}: interval ${JSON.stringify(intervalText)} is not a duration like "5m".`);
    if (from === undefined) problems.push(`${label}: from ${JSON.stringify(fromText)} is not relative date math like "now-6m", so coverage cannot be checked.`);
    if (to === undefined) problems.push(`${label}: to ${JSON.stringify(toText)} is not relative date math like "now".`);
    if (problems.length) return problems;

    if (interval! < minInterval) {
      problems.push(`${label} runs every ${intervalText}, more often than the minimum interval ${config.minInterval}.`);
    }
    const window = from! - to!;
    const needed = interval! + margin;
    if (window < needed) {
      const gap = needed - window;
      problems.push(
        `${label} runs every ${intervalText} but searches only ${formatDuration(Math.max(window, 0))} (from "${fromText}" to "${toText}")` +
          `${margin ? ` and needs ${config.minAdditionalLookback} of additional look-back` : ""}: ${formatDuration(gap)} of events per run are never searched. ` +
          `Set from to "now-${formatDuration(needed + to!)}" or earlier.`,
      );
    }
    return problems;
  },
};
