import type { RuleAction } from "./schema";

/** Kibana stores `threshold.field` as an array: "host.name" → ["host.name"], "" → []. */
export function normalizeThresholdField(field: string | string[]): string[] {
  if (Array.isArray(field)) return field;
  return field === "" ? [] : [field];
}

/** Kibana stores `machine_learning_job_id` as an array. */
export function normalizeMachineLearningJobId(id: string | string[]): string[] {
  return Array.isArray(id) ? id : [id];
}

export type ActionFrequency = NonNullable<RuleAction["frequency"]>;

/** The frequency Kibana stores for an action sent without one, derived from the rule-level `throttle`. */
export function defaultActionFrequency(throttle: string | null | undefined): ActionFrequency {
  if (throttle === undefined || throttle === null || throttle === "no_actions" || throttle === "rule") {
    return { summary: true, notifyWhen: "onActiveAlert", throttle: null };
  }
  return { summary: true, notifyWhen: "onThrottleInterval", throttle };
}
