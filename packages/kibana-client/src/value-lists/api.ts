import { versionGuardedPut } from "../conditional-write";
import { newlineFiles } from "../newline-files";
import { normalizeListItemValue } from "./normalize";
import { ownRecovered, type CreateOptions } from "../ownership";
import { isKibanaError, type KibanaResponse } from "../transport";
import type { ApiTarget } from "../detection-rules/api";
import type { ListItemCreateProps, ListItemResponse, ListItemUpdateProps, ValueListCreateProps, ValueListResponse, ValueListUpdateProps } from "./schema";

const LISTS = "/api/lists";
const ITEMS = "/api/lists/items";

/** Page size for list and item `_find` (Elasticsearch refuses pages above 10,000 hits). */
export const LIST_ITEMS_PAGE_SIZE = 5000;
/** Largest `_import` file sent at once (Kibana's default limit is 9,000,000 bytes). */
export const IMPORT_CHUNK_BYTES = 4_000_000;

export interface ListDataStreamsStatus {
  list_index: boolean;
  list_item_index: boolean;
}

/** `POST /api/lists/index`: creates the space's `.lists-*`/`.items-*` data streams; 8.x's 409 "already exists" counts as done. */
export async function ensureListDataStreams(target: ApiTarget): Promise<void> {
  await target.transport.request({
    method: "POST",
    path: `${LISTS}/index`,
    spaceId: target.spaceId,
    versioned: true,
    idempotent: true,
    okStatuses: [409],
  });
}

/** `GET /api/lists/index`; a 404 (either stream missing) reads as both absent. */
export async function readListDataStreams(target: ApiTarget): Promise<ListDataStreamsStatus> {
  const res = await target.transport.request<ListDataStreamsStatus>({
    method: "GET",
    path: `${LISTS}/index`,
    spaceId: target.spaceId,
    versioned: true,
    okStatuses: [404],
  });
  return res.status === 404 ? { list_index: false, list_item_index: false } : res.body;
}

/** `DELETE /api/lists/index`: drops the data streams and with them every value list of the space. */
export async function deleteListDataStreams(target: ApiTarget): Promise<boolean> {
  const res = await target.transport.request({
    method: "DELETE",
    path: `${LISTS}/index`,
    spaceId: target.spaceId,
    versioned: true,
    okStatuses: [404],
  });
  return res.status !== 404;
}

/** Kibana's 400 when the space's list data streams (or, before 8.11, indices) were never created. */
export function isMissingListDataStream(error: unknown): boolean {
  return isKibanaError(error) && error.status === 400 && /must exist first/i.test(error.kibanaMessage);
}

export interface WriteOptions {
  /** Receives Kibana's `Warning` response header (e.g. serializer/deserializer ignored). */
  onWarning?: (warning: string) => void;
}

/**
 * `POST /api/lists` (1 call). When the space has no list data streams yet, ensures them and retries
 * (3 calls, once per space), so a list never needs a separate prerequisite.
 */
export async function createValueList(
  target: ApiTarget,
  body: ValueListCreateProps,
  options: WriteOptions & CreateOptions<ValueListResponse> = {},
): Promise<ValueListResponse> {
  const send = () =>
    target.transport.request<ValueListResponse>({
      method: "POST",
      path: LISTS,
      spaceId: target.spaceId,
      versioned: true,
      body,
      recover: body.id ? async () => ownRecovered(await readValueListResponse(target, body.id!), `id "${body.id}"`, options) : undefined,
    });
  let res: KibanaResponse<ValueListResponse>;
  try {
    res = await send();
  } catch (error) {
    if (!isMissingListDataStream(error)) throw error;
    await ensureListDataStreams(target);
    res = await send();
  }
  if (res.headers.warning) options.onWarning?.(res.headers.warning);
  return res.body;
}

function readValueListResponse(target: ApiTarget, id: string): Promise<KibanaResponse<ValueListResponse>> {
  return target.transport.request<ValueListResponse>({
    method: "GET",
    path: LISTS,
    spaceId: target.spaceId,
    versioned: true,
    query: { id },
    okStatuses: [404],
  });
}

