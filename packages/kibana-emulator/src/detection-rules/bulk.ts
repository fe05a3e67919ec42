/** `POST /api/detection_engine/rules/_bulk_action` (kibana-behaviour.md §1.11). */
import { z } from "zod";
import { CONNECTORS_STORE, type ConnectorsStore } from "../connectors";
import { boomBody, siemError } from "../errors";
import { EXCEPTIONS_STORE, type ExceptionsStore } from "../exceptions";
import type { HandlerResult, RouteContext } from "../router";
import { queryBoolean, validateBody } from "../validation";
import { matchesFilter, parseRuleFilter } from "./find";
import { duplicateExceptionRefs } from "./duplicate-exceptions";
import { buildExportNdjson } from "./import-export";
import { type Actor, duplicateRule, nextRevision, orderRule, type Rule, setEnabled } from "./model";
import { type ConnectorTypeOf, editedActions, ruleActionsEditSchemas, UnknownConnectorError } from "./rule-actions-edit";
import { withCustomization } from "../prebuilt-rules/customization";
import type { RulesStore } from "./store";

/**
 * `RULES_TABLE_MAX_PAGE_SIZE` (security_solution common/constants.ts), checked by `validateBulkAction` in
 * rule_management/api/rules/bulk_actions/route.ts and pinned by its route test ('More than 100 ids sent for bulk edit
 * action.' for 101 ids).
 */
export const MAX_BULK_IDS = 100;
export const MAX_BULK_QUERY_RULES = 10_000;
export const MAX_BULK_EDIT_QUERY_RULES = 2_000;

const target = {
  ids: z.array(z.string()).min(1).optional(),
  query: z.string().optional(),
  gaps_range_start: z.string().optional(),
  gaps_range_end: z.string().optional(),
  gap_fill_statuses: z.array(z.string()).optional(),
  gap_auto_fill_scheduler_id: z.string().optional(),
};

const stringArray = z.array(z.string());
const DURATION = /^[1-9]\d*[smh]$/;
const editAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("add_tags"), value: stringArray }),
  z.object({ type: z.literal("delete_tags"), value: stringArray }),
  z.object({ type: z.literal("set_tags"), value: stringArray }),
  z.object({ type: z.literal("add_index_patterns"), value: stringArray, overwrite_data_views: z.boolean().optional() }),
  z.object({ type: z.literal("delete_index_patterns"), value: stringArray, overwrite_data_views: z.boolean().optional() }),
  z.object({ type: z.literal("set_index_patterns"), value: stringArray, overwrite_data_views: z.boolean().optional() }),
  z.object({ type: z.literal("set_timeline"), value: z.object({ timeline_id: z.string(), timeline_title: z.string() }) }),
  // BulkActionEditPayloadSchedule: both durations match `^[1-9]\d*[smh]$` (detections bundle, bulk_actions_route.gen.ts).
  z.object({ type: z.literal("set_schedule"), value: z.object({ interval: z.string().regex(DURATION), lookback: z.string().regex(DURATION) }) }),
  z.object({ type: z.literal("add_investigation_fields"), value: z.object({ field_names: z.array(z.string().min(1)).min(1) }) }),
  z.object({ type: z.literal("delete_investigation_fields"), value: z.object({ field_names: z.array(z.string().min(1)).min(1) }) }),
  z.object({ type: z.literal("set_investigation_fields"), value: z.object({ field_names: z.array(z.string().min(1)).min(1) }) }),
  ...ruleActionsEditSchemas,
]);
type EditAction = z.infer<typeof editAction>;

export const bulkActionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("delete"), ...target }),
  z.object({ action: z.literal("disable"), ...target }),
  z.object({ action: z.literal("enable"), ...target }),
  z.object({ action: z.literal("export"), ...target }),
  z.object({
    action: z.literal("duplicate"),
    ...target,
    duplicate: z.object({ include_exceptions: z.boolean(), include_expired_exceptions: z.boolean() }).optional(),
  }),
  z.object({ action: z.literal("run"), ...target, run: z.object({ start_date: z.string(), end_date: z.string().optional() }) }),
  z.object({ action: z.literal("fill_gaps"), ...target, fill_gaps: z.object({ start_date: z.string(), end_date: z.string() }) }),
  z.object({ action: z.literal("edit"), ...target, edit: z.array(editAction).min(1) }),
]);

