/**
 * Value-list routes (kibana-behaviour.md §3): data streams, lists, items, `_find` with cursors, `_import`
 * (multipart) and `_export`. Versioned public routes; handler errors are SIEM-shaped, route-schema validation is
 * Boom 400 using the shared zod schemas from @esac/kibana-client.
 */
import { formatKibanaVersion } from "@esac/kibana-client";
import { extname } from "node:path";
import {
  listItemCreateSchema,
  listItemPatchSchema,
  listItemUpdateSchema,
  nonEmptyString,
  VALUE_LIST_TYPES,
  valueListCreateSchema,
  valueListPatchSchema,
  valueListUpdateSchema,
  type ValueListType,
} from "@esac/kibana-client";
import { z } from "zod";
import { boomError, siemError } from "../errors";
import { EXCEPTIONS_STORE, type ExceptionItemRecord, type ExceptionsStore } from "../exceptions";
import { sortedResponse } from "../exceptions/model";
import { evaluateKql, KqlSyntaxError, parseKql, valuesAtPath } from "../kql";
import type { HandlerResult, RouteContext, Router } from "../router";
import { validateBody, validateQuery } from "../validation";
import { decodeCursor, deserializeValue, findPage, importLines, mappingError, mappingErrorMessage, serializeValue } from "./model";
import type { ListItemRecord, ValueListRecord, ValueListsStore } from "./store";

export const VALUE_LISTS_STORE = "value-lists";
const LISTS = "/api/lists";
const ITEMS = "/api/lists/items";
const IMPORT_EXTENSIONS = [".csv", ".txt"];

const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);
const str = <T extends z.ZodType>(schema: T) => z.preprocess(last, schema.optional());
const int = (min: number) =>
  z.preprocess((v) => {
    const s = last(v);
    return typeof s === "string" && s.trim() !== "" && !Number.isNaN(Number(s)) ? Number(s) : s;
  }, z.number().int().min(min).optional());
const booleanString = z.preprocess(last, z.enum(["true", "false"]).optional());
const refresh = z.preprocess(last, z.enum(["true", "false", "wait_for"]).optional());

const idQuery = z.object({ id: z.preprocess(last, nonEmptyString) });
const deleteListQuery = idQuery.extend({ deleteReferences: booleanString, ignoreReferences: booleanString });
const itemQuery = z.object({ id: str(nonEmptyString), list_id: str(nonEmptyString), value: str(z.string()), refresh });
const findQuery = z.object({
  page: int(0),
  per_page: int(0),
  sort_field: str(nonEmptyString),
  sort_order: str(z.enum(["asc", "desc"])),
  cursor: str(nonEmptyString),
  filter: str(z.string()),
});
const findItemsQuery = findQuery.extend({ list_id: z.preprocess(last, nonEmptyString) });
const importQuery = z.object({ list_id: str(nonEmptyString), type: str(z.enum(VALUE_LIST_TYPES)), refresh });

const storeOf = (ctx: RouteContext) => ctx.stores.get<ValueListsStore>(VALUE_LISTS_STORE);

function orderedList(list: ValueListRecord): Record<string, unknown> {
  const { _version, "@timestamp": ts, ...rest } = list;
  const out: Record<string, unknown> = { _version, "@timestamp": ts };
  for (const key of Object.keys(rest).sort()) if ((rest as Record<string, unknown>)[key] !== undefined) out[key] = (rest as Record<string, unknown>)[key];
  return out;
}

