import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { ruleLabel, text } from "../util/props";

/** Elastic's risk-score bands for each severity (the UI's defaults and the prebuilt rules' convention). */
export const SEVERITY_BANDS = {
  low: { min: 0, max: 21 },
  medium: { min: 22, max: 47 },
  high: { min: 48, max: 73 },
  critical: { min: 74, max: 100 },
} as const;
export type Severity = keyof typeof SEVERITY_BANDS;

export function severityForRiskScore(score: number): Severity {
  return (Object.keys(SEVERITY_BANDS) as Severity[]).find((s) => score <= SEVERITY_BANDS[s].max) ?? "critical";
}

const band = (s: Severity) => `${SEVERITY_BANDS[s].min}–${SEVERITY_BANDS[s].max}`;

/** 2. `severity` agrees with `risk_score`: low < 22 ≤ medium < 48 ≤ high < 74 ≤ critical. */
export const ruleSeverityMatchesRiskScore: ResourcePolicyDefinition<Record<string, never>> = {
  kind: "resource",
  name: "rule-severity-matches-risk-score",
  description:
    "A rule's `severity` agrees with its `risk_score` under Elastic's bands (low 0–21, medium 22–47, high 48–73, " +
    "critical 74–100), so alert queues sorted by either tell the same story.",
  remediation: "Change `risk_score` to a value inside the severity's band, or change `severity` to the band its `risk_score` falls in.",
  enforcementLevel: "mandatory",
  types: [TYPES.DetectionRule],
  config: {},
  defaults: {},
  check(rule) {
    const severity = text(rule.props.severity) as Severity | undefined;
    const score = rule.props.risk_score;
    const label = ruleLabel(rule);
    if (!severity || !(severity in SEVERITY_BANDS)) {
      return [`${label}: severity ${severity ? `"${severity}" is not one of low, medium, high, critical` : "is missing"}.`];
    }
    if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 100) {
      return [`${label}: risk_score ${score === undefined ? "is missing" : `${JSON.stringify(score)} is not a number from 0 to 100`}.`];
    }
    const expected = severityForRiskScore(score);
    if (expected === severity) return [];
    return [
      `${label} has severity "${severity}" but risk_score ${score}, which is in the "${expected}" band (${band(expected)}). ` +
        `Use a risk_score of ${band(severity)} for "${severity}", or severity "${expected}".`,
    ];
  },
};
