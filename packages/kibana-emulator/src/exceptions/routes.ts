/**
 * Exception list and item routes (kibana-behaviour.md §2). Versioned public routes; handler errors are SIEM-shaped,
 * route-schema validation is Boom 400 using the shared zod schemas from @esac/kibana-client. `namespace_type`
 * defaults to `single` everywhere: an agnostic list or item is a 404 unless the call says `agnostic`.
 */
import {
  exceptionListCreateSchema,
  exceptionListItemCreateSchema,
  exceptionListItemUpdateSchema,
  exceptionListUpdateSchema,
  nonEmptyString,
  type ExceptionListItemUpdateProps,
} from "@esac/kibana-client";
import { z } from "zod";
import { siemError } from "../errors";
import type { HandlerResult, RouteContext, Router } from "../router";
import { validateBody, validateQuery } from "../validation";
import { findItemsQuerySchema, findListsQuerySchema, matchesSavedObjectFilter, matchesSearch, page, parseFilter, sortDocs } from "./find";
import {
  type Actor,
  commentsAppendOnlyErrors,
  createItemRecord,
  createListRecord,
  endpointEntryErrors,
  itemUpdateResponse,
  overwriteItemRecord,
  sortedResponse,
  updateListRecord,
} from "./model";
import { type ExceptionItemRecord, type ExceptionListRecord, type ExceptionsStore, savedObjectType } from "./store";

export const EXCEPTIONS_STORE = "exceptions";
const LISTS = "/api/exception_lists";
const ITEMS = "/api/exception_lists/items";
/** `MAX_EXCEPTION_LIST_SIZE`. */
export const MAX_EXCEPTION_LIST_SIZE = 10_000;

const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);
const namespaceType = z.preprocess(last, z.enum(["agnostic", "single"]).default("single"));
const listQuery = z.object({
  id: z.preprocess(last, nonEmptyString.optional()),
  list_id: z.preprocess(last, nonEmptyString.optional()),
  namespace_type: namespaceType,
});
const itemQuery = z.object({
  id: z.preprocess(last, nonEmptyString.optional()),
  item_id: z.preprocess(last, nonEmptyString.optional()),
  namespace_type: namespaceType,
});
const refreshQuery = z.object({ refresh: z.preprocess(last, z.enum(["true", "false", "wait_for"]).optional()) });

const storeOf = (ctx: RouteContext) => ctx.stores.get<ExceptionsStore>(EXCEPTIONS_STORE);
const actorOf = (ctx: RouteContext): Actor => ({ now: ctx.now(), username: ctx.username });

function listNotFound(ids: { id?: string; list_id?: string }): string {
  if (ids.id != null) return `exception list id: "${ids.id}" does not exist`;
  if (ids.list_id != null) return `exception list list_id: "${ids.list_id}" does not exist`;
  return "exception list does not exist";
}

function itemNotFound(ids: { id?: string; item_id?: string }): string {
  if (ids.id != null) return `exception list item id: "${ids.id}" does not exist`;
  return `exception list item item_id: "${ids.item_id}" does not exist`;
}

/** A stale `_version` is a saved-object version conflict. */
function assertVersion(sent: string | undefined, record: { _version: string; id: string; namespace_type: ExceptionListRecord["namespace_type"] }): void {
  if (sent !== undefined && sent !== record._version) {
    throw siemError(409, `Saved object [${savedObjectType(record.namespace_type)}/${record.id}] conflict`);
  }
}

// ---- lists ------------------------------------------------------------------------------------------------

function createList(ctx: RouteContext): HandlerResult {
  const body = validateBody(exceptionListCreateSchema, ctx.body, ctx.version);
  const store = storeOf(ctx);
  const ns = body.namespace_type ?? "single";
  if (body.list_id !== undefined && store.findList(ns, ctx.spaceId, { list_id: body.list_id })) {
    throw siemError(409, `exception list id: "${body.list_id}" already exists`);
  }
  const list = createListRecord(body, store.nextVersion(), actorOf(ctx));
  store.putList(ctx.spaceId, list);
  return { body: sortedResponse(list) };
}