/** `GET /api/lists?id=`; undefined when it does not exist. */
export async function readValueList(target: ApiTarget, id: string): Promise<ValueListResponse | undefined> {
  const res = await readValueListResponse(target, id);
  return res.status === 404 ? undefined : res.body;
}

/** `PUT /api/lists`: replaces name, description and meta (omitted meta is removed). Send `_version` to refuse stale writes (409). */
export function updateValueList(target: ApiTarget, body: ValueListUpdateProps): Promise<ValueListResponse> {
  return versionGuardedPut(target, LISTS, body, () => readValueListResponse(target, body.id));
}

export interface DeleteValueListOptions {
  /** Delete (or strip the `list` entries of) exception items that reference the list. */
  deleteReferences?: boolean;
  /** Delete without checking references. */
  ignoreReferences?: boolean;
}

/**
 * `DELETE /api/lists?id=` (its items go with it); false when already gone. A list still referenced by an
 * exception item answers 409 with an object message naming the references.
 */
export async function deleteValueList(target: ApiTarget, id: string, options: DeleteValueListOptions = {}): Promise<boolean> {
  const res = await target.transport.request({
    method: "DELETE",
    path: LISTS,
    spaceId: target.spaceId,
    versioned: true,
    query: { id, deleteReferences: options.deleteReferences, ignoreReferences: options.ignoreReferences },
    okStatuses: [404],
  });
  return res.status !== 404;
}

interface CursorPage<T> {
  cursor: string;
  data: T[];
  page: number;
  per_page: number;
  total: number;
}

/**
 * Follows Kibana's `_find` cursor (`search_after` on `tie_breaker_id`), one call per page. Returns undefined
 * when the route answers 404 (for items: the list does not exist).
 */
async function findAllPages<T>(target: ApiTarget, path: string, query: Record<string, string | number | undefined>, perPage: number): Promise<T[] | undefined> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const res = await target.transport.request<CursorPage<T>>({
      method: "GET",
      path,
      spaceId: target.spaceId,
      versioned: true,
      query: { ...query, page, per_page: perPage, cursor },
      okStatuses: [404],
    });
    if (res.status === 404) return undefined;
    out.push(...res.body.data);
    if (res.body.data.length < perPage || out.length >= res.body.total) return out;
    cursor = res.body.cursor;
  }
}

/** Every value list of the space (ceil(N / perPage) calls). */
export async function findAllValueLists(target: ApiTarget, perPage = LIST_ITEMS_PAGE_SIZE): Promise<ValueListResponse[]> {
  return (await findAllPages<ValueListResponse>(target, `${LISTS}/_find`, {}, perPage)) ?? [];
}

/** Every item of a list (ceil(N / perPage) calls); undefined when the list does not exist. */
export function findAllListItems(target: ApiTarget, listId: string, perPage = LIST_ITEMS_PAGE_SIZE): Promise<ListItemResponse[] | undefined> {
  return findAllPages<ListItemResponse>(target, `${ITEMS}/_find`, { list_id: listId }, perPage);
}

/**
 * How many items a list holds: one `_find` asking for a single hit (Kibana counts every match, `track_total_hits`).
 * Undefined when the list does not exist.
 */
export async function countListItems(target: ApiTarget, listId: string): Promise<number | undefined> {
  const res = await target.transport.request<CursorPage<ListItemResponse>>({
    method: "GET",
    path: `${ITEMS}/_find`,
    spaceId: target.spaceId,
    versioned: true,
    query: { list_id: listId, page: 1, per_page: 1 },
    okStatuses: [404],
  });
  return res.status === 404 ? undefined : res.body.total;
}

/** `POST /api/lists/items` (1 call); an ambiguous failure is resolved by looking the item up by `id`. */
export async function createListItem(target: ApiTarget, body: ListItemCreateProps, options: CreateOptions<ListItemResponse> = {}): Promise<ListItemResponse> {
  const res = await target.transport.request<ListItemResponse>({
    method: "POST",
    path: ITEMS,
    spaceId: target.spaceId,
    versioned: true,
    body,
    recover: body.id ? async () => ownRecovered(await readListItemResponse(target, body.id!), `id "${body.id}"`, options) : undefined,
  });
  return res.body;
}

