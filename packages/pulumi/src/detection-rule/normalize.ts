import {
  applyRuleDefaults,
  defaultActionFrequency,
  normalizeMachineLearningJobId,
  normalizeThresholdField,
  ruleTypeSchemas,
  RULE_TYPES,
  type RuleResponse,
  type RuleType,
} from "@esac/kibana-client";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { setMeta, withoutOwnerMarker } from "../provider-kit/ownership";

/** Fields a program manages for a rule of `type` (Kibana's create body). `throttle` is folded into action frequencies. */
export function managedRuleFields(type: RuleType): string[] {
  return Object.keys(ruleTypeSchemas[type].shape).filter((k) => k !== "throttle");
}

/** Server-filled fields kept in state as outputs, never diffed. */
export const RULE_SERVER_FIELDS = ["revision", "immutable", "rule_source", "created_at", "created_by", "updated_at", "updated_by"] as const;

export function isRuleType(value: unknown): value is RuleType {
  return typeof value === "string" && (RULE_TYPES as readonly string[]).includes(value);
}

type Obj = Record<string, unknown>;

/**
 * The one normal form of a rule's managed fields, whether it comes from a program or from Kibana: Kibana's
 * defaults filled, string/array shapes Kibana rewrites normalised, `ecs` (computed by Kibana) removed, and
 * each action's frequency made explicit. Comparing two normal forms never reports what the server fills.
 */
export function canonicalRule(rule: Obj): Obj {
  const type = rule.type as RuleType;
  // esac's ownership marker is bookkeeping, never a setting: hidden from state and comparisons.
  const out: Obj = applyRuleDefaults(setMeta({ ...pick(rule, managedRuleFields(type)), type }, withoutOwnerMarker(rule.meta)) as never);
  if (out.threshold && typeof out.threshold === "object") {
    const t = out.threshold as Obj;
    out.threshold = { ...t, field: normalizeThresholdField(t.field as string | string[]) };
  }
  if (out.machine_learning_job_id !== undefined) {
    out.machine_learning_job_id = normalizeMachineLearningJobId(out.machine_learning_job_id as string | string[]);
  }
  out.required_fields = (out.required_fields as Obj[]).map(({ name, type: fieldType }) => ({ name, type: fieldType }));
  out.actions = (out.actions as Obj[]).map((a) => ({
    group: "default",
    ...a,
    frequency: a.frequency ?? defaultActionFrequency(rule.throttle as string | undefined),
  }));
  return toPlainJson(out);
}

/** The managed fields that differ between the state (`olds`) and the checked program inputs (`news`). */
export function changedRuleFields(olds: Obj, news: Obj): string[] {
  const type = news.type as RuleType;
  const before = canonicalRule(olds);
  const after = canonicalRule(news);
  // An action uuid the program does not set is Kibana's to assign: don't compare it.
  const beforeActions = before.actions as Obj[];
  (after.actions as Obj[]).forEach((a, i) => {
    if (a.uuid === undefined && beforeActions[i]) delete beforeActions[i].uuid;
  });
  const keys = new Set([...managedRuleFields(type), ...managedRuleFields(olds.type as RuleType)]);
  return [...keys].filter((k) => !deepEqual(before[k], after[k]));
}

/** The body sent to Kibana for create (POST) and update (PUT). */
export function ruleRequestBody(inputs: Obj): Obj {
  return canonicalRule(inputs);
}

/** What Kibana returned, as state: the managed fields in normal form plus the server-filled ones. */
export function ruleState(rule: RuleResponse): Obj {
  return { ...canonicalRule(rule), ...pick(rule, RULE_SERVER_FIELDS) };
}
