/** `POST /api/detection_engine/rules/_bulk_action` (kibana-behaviour.md §1.11). */
import { z } from "zod";
import { boomBody, siemError } from "../errors";
import type { HandlerResult, RouteContext } from "../router";
import { queryBoolean, validateBody } from "../validation";
import { matchesFilter, parseRuleFilter } from "./find";
import { buildExportNdjson } from "./import-export";
import { type Actor, duplicateRule, nextRevision, orderRule, type Rule, setEnabled } from "./model";
import type { RulesStore } from "./store";

export const MAX_BULK_IDS = 10_000;
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
const editAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("add_tags"), value: stringArray }),
  z.object({ type: z.literal("delete_tags"), value: stringArray }),
  z.object({ type: z.literal("set_tags"), value: stringArray }),
  z.object({ type: z.literal("add_index_patterns"), value: stringArray, overwrite_data_views: z.boolean().optional() }),
  z.object({ type: z.literal("delete_index_patterns"), value: stringArray, overwrite_data_views: z.boolean().optional() }),
  z.object({ type: z.literal("set_index_patterns"), value: stringArray, overwrite_data_views: z.boolean().optional() }),
  z.object({ type: z.literal("set_timeline"), value: z.object({ timeline_id: z.string(), timeline_title: z.string() }) }),
  z.object({ type: z.literal("set_schedule"), value: z.object({ interval: z.string(), lookback: z.string() }) }),
  z.object({ type: z.literal("add_investigation_fields"), value: z.object({ field_names: z.array(z.string().min(1)).min(1) }) }),
  z.object({ type: z.literal("delete_investigation_fields"), value: z.object({ field_names: z.array(z.string().min(1)).min(1) }) }),
  z.object({ type: z.literal("set_investigation_fields"), value: z.object({ field_names: z.array(z.string().min(1)).min(1) }) }),
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

function durationSeconds(s: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
}

const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/** Applies bulk edit operations to a copy of the rule content; throws EditError for per-rule failures. */
function applyEdits(rule: Rule, edits: EditAction[]): Rule {
  const next: Record<string, unknown> = structuredClone(rule);
  for (const e of edits) {
    switch (e.type) {
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
      case "set_index_patterns": {
        if (rule.type === "machine_learning")
          throw new EditError("Index patterns can't be added. Machine learning rule doesn't have index patterns property", "MACHINE_LEARNING_INDEX_PATTERN");
        if (rule.type === "esql") throw new EditError("Index patterns can't be added. ES|QL rule doesn't have index patterns property", "ESQL_INDEX_PATTERN");
        if (next.data_view_id !== undefined) {
          if (!e.overwrite_data_views) break; // data view rules are left alone unless asked
          delete next.data_view_id;
        }
        const current = (next.index as string[] | undefined) ?? [];
        const index =
          e.type === "add_index_patterns"
            ? union(current, e.value)
            : e.type === "delete_index_patterns"
              ? current.filter((i) => !e.value.includes(i))
              : [...e.value];
        if (!index.length) throw new EditError("Mutated params invalid: Index patterns can't be empty");
        next.index = index;
        break;
      }
      case "set_timeline":
        if (e.value.timeline_id === "" && e.value.timeline_title === "") {
          delete next.timeline_id;
          delete next.timeline_title;
        } else {
          next.timeline_id = e.value.timeline_id;
          next.timeline_title = e.value.timeline_title;
        }
        break;
      case "set_schedule": {
        const interval = durationSeconds(e.value.interval);
        const lookback = durationSeconds(e.value.lookback);
        if (interval === undefined || lookback === undefined)
          throw new EditError(`Invalid schedule: interval "${e.value.interval}", lookback "${e.value.lookback}"`);
        next.interval = e.value.interval;
        next.from = `now-${interval + lookback}s`;
        next.to = "now";
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
  return orderRule(next) as Rule;
}

export function handleBulkAction(ctx: RouteContext, store: RulesStore, actor: Actor): HandlerResult {
  const body = validateBody(bulkActionSchema, ctx.body);
  const dryRun = queryBoolean(ctx.query.dry_run) ?? false;
  if (body.ids && body.query !== undefined) throw siemError(400, "Both query and ids are sent. Define either ids or query in request payload.");
  if (body.ids && body.ids.length > MAX_BULK_IDS) throw siemError(400, `More than ${MAX_BULK_IDS} ids sent for bulk edit action.`);
  if (body.action === "export" && dryRun) throw siemError(400, "Export action doesn't support dry_run mode");
  if (body.action === "run" || body.action === "fill_gaps") {
    throw siemError(400, `Bulk action "${body.action}" needs rule execution, which the Kibana emulator does not simulate`);
  }

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
        const copy = duplicateRule(rule, body.duplicate?.include_exceptions ?? false, actor);
        if (!dryRun) store.put(ctx.spaceId, copy);
        created.push(copy);
        break;
      }
      case "edit": {
        let edited: Rule;
        try {
          edited = applyEdits(rule, body.edit);
        } catch (e) {
          if (!(e instanceof EditError)) throw e;
          errors.push({ message: e.message, status_code: 500, ...(e.errCode ? { err_code: e.errCode } : {}), rule: { id: rule.id, name: rule.name } });
          break;
        }
        if (nextRevision(rule, edited) === rule.revision) {
          skip(rule);
          break;
        }
        const next = orderRule({ ...edited, revision: rule.revision + 1, updated_at: actor.now, updated_by: actor.username }) as Rule;
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