function readListItemResponse(target: ApiTarget, id: string): Promise<KibanaResponse<ListItemResponse>> {
  return target.transport.request<ListItemResponse>({ method: "GET", path: ITEMS, spaceId: target.spaceId, versioned: true, query: { id }, okStatuses: [404] });
}

/** `GET /api/lists/items?id=` (1 call); undefined when it does not exist. */
export async function readListItem(target: ApiTarget, id: string): Promise<ListItemResponse | undefined> {
  const res = await readListItemResponse(target, id);
  return res.status === 404 ? undefined : res.body;
}

/** `PUT /api/lists/items`: replaces value and meta. */
export function updateListItem(target: ApiTarget, body: ListItemUpdateProps): Promise<ListItemResponse> {
  // Reads render the value in the list type's canonical form (see normalizeListItemValue).
  return versionGuardedPut(target, ITEMS, body, () => readListItemResponse(target, body.id), {
    ignore: ["value"],
    alsoHolds: (current) => current.value === body.value || current.value === normalizeListItemValue(current.type, body.value),
  });
}

/** `DELETE /api/lists/items?id=`; false when already gone. */
export async function deleteListItem(target: ApiTarget, id: string): Promise<boolean> {
  const res = await target.transport.request({ method: "DELETE", path: ITEMS, spaceId: target.spaceId, versioned: true, query: { id }, okStatuses: [404] });
  return res.status !== 404;
}

/**
 * `DELETE /api/lists/items?list_id=&value=` (Kibana answers an array; [] when none). What matches depends on the
 * list type — a term for keyword/ip/numbers, an analysed match for `text`, containment for ranges — so exact
 * removals go by id ({@link deleteListItem}).
 */
export async function deleteListItemsByValue(target: ApiTarget, listId: string, value: string): Promise<ListItemResponse[]> {
  const res = await target.transport.request<ListItemResponse[] | ListItemResponse>({
    method: "DELETE",
    path: ITEMS,
    spaceId: target.spaceId,
    versioned: true,
    query: { list_id: listId, value },
    okStatuses: [404],
  });
  if (res.status === 404) return [];
  return Array.isArray(res.body) ? res.body : [res.body];
}

/** Splits values into newline-separated files of at most `maxBytes` each. */
export function importFiles(values: readonly string[], maxBytes = IMPORT_CHUNK_BYTES): string[] {
  return newlineFiles(values, { maxBytes });
}

/**
 * `POST /api/lists/items/_import?list_id=` with the values as a `.txt` file: one call per
 * {@link IMPORT_CHUNK_BYTES} of values. Values must not contain line breaks; Kibana trims them, skips blank
 * lines and silently drops values Elasticsearch rejects. Returns the list (undefined when there was nothing to send).
 */
export async function importListItems(target: ApiTarget, listId: string, values: readonly string[]): Promise<ValueListResponse | undefined> {
  let list: ValueListResponse | undefined;
  for (const content of importFiles(values)) {
    const res = await target.transport.request<ValueListResponse>({
      method: "POST",
      path: `${ITEMS}/_import`,
      spaceId: target.spaceId,
      versioned: true,
      query: { list_id: listId },
      multipart: { field: "file", filename: "values.txt", content, contentType: "text/plain" },
    });
    list = res.body;
  }
  return list;
}

/** `POST /api/lists/items/_export?list_id=`: the values, one per line. */
export async function exportListItems(target: ApiTarget, listId: string): Promise<string> {
  const res = await target.transport.request<string>({
    method: "POST",
    path: `${ITEMS}/_export`,
    spaceId: target.spaceId,
    versioned: true,
    idempotent: true,
    query: { list_id: listId },
  });
  return typeof res.body === "string" ? res.body : "";
}