function readList(ctx: RouteContext): HandlerResult {
  const q = validateQuery(listQuery, ctx.query, ctx.version);
  if (q.id == null && q.list_id == null) throw siemError(400, "id or list_id required");
  const list = storeOf(ctx).findList(q.namespace_type, ctx.spaceId, q);
  if (!list) throw siemError(404, listNotFound(q));
  return { body: sortedResponse(list) };
}

function updateList(ctx: RouteContext): HandlerResult {
  const body = validateBody(exceptionListUpdateSchema, ctx.body, ctx.version);
  if (body.id == null && body.list_id == null) throw siemError(404, "either id or list_id need to be defined");
  const store = storeOf(ctx);
  const ids = { id: body.id, list_id: body.id == null ? body.list_id : undefined };
  const existing = store.findList(body.namespace_type ?? "single", ctx.spaceId, ids);
  if (!existing) throw siemError(404, listNotFound(ids));
  assertVersion(body._version, existing);
  const list = updateListRecord(existing, body, store.nextVersion(), actorOf(ctx));
  store.putList(ctx.spaceId, list);
  return { body: sortedResponse(list) };
}

function deleteList(ctx: RouteContext): HandlerResult {
  const q = validateQuery(listQuery, ctx.query, ctx.version);
  if (q.id == null && q.list_id == null) throw siemError(400, 'Either "list_id" or "id" needs to be defined in the request');
  const store = storeOf(ctx);
  const list = store.findList(q.namespace_type, ctx.spaceId, q);
  if (!list) throw siemError(404, listNotFound(q));
  store.deleteList(ctx.spaceId, list);
  return { body: sortedResponse(list) };
}

function findLists(ctx: RouteContext): HandlerResult {
  const q = validateQuery(findListsQuerySchema, ctx.query, ctx.version);
  const ast = parseFilter(q.filter);
  const pageNo = q.page ?? 1;
  const perPage = q.per_page ?? 20;
  const matching = sortDocs(
    storeOf(ctx)
      .listsVisible([...new Set(q.namespace_type)], ctx.spaceId)
      .filter((l) => matchesSavedObjectFilter(l, ast)),
    q.sort_field,
    q.sort_order,
  );
  return { body: { data: page(matching, pageNo, perPage).map(sortedResponse), page: pageNo, per_page: perPage, total: matching.length } };
}

// ---- items ------------------------------------------------------------------------------------------------

function createItem(ctx: RouteContext): HandlerResult {
  const body = validateBody(exceptionListItemCreateSchema, ctx.body, ctx.version);
  const store = storeOf(ctx);
  const ns = body.namespace_type ?? "single";
  const list = store.findList(ns, ctx.spaceId, { list_id: body.list_id });
  if (!list) throw siemError(404, `exception list id: "${body.list_id}" does not exist`);
  if (body.item_id !== undefined && store.findItem(ns, ctx.spaceId, { item_id: body.item_id })) {
    throw siemError(409, `exception list item id: "${body.item_id}" already exists`);
  }
  if (list.type === "endpoint") {
    const errors = endpointEntryErrors(body.entries);
    if (errors.length) throw siemError(400, errors);
  }
  const item = createItemRecord(body, store.nextVersion(), actorOf(ctx));
  store.putItem(ctx.spaceId, item);
  if (store.itemsOfList(ns, ctx.spaceId, list.list_id).length > MAX_EXCEPTION_LIST_SIZE) {
    store.deleteItem(ctx.spaceId, item);
    throw siemError(400, `Failed to add exception item, exception list would exceed max size of ${MAX_EXCEPTION_LIST_SIZE}`);
  }
  return { body: sortedResponse(item) };
}

function readItem(ctx: RouteContext): HandlerResult {
  const q = validateQuery(itemQuery, ctx.query, ctx.version);
  if (q.id == null && q.item_id == null) throw siemError(400, "id or item_id required");
  const item = storeOf(ctx).findItem(q.namespace_type, ctx.spaceId, q);
  if (!item) throw siemError(404, itemNotFound(q));
  return { body: sortedResponse(item) };
}

