/**
 * Rule model: what Kibana stores and returns (kibana-behaviour.md §1.4–§1.8).
 * Defaults come from the shared `applyRuleDefaults` (@esac/kibana-client); normalisations are the server's own.
 */
import { randomUUID } from "node:crypto";
import { applyRuleDefaults, type RuleCreateProps, type RuleType } from "@esac/kibana-client";
import { isEcsField } from "./ecs";

export type Rule = Record<string, unknown> & {
  id: string;
  rule_id: string;
  type: RuleType;
  name: string;
  enabled: boolean;
  version: number;
  revision: number;
  immutable: boolean;
  rule_source: { type: string; [k: string]: unknown };
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
};

export interface Actor {
  now: string;
  username: string;
}

/** Key order of a Kibana 9 rule response (from a real export); unlisted keys follow in insertion order. */
const KEY_ORDER = [
  "id",
  "rule_id",
  "name",
  "immutable",
  "rule_source",
  "version",
  "revision",
  "updated_at",
  "updated_by",
  "created_at",
  "created_by",
  "enabled",
  "interval",
  "from",
  "to",
  "description",
  "tags",
  "author",
  "license",
  "threat",
  "related_integrations",
  "required_fields",
  "setup",
  "note",
  "false_positives",
  "references",
  "risk_score",
  "risk_score_mapping",
  "severity",
  "severity_mapping",
  "output_index",
  "max_signals",
  "exceptions_list",
  "actions",
  "meta",
  "building_block_type",
  "investigation_fields",
  "namespace",
  "response_actions",
  "rule_name_override",
  "timeline_id",
  "timeline_title",
  "timestamp_override",
  "timestamp_override_fallback_disabled",
  "type",
  "language",
  "index",
  "data_view_id",
  "query",
  "filters",
  "saved_id",
];

/** Server-managed fields; everything else is rule content. */
export const SERVER_FIELDS = new Set([
  "id",
  "rule_id",
  "immutable",
  "rule_source",
  "version",
  "revision",
  "updated_at",
  "updated_by",
  "created_at",
  "created_by",
  "enabled",
  "execution_summary",
]);

/** Fields that never bump `revision` (alerting `fieldsToExcludeFromRevisionUpdates`). */
const REVISION_EXCLUDED = new Set(["enabled", "revision", "updated_at", "updated_by", "execution_summary"]);

export function orderRule<T extends Record<string, unknown>>(rule: T): T {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (rule[k] !== undefined) out[k] = rule[k];
  for (const [k, v] of Object.entries(rule)) if (v !== undefined && !(k in out)) out[k] = v;
  return out as T;
}

type Action = Record<string, unknown>;

/** Kibana's `NOTIFICATION_DEFAULT_FREQUENCY` / throttle-derived frequency (§1.6). */
export function frequencyFromThrottle(throttle: unknown): Record<string, unknown> {
  if (throttle === undefined || throttle === null || throttle === "no_actions" || throttle === "rule") {
    return { summary: true, notifyWhen: "onActiveAlert", throttle: null };
  }
  return { summary: true, notifyWhen: "onThrottleInterval", throttle };
}

export function normalizeActions(actions: unknown, throttle: unknown): Action[] {
  if (!Array.isArray(actions)) return [];
  return actions.map((a: Action) => {
    const out: Action = {
      action_type_id: a.action_type_id,
      group: a.group ?? "default",
      id: a.id,
      params: a.params,
      uuid: a.uuid ?? randomUUID(),
      frequency: a.frequency ?? frequencyFromThrottle(throttle),
    };
    if (a.alerts_filter !== undefined) out.alerts_filter = a.alerts_filter;
    return out;
  });
}

/**
 * Normalises the fields Kibana rewrites (§1.4): threshold.field → array, machine_learning_job_id → array,
 * required_fields[].ecs, actions uuid/group/frequency; `throttle` is consumed, never stored.
 * Only the keys present in `content` are touched.
 */
export function normalizeContent(content: Record<string, unknown>, throttle: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...content };
  delete out.throttle;
  if (out.threshold && typeof out.threshold === "object") {
    const t = { ...(out.threshold as Record<string, unknown>) };
    if (typeof t.field === "string") t.field = t.field === "" ? [] : [t.field];
    out.threshold = t;
  }
  if (typeof out.machine_learning_job_id === "string") out.machine_learning_job_id = [out.machine_learning_job_id];
  if (Array.isArray(out.required_fields)) {
    out.required_fields = (out.required_fields as { name: string; type: string }[]).map((f) => ({
      name: f.name,
      type: f.type,
      ecs: isEcsField(f.name, f.type),
    }));
  }
  if ("actions" in out) out.actions = normalizeActions(out.actions, throttle);
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