interface RuleError {
  message: string;
  status_code: number;
  err_code?: string;
  rule: { id: string; name?: string };
}

class EditError extends Error {
  constructor(
    message: string,
    readonly errCode?: string,
  ) {
    super(message);
  }
}

/** A duration the schema already checked (`^[1-9]\d*[smh]$`). */
function durationSeconds(s: string): number {
  return Number(s.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[s.slice(-1) as "s" | "m" | "h"];
}

type IndexPatternEdit = Extract<EditAction, { type: "add_index_patterns" | "delete_index_patterns" | "set_index_patterns" }>;

const INDEX_VERB = { add_index_patterns: "added", delete_index_patterns: "deleted", set_index_patterns: "overwritten" } as const;

/**
 * Kibana's `applyBulkActionEditToRuleParams` for index patterns
 * (security_solution/server/lib/detection_engine/rule_management/logic/bulk_actions/rule_params_modifier.ts):
 * ML and ES|QL rules fail; a data view rule is skipped unless `overwrite_data_views`; adding present patterns or
 * deleting absent ones is skipped (so an empty `index` minus anything stays untouched); deleting from a rule without
 * `index` leaves it without `index`. A resulting empty `index` then fails the rule type's mutated-params check.
 */
function applyIndexPatternEdit(next: Record<string, unknown>, type: string, e: IndexPatternEdit): void {
  const verb = INDEX_VERB[e.type];
  if (type === "machine_learning")
    throw new EditError(`Index patterns can't be ${verb}. Machine learning rule doesn't have index patterns property`, "MACHINE_LEARNING_INDEX_PATTERN");
  if (type === "esql") throw new EditError(`Index patterns can't be ${verb}. ES|QL rule doesn't have index patterns property`, "ESQL_INDEX_PATTERN");
  const index = next.index as string[] | undefined;
  const dataViewKept = next.data_view_id != null && !e.overwrite_data_views;
  const skip =
    e.type === "add_index_patterns"
      ? dataViewKept || e.value.every((p) => index?.includes(p))
      : e.type === "delete_index_patterns"
        ? !e.overwrite_data_views && (dataViewKept || e.value.every((p) => !index?.includes(p)))
        : dataViewKept;
  if (skip) return;
  if (e.overwrite_data_views) delete next.data_view_id;
  if (e.type === "add_index_patterns") next.index = union(index ?? [], e.value);
  else if (e.type === "set_index_patterns") next.index = [...e.value];
  else if (index) next.index = index.filter((p) => !e.value.includes(p));
  // `validateIndexPatterns` of the rule type (bulk edit's mutated params validation).
  if (Array.isArray(next.index) && next.index.length === 0) throw new EditError("Mutated params invalid: Index patterns can't be empty");
}

const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/**
 * Applies bulk edit operations to a copy of the rule content; throws EditError for per-rule failures. `actionsSet`
 * tells that an actions edit applied: those count as a change even when the actions read the same (new uuids).
 */
function applyEdits(rule: Rule, edits: EditAction[], connectorType: ConnectorTypeOf): { edited: Rule; actionsSet: boolean } {
  const next: Record<string, unknown> = structuredClone(rule);
  let actionsSet = false;
  for (const e of edits) {
    switch (e.type) {
      case "add_rule_actions":
      case "set_rule_actions": {
        let actions: unknown[] | undefined;
        try {
          actions = editedActions((next.actions as unknown[] | undefined) ?? [], e, connectorType);
        } catch (err) {
          if (err instanceof UnknownConnectorError) throw new EditError(err.message);
          throw err;
        }
        if (actions) {
          next.actions = actions;
          actionsSet = true;
        }
        break;
      }
      case "add_tags":
        next.tags = union(next.tags as string[], e.value);
        break;
      case "delete_tags":
        next.tags = (next.tags as string[]).filter((t) => !e.value.includes(t));
        break;
      case "set_tags":
        next.tags = [...e.value];
        break;
      case "add_index_patterns":
      case "delete_index_patterns":
      case "set_index_patterns":
        applyIndexPatternEdit(next, rule.type, e);
        break;
      case "set_timeline":
        // `timeline_id || undefined`: an empty string removes the field.
        next.timeline_id = e.value.timeline_id || undefined;
        next.timeline_title = e.value.timeline_title || undefined;
        break;
      case "set_schedule": {
        // Kibana sets the schedule, `from` = now-(interval+lookback)s and `meta.from` = lookback; `to` is kept.
        next.interval = e.value.interval;
        next.from = `now-${durationSeconds(e.value.interval) + durationSeconds(e.value.lookback)}s`;
        next.meta = { ...((next.meta as Record<string, unknown> | undefined) ?? {}), from: e.value.lookback };
        break;
      }
      case "add_investigation_fields":
      case "delete_investigation_fields":
      case "set_investigation_fields": {
        const current = (next.investigation_fields as { field_names: string[] } | undefined)?.field_names ?? [];
        const names =
          e.type === "add_investigation_fields"
            ? union(current, e.value.field_names)
            : e.type === "delete_investigation_fields"
              ? current.filter((f) => !e.value.field_names.includes(f))
              : [...e.value.field_names];
        if (names.length) next.investigation_fields = { field_names: names };
        else delete next.investigation_fields;
        break;
      }
    }
  }
  return { edited: orderRule(next) as Rule, actionsSet };
}

export function handleBulkAction(ctx: RouteContext, store: RulesStore, actor: Actor): HandlerResult {
  const body = validateBody(bulkActionSchema, ctx.body, ctx.version);
  const dryRun = queryBoolean(ctx.query.dry_run) ?? false;
  if (body.ids && body.query !== undefined) throw siemError(400, "Both query and ids are sent. Define either ids or query in request payload.");
  if (body.ids && body.ids.length > MAX_BULK_IDS) throw siemError(400, `More than ${MAX_BULK_IDS} ids sent for bulk edit action.`);
  if (body.action === "export" && dryRun) throw siemError(400, "Export action doesn't support dry_run mode");
  if (body.action === "run" || body.action === "fill_gaps") {
    throw siemError(400, `Bulk action "${body.action}" needs rule execution, which the Kibana emulator does not simulate`);
  }

  const connectors = ctx.stores.get<ConnectorsStore>(CONNECTORS_STORE);
  const exceptions = ctx.stores.get<ExceptionsStore>(EXCEPTIONS_STORE);
  const connectorType: ConnectorTypeOf = (id) => (connectors.get(ctx.spaceId, id) ?? connectors.getPreconfigured(id))?.connector_type_id;
  const errors: RuleError[] = [];
  let rules: Rule[];
  const missingIds: string[] = [];
  if (body.ids) {
    rules = [];
    for (const id of body.ids) {
      const r = store.getById(ctx.spaceId, id);
      if (r) rules.push(r);
      else {
        missingIds.push(id);
        errors.push({ message: "Rule not found", status_code: 500, rule: { id } });
      }
    }
  } else {
    const ast = parseRuleFilter(body.query);
    rules = store.all(ctx.spaceId).filter((r) => matchesFilter(r, ast));
    const limit = body.action === "edit" ? MAX_BULK_EDIT_QUERY_RULES : MAX_BULK_QUERY_RULES;
    if (rules.length > limit) throw siemError(400, `More than ${limit} rules matched the filter query. Try to narrow it down.`);
  }

  if (body.action === "export") {
    const raw = buildExportNdjson(rules, missingIds, false);
    return { raw, headers: { "content-type": "application/ndjson", "content-disposition": 'attachment; filename="rules_export.ndjson"' } };
  }

  const updated: Rule[] = [];
  const created: Rule[] = [];
  const deleted: Rule[] = [];
  const skipped: { id: string; name: string; skip_reason: string }[] = [];
  const skip = (r: Rule) => skipped.push({ id: r.id, name: r.name, skip_reason: "RULE_NOT_MODIFIED" });

  for (const rule of rules) {
    switch (body.action) {
      case "enable":
      case "disable": {
        const enabled = body.action === "enable";
        if (rule.enabled === enabled) {
          skip(rule);
          break;
        }
        const next = setEnabled(rule, enabled, actor);
        if (!dryRun) store.put(ctx.spaceId, next);
        updated.push(next);
        break;
      }
      case "delete":
        if (!dryRun) store.delete(ctx.spaceId, rule.id);
        deleted.push(rule);
        break;
      case "duplicate": {
        const withExceptions = body.duplicate?.include_exceptions ?? false;
        const refs = !withExceptions
          ? []
          : dryRun
            ? (rule.exceptions_list as unknown[])
            : duplicateExceptionRefs(rule.exceptions_list, body.duplicate?.include_expired_exceptions ?? false, exceptions, ctx.spaceId, actor);
        const copy = duplicateRule(rule, refs, actor);
        if (!dryRun) store.put(ctx.spaceId, copy);
        created.push(copy);
        break;
      }
      case "edit": {
        let edited: Rule;
        let actionsSet: boolean;
        try {
          ({ edited, actionsSet } = applyEdits(rule, body.edit, connectorType));
        } catch (e) {
          if (!(e instanceof EditError)) throw e;
          // `err_code` only comes from the dry-run checks (perform_bulk_action.ts "should return error if index patterns
          // action is applied to machine learning rule": the error object is exactly {message, status_code, rules}).
          errors.push({
            message: e.message,
            status_code: 500,
            ...(dryRun && e.errCode ? { err_code: e.errCode } : {}),
            rule: { id: rule.id, name: rule.name },
          });
          break;
        }
        if (!actionsSet && nextRevision(rule, edited) === rule.revision) {
          skip(rule);
          break;
        }
        // `ruleParamsModifier` bumps `version` of every edited custom rule, never of a prebuilt one
        // (perform_bulk_action.ts "should increment version on rule bulk edit").
        const version = rule.immutable ? rule.version : rule.version + 1;
        const next = withCustomization(
          ctx,
          rule,
          orderRule({ ...edited, version, revision: rule.revision + 1, updated_at: actor.now, updated_by: actor.username }) as Rule,
        );
        if (!dryRun) store.put(ctx.spaceId, next);
        updated.push(next);
        break;
      }
    }
  }

  const succeeded = updated.length + created.length + deleted.length;
  const summary = { failed: errors.length, succeeded, skipped: skipped.length, total: succeeded + errors.length + skipped.length };
  const results = dryRun ? { updated: [], created: [], deleted: [], skipped: [] } : { updated, created, deleted, skipped };

  if (errors.length) {
    // normalizeErrorResponse: one entry per distinct message/status, listing the rules.
    const grouped = new Map<string, { message: string; status_code: number; err_code?: string; rules: { id: string; name?: string }[] }>();
    for (const e of errors) {
      const key = `${e.status_code}\u0000${e.message}\u0000${e.err_code ?? ""}`;
      let g = grouped.get(key);
      if (!g) {
        g = { message: e.message, status_code: e.status_code, ...(e.err_code ? { err_code: e.err_code } : {}), rules: [] };
        grouped.set(key, g);
      }
      g.rules.push(e.rule);
    }
    const message = succeeded === 0 ? "Bulk edit failed" : "Bulk edit partially failed";
    return { status: 500, body: boomBody(500, message, { errors: [...grouped.values()], results, summary }) };
  }
  return { body: { success: true, rules_count: summary.total, attributes: { results, summary } } };
}