function updateItem(ctx: RouteContext): HandlerResult {
  validateQuery(refreshQuery, ctx.query, ctx.version);
  const body = validateBody(exceptionListItemUpdateSchema, ctx.body, ctx.version) as ExceptionListItemUpdateProps;
  const commentErrors = commentsAppendOnlyErrors(body.comments);
  if (commentErrors.length) throw siemError(400, commentErrors);
  if (body.id == null && body.item_id == null) throw siemError(404, "either id or item_id need to be defined");
  const store = storeOf(ctx);
  const existing = store.findItem(body.namespace_type ?? "single", ctx.spaceId, body.id != null ? { id: body.id } : { item_id: body.item_id });
  if (!existing) throw siemError(404, itemNotFound(body));
  assertVersion(body._version, existing);
  const item = overwriteItemRecord(existing, body, store.nextVersion(), actorOf(ctx));
  store.putItem(ctx.spaceId, item);
  return { body: itemUpdateResponse(item, existing) };
}

function deleteItem(ctx: RouteContext): HandlerResult {
  const q = validateQuery(itemQuery, ctx.query, ctx.version);
  if (q.id == null && q.item_id == null) throw siemError(400, 'Either "item_id" or "id" needs to be defined in the request');
  const store = storeOf(ctx);
  const item = store.findItem(q.namespace_type, ctx.spaceId, q);
  if (!item) throw siemError(404, itemNotFound(q));
  store.deleteItem(ctx.spaceId, item);
  return { body: sortedResponse(item) };
}

function findItems(ctx: RouteContext): HandlerResult {
  const q = validateQuery(findItemsQuerySchema, ctx.query, ctx.version);
  const filters = q.filter.filter((f) => f !== "");
  if (q.list_id.length !== q.namespace_type.length) {
    throw siemError(
      400,
      `list_id and namespace_id need to have the same comma separated number of values. Expected list_id length: ${q.list_id.length} to equal namespace_type length: ${q.namespace_type.length}`,
    );
  }
  if (filters.length !== 0 && filters.length !== q.list_id.length) {
    throw siemError(
      400,
      `list_id and filter need to have the same comma separated number of values. Expected list_id length: ${q.list_id.length} to equal filter length: ${filters.length}`,
    );
  }
  const store = storeOf(ctx);
  if (q.list_id.some((listId, i) => !store.findList(q.namespace_type[i]!, ctx.spaceId, { list_id: listId }))) {
    throw siemError(404, `exception list id: "${q.list_id.join(",")}" does not exist`);
  }
  const matching: ExceptionItemRecord[] = [];
  q.list_id.forEach((listId, i) => {
    const ast = parseFilter(filters[i]);
    for (const item of store.itemsOfList(q.namespace_type[i]!, ctx.spaceId, listId)) {
      if (matchesSavedObjectFilter(item, ast) && matchesSearch(item, q.search)) matching.push(item);
    }
  });
  const pageNo = Math.max(q.page ?? 1, 1);
  const perPage = q.per_page ?? 20;
  const sorted = sortDocs(matching, q.sort_field, q.sort_order);
  return { body: { data: page(sorted, pageNo, perPage).map(sortedResponse), page: pageNo, per_page: perPage, total: sorted.length } };
}

export function registerExceptionRoutes(router: Router): void {
  const route = { family: "siem" as const, versioned: true };
  router
    .add({ ...route, method: "POST", path: LISTS, handler: createList })
    .add({ ...route, method: "GET", path: LISTS, handler: readList })
    .add({ ...route, method: "PUT", path: LISTS, handler: updateList })
    .add({ ...route, method: "DELETE", path: LISTS, handler: deleteList })
    .add({ ...route, method: "GET", path: `${LISTS}/_find`, handler: findLists })
    .add({ ...route, method: "POST", path: ITEMS, handler: createItem })
    .add({ ...route, method: "GET", path: ITEMS, handler: readItem })
    .add({ ...route, method: "PUT", path: ITEMS, handler: updateItem })
    .add({ ...route, method: "DELETE", path: ITEMS, handler: deleteItem })
    .add({ ...route, method: "GET", path: `${ITEMS}/_find`, handler: findItems });
}