/** Rule content of a validated create/update body, with every default applied (server fields removed). */
function contentFromBody(body: RuleCreateProps): Record<string, unknown> {
  const withDefaults = applyRuleDefaults(body) as Record<string, unknown>;
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(withDefaults)) if (!SERVER_FIELDS.has(k) || k === "enabled") content[k] = v;
  return normalizeContent(content, body.throttle);
}

export function createRule(body: RuleCreateProps, actor: Actor): Rule {
  const content = contentFromBody(body);
  return orderRule({
    ...content,
    id: randomUUID(),
    rule_id: body.rule_id ?? randomUUID(),
    enabled: body.enabled ?? false,
    version: body.version ?? 1,
    revision: 0,
    immutable: false,
    rule_source: { type: "internal" },
    created_at: actor.now,
    created_by: actor.username,
    updated_at: actor.now,
    updated_by: actor.username,
  }) as Rule;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

function revisionView(rule: Rule): unknown {
  const view: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) if (!REVISION_EXCLUDED.has(k)) view[k] = v;
  // Action uuids are server identities, not content.
  if (Array.isArray(view.actions)) view.actions = (view.actions as Action[]).map(({ uuid: _uuid, ...rest }) => rest);
  return canonical(view);
}

/** Alerting's `incrementRevision`: +1 iff something other than the excluded fields changed (deep-equal). */
export function nextRevision(existing: Rule, updated: Rule): number {
  const changed = JSON.stringify(revisionView(existing)) !== JSON.stringify(revisionView(updated));
  return changed ? existing.revision + 1 : existing.revision;
}

function finishUpdate(existing: Rule, next: Record<string, unknown>, actor: Actor): Rule {
  const rule = orderRule({
    ...next,
    id: existing.id,
    rule_id: existing.rule_id,
    immutable: existing.immutable,
    rule_source: existing.rule_source,
    created_at: existing.created_at,
    created_by: existing.created_by,
    revision: existing.revision,
    updated_at: actor.now,
    updated_by: actor.username,
  }) as Rule;
  rule.revision = nextRevision(existing, rule);
  return orderRule(rule);
}

/** PUT (§1.7): defaults for everything omitted, except `enabled` and `version` which keep their current values. */
export function updateRule(existing: Rule, body: RuleCreateProps, actor: Actor): Rule {
  const content = contentFromBody(body);
  return finishUpdate(existing, { ...content, enabled: body.enabled ?? existing.enabled, version: body.version ?? existing.version }, actor);
}

/** PATCH (§1.7): `patch.x ?? existing.x` per top-level field. `patch` is already validated for the rule's type. */
export function patchRule(existing: Rule, patch: Record<string, unknown>, actor: Actor): Rule {
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || k === "id" || k === "rule_id" || k === "type") continue;
    changes[k] = v;
  }
  const normalized = normalizeContent(changes, patch.throttle);
  const next: Record<string, unknown> = { ...existing, ...normalized };
  return finishUpdate(existing, next, actor);
}

/** `enabled` change only (PATCH enabled / bulk enable & disable): never a revision bump. */
export function setEnabled(existing: Rule, enabled: boolean, actor: Actor): Rule {
  return finishUpdate(existing, { ...existing, enabled }, actor);
}

/** Alerting rule type id; `query` and `saved_query` share one, so only they can be swapped by PUT. */
export function alertingRuleTypeId(type: RuleType): string {
  switch (type) {
    case "query":
    case "saved_query":
      return "siem.queryRule";
    case "eql":
      return "siem.eqlRule";
    case "esql":
      return "siem.esqlRule";
    case "threshold":
      return "siem.thresholdRule";
    case "threat_match":
      return "siem.indicatorRule";
    case "machine_learning":
      return "siem.mlRule";
    case "new_terms":
      return "siem.newTermsRule";
  }
}

/** Bulk `duplicate` (§1.11): new ids, "[Duplicate]" name, disabled, custom, revision 0, the given exception refs. */
export function duplicateRule(existing: Rule, exceptionsList: unknown[], actor: Actor): Rule {
  const copy: Record<string, unknown> = structuredClone(existing);
  if (Array.isArray(copy.actions)) copy.actions = (copy.actions as Action[]).map((a) => ({ ...a, uuid: randomUUID() }));
  return orderRule<Record<string, unknown>>({
    ...copy,
    id: randomUUID(),
    rule_id: randomUUID(),
    name: `${existing.name} [Duplicate]`,
    enabled: false,
    revision: 0,
    immutable: false,
    rule_source: { type: "internal" },
    exceptions_list: exceptionsList,
    created_at: actor.now,
    created_by: actor.username,
    updated_at: actor.now,
    updated_by: actor.username,
  }) as Rule;
}
