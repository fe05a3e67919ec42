/**
 * Handler-level checks of the rules routes (kibana-behaviour.md §1.2): they answer SIEM 400 with an ARRAY message
 * (`validateCreateRuleProps`, `validateUpdateRuleProps`, `validateQueryRuleByIds`…), unlike route-schema validation.
 */
import { siemError } from "../errors";
import type { Rule } from "./model";

export interface RuleIds {
  id?: string;
  rule_id?: string;
}

export function validateIds(ids: RuleIds): string[] {
  if (ids.id != null && ids.rule_id != null) return ['both "id" and "rule_id" cannot exist, choose one or the other'];
  if (ids.id == null && ids.rule_id == null) return ['either "id" or "rule_id" must be set'];
  return [];
}

function validateTimeline(props: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (props.timeline_id != null) {
    if (props.timeline_title == null) errors.push('when "timeline_id" exists, "timeline_title" must also exist');
    else if (props.timeline_id === "") errors.push('"timeline_id" cannot be an empty string');
  }
  if (props.timeline_title != null) {
    if (props.timeline_id == null) errors.push('when "timeline_title" exists, "timeline_id" must also exist');
    else if (props.timeline_title === "") errors.push('"timeline_title" cannot be an empty string');
  }
  return errors;
}

function validateThreatMatch(props: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (props.type === "threat_match") {
    if (props.concurrent_searches != null && props.items_per_search == null)
      errors.push('when "concurrent_searches" exists, "items_per_search" must also exist');
    if (props.concurrent_searches == null && props.items_per_search != null)
      errors.push('when "items_per_search" exists, "concurrent_searches" must also exist');
  }
  return errors;
}

function validateThreshold(props: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const threshold = props.threshold as { field?: string | string[]; cardinality?: { field: string }[] } | undefined;
  if (threshold) {
    const fields = Array.isArray(threshold.field) ? threshold.field : threshold.field ? [threshold.field] : [];
    if (threshold.cardinality?.length && fields.includes(threshold.cardinality[0]!.field)) {
      errors.push("Cardinality of a field that is being aggregated on is always 1");
    }
    if (Array.isArray(threshold.field) && threshold.field.length > 3) errors.push("Number of fields must be 3 or less");
  }
  return errors;
}

function validateEqlSuppression(props: Record<string, unknown>): string[] {
  if (props.type === "eql" && props.building_block_type != null && props.alert_suppression != null) {
    return ["rule cannot be an eql rule with building block type and have suppression enabled"];
  }
  return [];
}

export function validateCreateRuleProps(props: Record<string, unknown>): string[] {
  return [...validateTimeline(props), ...validateThreatMatch(props), ...validateThreshold(props), ...validateEqlSuppression(props)];
}

export function validateUpdateRuleProps(props: Record<string, unknown>): string[] {
  return [...validateIds(props as RuleIds), ...validateCreateRuleProps(props)];
}

export function validatePatchRuleProps(props: Record<string, unknown>): string[] {
  return [...validateIds(props as RuleIds), ...validateTimeline(props), ...validateThreshold(props)];
}

/** Throws SIEM 400 with the array message when `errors` is non-empty. */
export function assertNoErrors(errors: string[]): void {
  if (errors.length) throw siemError(400, errors);
}

/** `getIdError`: 404 text for a rule that does not exist. */
export function notFoundMessage(ids: RuleIds): string {
  if (ids.id != null) return `id: "${ids.id}" not found`;
  if (ids.rule_id != null) return `rule_id: "${ids.rule_id}" not found`;
  return "id or rule_id should have been defined";
}

type ExceptionRef = { id: string; list_id: string; type: string; namespace_type: string };

/**
 * `checkDefaultRuleExceptionListReferences` + `validateRuleDefaultExceptionList` (§1.2): at most one rule_default
 * list per rule, and a rule_default list may not already be used by another rule (409). The first is a plain `Error`
 * thrown before the 400 check is reached, so Kibana answers 500 (create_rules.ts, update_rules.ts, patch_rules.ts
 * "should throw error if trying to add more than one default exception list").
 */
export function validateDefaultExceptionLists(exceptions: unknown, rulesInSpace: Iterable<Rule>, self: { id?: string; label?: string }): void {
  if (!Array.isArray(exceptions)) return;
  const defaults = (exceptions as ExceptionRef[]).filter((e) => e.type === "rule_default");
  if (defaults.length > 1) throw siemError(500, "More than one default exception list found on rule");
  if (!defaults.length) return;
  const listId = defaults[0]!.id;
  const users: string[] = [];
  for (const r of rulesInSpace) {
    if (r.id === self.id) continue;
    const refs = (r.exceptions_list as ExceptionRef[] | undefined) ?? [];
    if (refs.some((e) => e.type === "rule_default" && e.id === listId)) users.push(r.id);
  }
  if (users.length) {
    const who = self.label ? ` for rule: ${self.label}` : "";
    throw siemError(409, `default exception list${who} already exists in rule(s): ${users.join(", ")}`);
  }
}