/** An item as reads return it (the stored typed value rendered back). */
function itemResponse(item: ListItemRecord, overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  const { stored: _stored, ...rest } = item;
  const out: Record<string, unknown> = { ...rest, ...overrides };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

function mustGetList(ctx: RouteContext, id: string, message: string, status = 404): ValueListRecord {
  const list = storeOf(ctx).getList(ctx.spaceId, id);
  if (!list) throw siemError(status, message);
  return list;
}

/** `checkVersionConflict` (a Boom 409 passed through `transformError`). */
function assertVersion(sent: string | undefined, existing: string): void {
  if (sent && sent !== existing) {
    const decode = (v: string) => {
      try {
        const [seqNo, primaryTerm] = JSON.parse(Buffer.from(v, "base64").toString()) as [number, number];
        return { if_primary_term: primaryTerm, if_seq_no: seqNo };
      } catch {
        return {};
      }
    };
    throw siemError(409, `Conflict: versions mismatch. Provided versions:${JSON.stringify(decode(sent))} does not match ${JSON.stringify(decode(existing))}`);
  }
}

function newItem(ctx: RouteContext, list: ValueListRecord, value: string, id: string, meta: Record<string, unknown> | undefined): ListItemRecord {
  const stored = serializeValue(list.type, value);
  const bad = mappingError(list.type, stored);
  if (bad !== undefined) throw siemError(400, mappingErrorMessage(list.type, id, bad));
  const now = ctx.now();
  return {
    _version: storeOf(ctx).nextVersion(ctx.spaceId, "items"),
    "@timestamp": now,
    id,
    list_id: list.id,
    type: list.type,
    stored,
    value: deserializeValue(list.type, stored),
    meta,
    tie_breaker_id: ctx.uuid(),
    created_at: now,
    created_by: ctx.username,
    updated_at: now,
    updated_by: ctx.username,
  };
}

function parseFilter(filter: string | undefined) {
  if (!filter) return null;
  try {
    return parseKql(filter);
  } catch (e) {
    if (e instanceof KqlSyntaxError) throw siemError(400, `KQLSyntaxError: ${e.message}\n${filter}`);
    throw e;
  }
}

function find<T extends { tie_breaker_id: string }>(docs: T[], q: z.infer<typeof findQuery>, sortValue: (doc: T, field: string) => string) {
  const pageNo = q.page ?? 1;
  const perPage = q.per_page ?? 20;
  const cursor = decodeCursor(q.cursor, pageNo, perPage, q.sort_field);
  if (!cursor.ok) throw siemError(400, cursor.message);
  const ast = parseFilter(q.filter);
  const matching = docs.filter((d) => evaluateKql(ast, (field) => ({ values: field === null ? [] : valuesAtPath(d, field) })));
  const sortKey = q.sort_field ? (doc: T) => sortValue(doc, q.sort_field!) : undefined;
  const dir: 1 | -1 = sortKey && q.sort_order === "desc" ? -1 : 1;
  const keyed = matching.map((doc) => ({ doc, key: sortKey ? `${sortKey(doc)}\0${doc.tie_breaker_id}` : doc.tie_breaker_id }));
  keyed.sort((a, b) => (a.key < b.key ? -dir : a.key > b.key ? dir : 0));
  const sorted = keyed.map((k) => k.doc);
  const { data, cursor: next } = findPage(sorted, sortKey, cursor, pageNo, perPage, dir);
  return { cursor: next, data, page: pageNo, per_page: perPage, total: matching.length };
}

// ---- data streams -----------------------------------------------------------------------------------------

function readIndex(ctx: RouteContext): HandlerResult {
  if (!storeOf(ctx).hasDataStreams(ctx.spaceId)) {
    throw siemError(404, `data stream .lists-${ctx.spaceId} and data stream .items-${ctx.spaceId} does not exist`);
  }
  return { body: { list_index: true, list_item_index: true } };
}

function createIndex(ctx: RouteContext): HandlerResult {
  storeOf(ctx).createDataStreams(ctx.spaceId);
  return { body: { acknowledged: true } };
}

function deleteIndex(ctx: RouteContext): HandlerResult {
  const store = storeOf(ctx);
  if (!store.hasDataStreams(ctx.spaceId)) {
    throw siemError(404, `data stream .lists-${ctx.spaceId} and data stream .items-${ctx.spaceId} does not exist`);
  }
  store.deleteDataStreams(ctx.spaceId);
  return { body: { acknowledged: true } };
}

// ---- lists ------------------------------------------------------------------------------------------------

function createList(ctx: RouteContext): HandlerResult {
  const body = validateBody(valueListCreateSchema, ctx.body, ctx.version);
  const store = storeOf(ctx);
  if (!store.hasDataStreams(ctx.spaceId)) {
    throw siemError(400, `To create a list, the data stream must exist first. Data stream ".lists-${ctx.spaceId}" does not exist`);
  }
  if (body.id != null && store.getList(ctx.spaceId, body.id)) throw siemError(409, `list id: "${body.id}" already exists`);
  const now = ctx.now();
  const list: ValueListRecord = {
    _version: store.nextVersion(ctx.spaceId, "lists"),
    "@timestamp": now,
    id: body.id ?? ctx.uuid(),
    type: body.type,
    name: body.name,
    description: body.description,
    immutable: false,
    version: body.version ?? 1,
    meta: body.meta,
    tie_breaker_id: ctx.uuid(),
    created_at: now,
    created_by: ctx.username,
    updated_at: now,
    updated_by: ctx.username,
  };
  store.putList(ctx.spaceId, list);
  // Custom serializers were removed: the keys are accepted, ignored, and answered with a Warning header.
  return { body: orderedList(list), headers: serializerWarnings(ctx, ctx.body as Record<string, unknown>, "parameter") };
}

function readList(ctx: RouteContext): HandlerResult {
  const { id } = validateQuery(idQuery, ctx.query, ctx.version);
  return { body: orderedList(mustGetList(ctx, id, `list id: "${id}" does not exist`)) };
}

function writeList(ctx: RouteContext, patch: boolean): HandlerResult {
  const body = patch ? validateBody(valueListPatchSchema, ctx.body, ctx.version) : validateBody(valueListUpdateSchema, ctx.body, ctx.version);
  const store = storeOf(ctx);
  const existing = mustGetList(ctx, body.id, `list id: "${body.id}" not found`);
  assertVersion(body._version, existing._version);
  const list: ValueListRecord = {
    ...existing,
    _version: store.nextVersion(ctx.spaceId, "lists"),
    name: body.name ?? existing.name,
    description: body.description ?? existing.description,
    // PUT assigns meta (painless sets it to null when omitted, which reads as absent); PATCH keeps it.
    meta: patch ? (body.meta ?? existing.meta) : body.meta,
    version: body.version ?? existing.version + 1,
    updated_at: ctx.now(),
    updated_by: ctx.username,
  };
  store.putList(ctx.spaceId, list);
  return { body: orderedList(list) };
}

/** Exception items (this space's and agnostic ones) with a `list` entry naming the value list. */
function referencingItems(ctx: RouteContext, listId: string): ExceptionItemRecord[] {
  const refersTo = (entry: unknown): boolean => {
    const e = entry as { type?: string; list?: { id?: string }; entries?: unknown[] };
    return (e.type === "list" && e.list?.id === listId) || (Array.isArray(e.entries) && e.entries.some(refersTo));
  };
  return ctx.stores
    .get<ExceptionsStore>(EXCEPTIONS_STORE)
    .itemsVisible(ctx.spaceId)
    .filter((i) => i.entries.some(refersTo));
}

function deleteList(ctx: RouteContext): HandlerResult {
  const q = validateQuery(deleteListQuery, ctx.query, ctx.version);
  const exceptions = ctx.stores.get<ExceptionsStore>(EXCEPTIONS_STORE);
  if (q.ignoreReferences !== "true") {
    const refs = referencingItems(ctx, q.id);
    if (refs.length && q.deleteReferences === "true") {
      for (const item of refs) {
        // Kibana keeps only the *other* list entries of the item (dropping its non-list entries too).
        const remaining = item.entries.filter(
          (e) => (e as { type?: string; list?: { id?: string } }).type === "list" && (e as { list: { id: string } }).list.id !== q.id,
        );
        if (remaining.length === 0) exceptions.deleteItem(ctx.spaceId, item);
        else exceptions.putItem(ctx.spaceId, { ...item, entries: remaining, _version: exceptions.nextVersion(), updated_at: ctx.now() });
      }
    } else if (refs.length) {
      const references = refs.map((item) => ({
        exception_item: sortedResponse(item),
        exception_list: sortedResponse(exceptions.findList(item.namespace_type, ctx.spaceId, { list_id: item.list_id }) ?? {}),
      }));
      throw siemError(409, { error: { message: `Value list '${q.id}' is referenced in existing exception list(s)`, references, value_list_id: q.id } });
    }
  }
  const deleted = storeOf(ctx).deleteList(ctx.spaceId, q.id);
  if (!deleted) throw siemError(404, `list id: "${q.id}" was not found`);
  return { body: orderedList(deleted) };
}

function findLists(ctx: RouteContext): HandlerResult {
  const q = validateQuery(findQuery, ctx.query, ctx.version);
  const result = find(storeOf(ctx).allLists(ctx.spaceId), q, (doc, field) => String((doc as unknown as Record<string, unknown>)[field] ?? ""));
  return { body: { ...result, data: result.data.map(orderedList) } };
}

// ---- items ------------------------------------------------------------------------------------------------

function createItem(ctx: RouteContext): HandlerResult {
  const body = validateBody(listItemCreateSchema, ctx.body, ctx.version);
  const store = storeOf(ctx);
  const list = mustGetList(ctx, body.list_id, `list id: "${body.list_id}" does not exist`);
  if (body.id != null && store.getItem(ctx.spaceId, body.id)) throw siemError(409, `list item id: "${body.id}" already exists`);
  const item = newItem(ctx, list, body.value, body.id ?? ctx.uuid(), body.meta);
  store.putItem(ctx.spaceId, item);
  // The create response echoes the value as sent; reads render the stored one.
  return { body: itemResponse(item, { value: body.value }) };
}

function readItem(ctx: RouteContext): HandlerResult {
  const q = validateQuery(itemQuery, ctx.query, ctx.version);
  const store = storeOf(ctx);
  if (q.id != null) {
    const item = store.getItem(ctx.spaceId, q.id);
    if (!item) throw siemError(404, `list item id: "${q.id}" does not exist`);
    return { body: itemResponse(item) };
  }
  if (q.list_id != null && q.value != null) {
    const list = mustGetList(ctx, q.list_id, `list id: "${q.list_id}" does not exist`);
    const items = store.itemsByValue(ctx.spaceId, list.id, deserializeValue(list.type, serializeValue(list.type, q.value)));
    if (!items.length) throw siemError(404, `list_id: "${q.list_id}" item of ${q.value} does not exist`);
    return { body: items.map((i) => itemResponse(i)) };
  }
  throw siemError(400, 'Either "list_id" or "id" needs to be defined in the request');
}

function writeItem(ctx: RouteContext, patch: boolean): HandlerResult {
  const body = patch ? validateBody(listItemPatchSchema, ctx.body, ctx.version) : validateBody(listItemUpdateSchema, ctx.body, ctx.version);
  const store = storeOf(ctx);
  const existing = store.getItem(ctx.spaceId, body.id);
  if (!existing) throw siemError(404, `list item id: "${body.id}" not found`);
  const value = body.value ?? existing.value;
  const stored = serializeValue(existing.type, value);
  const bad = mappingError(existing.type, stored);
  if (bad !== undefined) throw siemError(400, mappingErrorMessage(existing.type, existing.id, bad));
  assertVersion(body._version, existing._version);
  const meta = patch ? (body.meta ?? existing.meta) : body.meta;
  const item: ListItemRecord = {
    ...existing,
    _version: store.nextVersion(ctx.spaceId, "items"),
    stored,
    value: deserializeValue(existing.type, stored),
    meta,
    updated_at: ctx.now(),
    updated_by: ctx.username,
  };
  store.putItem(ctx.spaceId, item);
  // `updateListItem` answers with the value as sent and the previous `updated_by`.
  return { body: itemResponse(item, { value, updated_by: existing.updated_by }) };
}

function deleteItem(ctx: RouteContext): HandlerResult {
  const q = validateQuery(itemQuery, ctx.query, ctx.version);
  const store = storeOf(ctx);
  if (q.id != null) {
    const item = store.getItem(ctx.spaceId, q.id);
    if (!item) throw siemError(404, `list item with id: "${q.id}" not found`);
    store.deleteItem(ctx.spaceId, item);
    return { body: itemResponse(item) };
  }
  if (q.list_id != null && q.value != null) {
    const list = mustGetList(ctx, q.list_id, `list_id: "${q.list_id}" does not exist`);
    const items = store.itemsByValue(ctx.spaceId, list.id, deserializeValue(list.type, serializeValue(list.type, q.value)));
    if (!items.length) throw siemError(404, `list_id: "${q.list_id}" with ${q.value} was not found`);
    for (const item of items) store.deleteItem(ctx.spaceId, item);
    return { body: items.map((i) => itemResponse(i)) };
  }
  throw siemError(400, 'Either "list_id" or "id" needs to be defined in the request');
}

function findItems(ctx: RouteContext): HandlerResult {
  const q = validateQuery(findItemsQuery, ctx.query, ctx.version);
  const list = mustGetList(ctx, q.list_id, `list id: "${q.list_id}" does not exist`);
  const result = find(storeOf(ctx).itemsOf(ctx.spaceId, list.id), q, (doc, field) =>
    field === "value" ? doc.value : String((doc as unknown as Record<string, unknown>)[field] ?? ""),
  );
  return { body: { ...result, data: result.data.map((i) => itemResponse(i)) } };
}

/**
 * The `Warning` header Kibana adds when a request still carries `serializer` / `deserializer` (custom serializers
 * were removed): "parameter" in a create body, "query parameter" on `_import` (import_list_items.ts "should return
 * warning header when serializer/deserializer parameter is provided").
 */
function serializerWarnings(ctx: RouteContext, sent: Record<string, unknown>, what: "parameter" | "query parameter"): Record<string, string> | undefined {
  const warnings = (["serializer", "deserializer"] as const)
    .filter((k) => k in sent)
    .map((k) => `299 Kibana-${formatKibanaVersion(ctx.version)} "The "${k}" ${what} is not supported and will be ignored. Custom ${k}s have been removed."`);
  return warnings.length ? { warning: warnings.join(", ") } : undefined;
}

/** `xpack.lists.maxImportPayloadBytes` (lists config, default 9000000): the `_import` route's payload `maxBytes`. */
const MAX_IMPORT_PAYLOAD_BYTES = 9_000_000;

function importItems(ctx: RouteContext): HandlerResult {
  if (ctx.rawBody.length > MAX_IMPORT_PAYLOAD_BYTES) {
    throw boomError(413, `Payload content length greater than maximum allowed: ${MAX_IMPORT_PAYLOAD_BYTES}`);
  }
  const q = validateQuery(importQuery, ctx.query, ctx.version);
  const file = ctx.parts?.find((p) => p.filename !== undefined);
  if (!file?.filename) throw siemError(400, "To import a list item, the file name must be specified");
  if (!IMPORT_EXTENSIONS.includes(extname(file.filename).toLowerCase())) {
    throw siemError(415, `Unsupported media type. File must be one of the following types: [${IMPORT_EXTENSIONS.join(", ")}]`);
  }
  const store = storeOf(ctx);
  if (!store.hasDataStreams(ctx.spaceId)) {
    throw siemError(400, `To import a list item, the data steam must exist first. Data stream ".lists-${ctx.spaceId}" does not exist`);
  }
  let list: ValueListRecord;
  if (q.list_id != null) {
    list = mustGetList(ctx, q.list_id, `list id: "${q.list_id}" does not exist`, 409);
  } else if (q.type != null) {
    const name = decodeURIComponent(file.filename);
    const existing = store.getList(ctx.spaceId, name);
    if (existing) list = existing;
    else {
      const now = ctx.now();
      list = {
        _version: store.nextVersion(ctx.spaceId, "lists"),
        "@timestamp": now,
        id: name,
        type: q.type as ValueListType,
        name,
        description: `File uploaded from file system of ${name}`,
        immutable: false,
        version: 1,
        tie_breaker_id: ctx.uuid(),
        created_at: now,
        created_by: ctx.username,
        updated_at: now,
        updated_by: ctx.username,
      };
      store.putList(ctx.spaceId, list);
    }
  } else {
    throw siemError(400, "Either type or list_id need to be defined in the query");
  }
  for (const line of importLines(file.data.toString("utf8"))) {
    // The bulk request's per-document failures are not reported: such values are silently left out.
    try {
      store.putItem(ctx.spaceId, newItem(ctx, list, line, ctx.uuid(), undefined));
    } catch {
      continue;
    }
  }
  return { body: orderedList(list), headers: serializerWarnings(ctx, ctx.query, "query parameter") };
}

function exportItems(ctx: RouteContext): HandlerResult {
  const q = validateQuery(z.object({ list_id: z.preprocess(last, nonEmptyString) }), ctx.query, ctx.version);
  const list = mustGetList(ctx, q.list_id, `list id: "${q.list_id}" not found`);
  const text = storeOf(ctx)
    .itemsOf(ctx.spaceId, list.id)
    .map((i) => `${i.value}\n`)
    .join("");
  return { raw: text, headers: { "content-type": "application/ndjson", "content-disposition": `attachment; filename="${list.id}"` } };
}

export function registerValueListRoutes(router: Router): void {
  const route = { family: "siem" as const, versioned: true };
  router
    .add({ ...route, method: "GET", path: `${LISTS}/index`, handler: readIndex })
    .add({ ...route, method: "POST", path: `${LISTS}/index`, handler: createIndex })
    .add({ ...route, method: "DELETE", path: `${LISTS}/index`, handler: deleteIndex })
    .add({ ...route, method: "POST", path: LISTS, handler: createList })
    .add({ ...route, method: "GET", path: LISTS, handler: readList })
    .add({ ...route, method: "PUT", path: LISTS, handler: (ctx) => writeList(ctx, false) })
    .add({ ...route, method: "PATCH", path: LISTS, handler: (ctx) => writeList(ctx, true) })
    .add({ ...route, method: "DELETE", path: LISTS, handler: deleteList })
    .add({ ...route, method: "GET", path: `${LISTS}/_find`, handler: findLists })
    .add({ ...route, method: "POST", path: ITEMS, handler: createItem })
    .add({ ...route, method: "GET", path: ITEMS, handler: readItem })
    .add({ ...route, method: "PUT", path: ITEMS, handler: (ctx) => writeItem(ctx, false) })
    .add({ ...route, method: "PATCH", path: ITEMS, handler: (ctx) => writeItem(ctx, true) })
    .add({ ...route, method: "DELETE", path: ITEMS, handler: deleteItem })
    .add({ ...route, method: "GET", path: `${ITEMS}/_find`, handler: findItems })
    .add({ ...route, method: "POST", path: `${ITEMS}/_import`, handler: importItems, multipart: true })
    .add({ ...route, method: "POST", path: `${ITEMS}/_export`, handler: exportItems, mutates: false });
}
