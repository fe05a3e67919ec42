/**
 * Detection engine rule routes (kibana-behaviour.md §1). Versioned public routes; handler errors are SIEM-shaped,
 * route-schema validation is Boom 400 (`[request body]: …`) using the shared zod schema from @esac/kibana-client.
 */
import { RULE_TYPES, ruleCreateSchema, rulePatchSchema, ruleUpdateSchema, type RuleCreateProps, type RuleType } from "@esac/kibana-client";
import { z } from "zod";
import { siemError } from "../errors";
import { EXCEPTIONS_STORE, type ExceptionsStore } from "../exceptions";
import type { HandlerResult, RouteContext, Router } from "../router";
import { parseAsKibana, validateBody, validateQuery } from "../validation";
import { handleBulkAction } from "./bulk";
import { findRulesQuerySchema, matchesFilter, parseRuleFilter, sortRules } from "./find";
import { buildExportNdjson, importFile, importRules } from "./import-export";
import { type Actor, alertingRuleTypeId, createRule, patchRule, type Rule, updateRule } from "./model";
import type { RulesStore } from "./store";
import { assertCustomizable, withCustomization } from "../prebuilt-rules/customization";
import { dropFieldsUnknownTo } from "./version-fields";
import {
  assertNoErrors,
  notFoundMessage,
  validateCreateRuleProps,
  validateDefaultExceptionLists,
  validateIds,
  validatePatchRuleProps,
  validateUpdateRuleProps,
} from "./validate";

export const RULES_STORE = "detection-rules";
const BASE = "/api/detection_engine/rules";

const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);
/** `QueryRuleByIds`: `id` is a UUID, `rule_id` any string. */
const ruleByIdsQuery = z.object({
  id: z.preprocess(last, z.uuid().optional()),
  rule_id: z.preprocess(last, z.string().optional()),
});

const booleanString = z.preprocess(last, z.enum(["true", "false"]).optional());
const exportQuery = z.object({ exclude_export_details: booleanString, file_name: z.preprocess(last, z.string().optional()) });
const exportBody = z
  .object({ objects: z.array(z.object({ rule_id: z.string() })) })
  .nullable()
  .optional();
const importQuery = z.object({
  overwrite: booleanString,
  overwrite_exceptions: booleanString,
  overwrite_action_connectors: booleanString,
  as_new_list: booleanString,
});

