import { versionGuardedPut } from "../conditional-write";
import { ownRecovered, type CreateOptions } from "../ownership";
import type { KibanaResponse } from "../transport";
import type { ApiTarget } from "../detection-rules/api";
import type {
  ExceptionListCreateProps,
  ExceptionListItemCreateProps,
  ExceptionListItemResponse,
  ExceptionListItemUpdateProps,
  ExceptionListResponse,
  ExceptionListUpdateProps,
  NamespaceType,
} from "./schema";

const LISTS = "/api/exception_lists";
const ITEMS = "/api/exception_lists/items";

/** `_find` page size (saved-object finds stop at 10,000 hits; a list holds at most 10,000 items). */
export const EXCEPTIONS_PAGE_SIZE = 1000;

/** Names one list; `namespace_type` travels with every call (an agnostic list is a 404 without it). */
export interface ExceptionListSelector {
  list_id: string;
  namespace_type: NamespaceType;
}

export interface ExceptionItemSelector {
  item_id: string;
  namespace_type: NamespaceType;
}

function getResponse<T>(target: ApiTarget, path: string, query: Record<string, string>): Promise<KibanaResponse<T>> {
  return target.transport.request<T>({ method: "GET", path, spaceId: target.spaceId, versioned: true, query, okStatuses: [404] });
}

/** `POST /api/exception_lists` (1 call); an ambiguous failure is resolved by looking the list up by `list_id` (see {@link CreateOptions}). */
export async function createExceptionList(
  target: ApiTarget,
  body: ExceptionListCreateProps,
  options: CreateOptions<ExceptionListResponse> = {},
): Promise<ExceptionListResponse> {
  const { list_id, namespace_type = "single" } = body;
  const res = await target.transport.request<ExceptionListResponse>({
    method: "POST",
    path: LISTS,
    spaceId: target.spaceId,
    versioned: true,
    body,
    recover: list_id
      ? async () => ownRecovered(await getResponse<ExceptionListResponse>(target, LISTS, { list_id, namespace_type }), `list_id "${list_id}"`, options)
      : undefined,
  });
  return res.body;
}

/** `GET /api/exception_lists?list_id=&namespace_type=`; undefined when it does not exist. */
export async function readExceptionList(target: ApiTarget, by: ExceptionListSelector): Promise<ExceptionListResponse | undefined> {
  const res = await getResponse<ExceptionListResponse>(target, LISTS, { ...by });
  return res.status === 404 ? undefined : res.body;
}

/**
 * `PUT /api/exception_lists` (1 call): writes name, description, type, tags, meta (merged) and version
 * (+1 unless sent); `os_types` is not written. A stale `_version` answers 409.
 */
export function updateExceptionList(target: ApiTarget, body: ExceptionListUpdateProps): Promise<ExceptionListResponse> {
  return versionGuardedPut(target, LISTS, body, () => getResponse<ExceptionListResponse>(target, LISTS, addressOf(body)), { ignore: ["os_types"] });
}

/** The query that reads back the object a PUT addressed (by `id` or by its key, with its namespace). */
function addressOf(
  body: { id?: string; list_id?: string; item_id?: string; namespace_type?: NamespaceType },
  key: "list_id" | "item_id" = "list_id",
): Record<string, string> {
  const namespace_type = body.namespace_type ?? "single";
  const value = body[key];
  return body.id ? { id: body.id, namespace_type } : { [key]: value ?? "", namespace_type };
}

/** Whether the comments a PUT appended are the last ones of the item (comments are append-only). */
function endsWithComments(current: ExceptionListItemResponse, sent: ExceptionListItemUpdateProps["comments"]): boolean {
  const appended = (sent ?? []).filter((comment) => comment.id === undefined).map((comment) => comment.comment);
  const stored = current.comments.map((comment) => comment.comment);
  return appended.every((text, i) => stored[stored.length - appended.length + i] === text);
}

/** `DELETE /api/exception_lists` (its items go with it); false when already gone. */
export async function deleteExceptionList(target: ApiTarget, by: ExceptionListSelector): Promise<boolean> {
  const res = await target.transport.request({ method: "DELETE", path: LISTS, spaceId: target.spaceId, versioned: true, query: { ...by }, okStatuses: [404] });
  return res.status !== 404;
}

interface FoundPage<T> {
  data: T[];
  page: number;
  per_page: number;
  total: number;
}

async function findAllPages<T>(target: ApiTarget, path: string, query: Record<string, string>, perPage: number): Promise<T[] | undefined> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const res = await target.transport.request<FoundPage<T>>({
      method: "GET",
      path,
      spaceId: target.spaceId,
      versioned: true,
      query: { ...query, page, per_page: perPage },
      okStatuses: [404],
    });
    if (res.status === 404) return undefined;
    out.push(...res.body.data);
    if (res.body.data.length < perPage || out.length >= res.body.total) return out;
  }
}

/** Every exception list visible from the space, single and agnostic (ceil(N / perPage) calls). */
export async function findAllExceptionLists(target: ApiTarget, perPage = EXCEPTIONS_PAGE_SIZE): Promise<ExceptionListResponse[]> {
  return (
    (await findAllPages<ExceptionListResponse>(
      target,
      `${LISTS}/_find`,
      { namespace_type: "single,agnostic", sort_field: "created_at", sort_order: "asc" },
      perPage,
    )) ?? []
  );
}

/** `POST /api/exception_lists/items` (1 call); an ambiguous failure is resolved by looking the item up by `item_id` (see {@link CreateOptions}). */
export async function createExceptionListItem(
  target: ApiTarget,
  body: ExceptionListItemCreateProps,
  options: CreateOptions<ExceptionListItemResponse> = {},
): Promise<ExceptionListItemResponse> {
  const { item_id, namespace_type = "single" } = body;
  const res = await target.transport.request<ExceptionListItemResponse>({
    method: "POST",
    path: ITEMS,
    spaceId: target.spaceId,
    versioned: true,
    body,
    recover: item_id
      ? async () => ownRecovered(await getResponse<ExceptionListItemResponse>(target, ITEMS, { item_id, namespace_type }), `item_id "${item_id}"`, options)
      : undefined,
  });
  return res.body;
}

/** `GET /api/exception_lists/items?item_id=&namespace_type=`; undefined when it does not exist. */
export async function readExceptionListItem(target: ApiTarget, by: ExceptionItemSelector): Promise<ExceptionListItemResponse | undefined> {
  const res = await getResponse<ExceptionListItemResponse>(target, ITEMS, { ...by });
  return res.status === 404 ? undefined : res.body;
}

/**
 * `PUT /api/exception_lists/items` (1 call): overwrites the item — omitted tags/os_types become [], omitted
 * meta/expire_time are removed — except comments, which are append-only (see `planCommentUpdate`).
 */
export function updateExceptionListItem(target: ApiTarget, body: ExceptionListItemUpdateProps): Promise<ExceptionListItemResponse> {
  return versionGuardedPut(target, ITEMS, body, () => getResponse<ExceptionListItemResponse>(target, ITEMS, addressOf(body, "item_id")), {
    ignore: ["comments"],
    alsoHolds: (current) => endsWithComments(current, body.comments),
  });
}

/** `DELETE /api/exception_lists/items?item_id=&namespace_type=`; false when already gone. */
export async function deleteExceptionListItem(target: ApiTarget, by: ExceptionItemSelector): Promise<boolean> {
  const res = await target.transport.request({ method: "DELETE", path: ITEMS, spaceId: target.spaceId, versioned: true, query: { ...by }, okStatuses: [404] });
  return res.status !== 404;
}

/** Every item of one list (ceil(N / perPage) calls); undefined when the list does not exist. */
export function findAllExceptionListItems(
  target: ApiTarget,
  list: ExceptionListSelector,
  perPage = EXCEPTIONS_PAGE_SIZE,
): Promise<ExceptionListItemResponse[] | undefined> {
  return findAllPages<ExceptionListItemResponse>(
    target,
    `${ITEMS}/_find`,
    { list_id: list.list_id, namespace_type: list.namespace_type, sort_field: "created_at", sort_order: "asc" },
    perPage,
  );
}