/** Route-level PATCH schema (`RulePatchProps`): a union of every type's patch props. */
const patchRouteSchema = z.union(RULE_TYPES.map((t) => rulePatchSchema(t)) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

function rulesOf(ctx: RouteContext): RulesStore {
  return ctx.stores.get<RulesStore>(RULES_STORE);
}

function actorOf(ctx: RouteContext): Actor {
  return { now: ctx.now(), username: ctx.username };
}

function mustFind(store: RulesStore, spaceId: string, ids: { id?: string; rule_id?: string }): Rule {
  const rule = store.find(spaceId, ids);
  if (!rule) throw siemError(404, notFoundMessage(ids));
  return rule;
}

/** Only `query` and `saved_query` share an alerting rule type; other type changes fail params validation. */
function assertSameAlertingType(existing: Rule, type: RuleType): void {
  if (alertingRuleTypeId(existing.type) !== alertingRuleTypeId(type)) {
    throw siemError(
      400,
      `params invalid: cannot change rule type from "${existing.type}" to "${type}" (alerting rule type ${alertingRuleTypeId(existing.type)})`,
    );
  }
}

function createHandler(ctx: RouteContext): HandlerResult {
  const body = dropFieldsUnknownTo(validateBody(ruleCreateSchema, ctx.body, ctx.version) as RuleCreateProps, ctx.version);
  assertNoErrors(validateCreateRuleProps(body as Record<string, unknown>));
  const store = rulesOf(ctx);
  if (body.rule_id != null && store.getByRuleId(ctx.spaceId, body.rule_id)) {
    throw siemError(409, `rule_id: "${body.rule_id}" already exists`);
  }
  const actor = actorOf(ctx);
  // Side effect of every create: the agnostic endpoint exception list exists afterwards (§1.2, §2.8).
  ctx.stores.get<ExceptionsStore>(EXCEPTIONS_STORE).ensureEndpointList(actor.now, actor.username);
  validateDefaultExceptionLists(body.exceptions_list, store.all(ctx.spaceId), {});
  const rule = createRule(body, actor);
  store.put(ctx.spaceId, rule);
  return { body: rule };
}

function readHandler(ctx: RouteContext): HandlerResult {
  const q = validateQuery(ruleByIdsQuery, ctx.query, ctx.version);
  assertNoErrors(validateIds(q));
  return { body: mustFind(rulesOf(ctx), ctx.spaceId, q) };
}

function updateHandler(ctx: RouteContext): HandlerResult {
  const body = dropFieldsUnknownTo(validateBody(ruleUpdateSchema, ctx.body, ctx.version) as RuleCreateProps & { id?: string }, ctx.version);
  assertNoErrors(validateUpdateRuleProps(body as Record<string, unknown>));
  const store = rulesOf(ctx);
  validateDefaultExceptionLists(body.exceptions_list, store.all(ctx.spaceId), { id: store.find(ctx.spaceId, body)?.id, label: body.id ?? body.rule_id });
  const existing = mustFind(store, ctx.spaceId, body);
  assertSameAlertingType(existing, body.type);
  assertCustomizable(existing, body as Record<string, unknown>, "put");
  const rule = withCustomization(ctx, existing, updateRule(existing, body, actorOf(ctx)));
  store.put(ctx.spaceId, rule);
  return { body: rule };
}

function patchHandler(ctx: RouteContext): HandlerResult {
  const raw = validateBody(patchRouteSchema, ctx.body, ctx.version) as Record<string, unknown>;
  assertNoErrors(validatePatchRuleProps(raw));
  const store = rulesOf(ctx);
  const ids = raw as { id?: string; rule_id?: string };
  const existing = mustFind(store, ctx.spaceId, ids);
  // Type-specific validation against the EXISTING rule's type: a different `type` fails here (SIEM 400).
  const parsed = parseAsKibana(rulePatchSchema(existing.type), ctx.body, ctx.version);
  if (!parsed.success) throw siemError(400, parsed.message);
  const patch = dropFieldsUnknownTo(parsed.data as Record<string, unknown>, ctx.version);
  if (patch.exceptions_list !== undefined) {
    validateDefaultExceptionLists(patch.exceptions_list, store.all(ctx.spaceId), { id: existing.id, label: ids.id ?? ids.rule_id });
  }
  assertCustomizable(existing, patch, "patch");
  const rule = withCustomization(ctx, existing, patchRule(existing, patch, actorOf(ctx)));
  store.put(ctx.spaceId, rule);
  return { body: rule };
}

function deleteHandler(ctx: RouteContext): HandlerResult {
  const q = validateQuery(ruleByIdsQuery, ctx.query, ctx.version);
  assertNoErrors(validateIds(q));
  const store = rulesOf(ctx);
  const rule = mustFind(store, ctx.spaceId, q);
  store.delete(ctx.spaceId, rule.id);
  return { body: rule };
}

function findHandler(ctx: RouteContext): HandlerResult {
  const q = validateQuery(findRulesQuerySchema, ctx.query, ctx.version);
  if ((q.sort_field === undefined) !== (q.sort_order === undefined)) {
    throw siemError(400, ['when "sort_order" and "sort_field" must exist together or not at all']);
  }
  const page = q.page ?? 1;
  const perPage = q.per_page ?? 20;
  const ast = parseRuleFilter(q.filter);
  const matching = sortRules(
    rulesOf(ctx)
      .all(ctx.spaceId)
      .filter((r) => matchesFilter(r, ast)),
    q.sort_field,
    q.sort_order,
  );
  const data = matching.slice((page - 1) * perPage, page * perPage);
  return { body: { page, perPage, total: matching.length, data } };
}

function exportHandler(ctx: RouteContext): HandlerResult {
  const q = validateQuery(exportQuery, ctx.query, ctx.version);
  const body = validateBody(exportBody, ctx.body, ctx.version);
  const store = rulesOf(ctx);
  let rules: Rule[];
  const missing: string[] = [];
  if (body?.objects) {
    rules = [];
    for (const { rule_id } of body.objects) {
      const r = store.getByRuleId(ctx.spaceId, rule_id);
      if (r) rules.push(r);
      else missing.push(rule_id);
    }
  } else {
    rules = store.all(ctx.spaceId);
  }
  const fileName = q.file_name ?? "export.ndjson";
  return {
    raw: buildExportNdjson(rules, missing, q.exclude_export_details === "true"),
    headers: { "content-type": "application/ndjson", "content-disposition": `attachment; filename="${fileName}"` },
  };
}

function importHandler(ctx: RouteContext): HandlerResult {
  const q = validateQuery(importQuery, ctx.query, ctx.version);
  const text = importFile(ctx.parts);
  return { body: importRules(text, { overwrite: q.overwrite === "true", version: ctx.version }, rulesOf(ctx), ctx.spaceId, actorOf(ctx)) };
}

export function registerDetectionRuleRoutes(router: Router): void {
  const route = { family: "siem" as const, versioned: true };
  router
    .add({ ...route, method: "POST", path: BASE, handler: createHandler })
    .add({ ...route, method: "GET", path: BASE, handler: readHandler })
    .add({ ...route, method: "PUT", path: BASE, handler: updateHandler })
    .add({ ...route, method: "PATCH", path: BASE, handler: patchHandler })
    .add({ ...route, method: "DELETE", path: BASE, handler: deleteHandler })
    .add({ ...route, method: "GET", path: `${BASE}/_find`, handler: findHandler })
    .add({ ...route, method: "POST", path: `${BASE}/_bulk_action`, handler: (ctx) => handleBulkAction(ctx, rulesOf(ctx), actorOf(ctx)), mutates: true })
    .add({ ...route, method: "POST", path: `${BASE}/_export`, handler: exportHandler, mutates: false })
    .add({ ...route, method: "POST", path: `${BASE}/_import`, handler: importHandler, multipart: true });
}
