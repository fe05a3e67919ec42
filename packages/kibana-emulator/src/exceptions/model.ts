/**
 * What Kibana stores and returns for exception lists and items (kibana-behaviour.md §2.2–§2.3, read against the
 * current lists plugin): list PUT is a saved-object *update* (omitted fields kept, `meta` merged, `os_types` not
 * written, `version` +1 unless sent); item PUT is a saved-object *overwrite* (omitted tags/os_types → [],
 * omitted meta/expire_time removed) whose comments are append-only.
 */
import { randomUUID } from "node:crypto";
import type { ExceptionListCreateProps, ExceptionListItemCreateProps, ExceptionListItemUpdateProps, ExceptionListUpdateProps } from "@esac/kibana-client";
import type { ExceptionItemComment, ExceptionItemRecord, ExceptionListRecord, NamespaceType } from "./store";

export interface Actor {
  now: string;
  username: string;
}

type Obj = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Core's `mergeForUpdate`: nested non-empty objects merge key by key, anything else (null, arrays, `{}`)
 * replaces, `undefined` is skipped.
 */
export function mergeForUpdate(target: unknown, value: unknown): unknown {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    const out: Obj = isPlainObject(target) ? { ...target } : {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = mergeForUpdate(out[key], v);
    return out;
  }
  return value;
}

/** Kibana's response schemas list an entry's keys alphabetically, whatever order the request used. */
function sortedEntries(entries: unknown[]): unknown[] {
  const sortDeep = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortDeep)
      : isPlainObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sortDeep(v[k])]),
          )
        : v;
  return entries.map(sortDeep);
}

/** Responses list keys alphabetically (the generated zod response schemas), unset optional fields omitted. */
export function sortedResponse<T extends Obj>(record: T): T {
  const out: Obj = {};
  for (const key of Object.keys(record).sort()) if (record[key] !== undefined) out[key] = record[key];
  return out as T;
}

export function createListRecord(body: ExceptionListCreateProps, version: string, actor: Actor): ExceptionListRecord {
  return {
    _version: version,
    id: randomUUID(),
    list_id: body.list_id ?? randomUUID(),
    type: body.type,
    name: body.name,
    description: body.description,
    immutable: false,
    namespace_type: body.namespace_type ?? "single",
    os_types: body.os_types ?? [],
    tags: body.tags ?? [],
    meta: body.meta,
    version: body.version ?? 1,
    tie_breaker_id: randomUUID(),
    created_at: actor.now,
    created_by: actor.username,
    updated_at: actor.now,
    updated_by: actor.username,
  };
}

export function updateListRecord(existing: ExceptionListRecord, body: ExceptionListUpdateProps, version: string, actor: Actor): ExceptionListRecord {
  return {
    ...existing,
    _version: version,
    name: body.name,
    description: body.description,
    type: body.type,
    tags: body.tags ?? existing.tags,
    meta: body.meta === undefined ? existing.meta : (mergeForUpdate(existing.meta, body.meta) as Obj),
    version: body.version ?? existing.version + 1,
    updated_at: actor.now,
    updated_by: actor.username,
  };
}

function newComments(comments: { comment: string; id?: string }[] | undefined, actor: Actor): ExceptionItemComment[] {
  return (comments ?? []).filter((c) => c.id == null).map((c) => ({ comment: c.comment, created_at: actor.now, created_by: actor.username, id: randomUUID() }));
}

export function createItemRecord(body: ExceptionListItemCreateProps, version: string, actor: Actor): ExceptionItemRecord {
  return {
    _version: version,
    id: randomUUID(),
    item_id: body.item_id ?? randomUUID(),
    list_id: body.list_id,
    type: body.type,
    name: body.name,
    description: body.description,
    entries: sortedEntries(body.entries),
    namespace_type: body.namespace_type ?? "single",
    os_types: body.os_types ?? [],
    tags: body.tags ?? [],
    comments: newComments(body.comments, actor),
    meta: body.meta,
    expire_time: body.expire_time,
    tie_breaker_id: randomUUID(),
    created_at: actor.now,
    created_by: actor.username,
    updated_at: actor.now,
    updated_by: actor.username,
  };
}

/** Item PUT (`updateOverwriteExceptionListItem`): the item is rewritten from the body; stored comments stay, id-less ones are appended. */
export function overwriteItemRecord(existing: ExceptionItemRecord, body: ExceptionListItemUpdateProps, version: string, actor: Actor): ExceptionItemRecord {
  return {
    _version: version,
    id: existing.id,
    item_id: existing.item_id,
    list_id: existing.list_id,
    type: body.type,
    name: body.name,
    description: body.description,
    entries: sortedEntries(body.entries),
    namespace_type: existing.namespace_type,
    os_types: body.os_types ?? [],
    tags: body.tags ?? [],
    comments: [...existing.comments, ...newComments(body.comments, actor)],
    meta: body.meta,
    expire_time: body.expire_time,
    tie_breaker_id: existing.tie_breaker_id,
    created_at: existing.created_at,
    created_by: existing.created_by,
    updated_at: actor.now,
    updated_by: actor.username,
  };
}

/**
 * The PUT response is built from what was written, with `meta ?? <previous meta>`
 * (`transformSavedObjectUpdateToExceptionListItem`): a PUT that drops `meta` still shows the old one.
 */
export function itemUpdateResponse(stored: ExceptionItemRecord, previous: ExceptionItemRecord): ExceptionItemRecord {
  return sortedResponse({ ...stored, meta: stored.meta ?? previous.meta });
}

/** `validateCommentsToUpdate`, reproduced with its quirk: only a new comment *last* followed by an old one is refused. */
export function commentsAppendOnlyErrors(comments: { id?: string }[] | undefined): string[] {
  const [appendOnly] = (comments ?? []).reduce<[boolean, boolean]>(
    (acc, comment) => {
      const [, hasNewComments] = acc;
      if (comment.id == null) return [true, true];
      if (hasNewComments && comment.id != null) return [false, true];
      return acc;
    },
    [true, false],
  );
  return appendOnly ? [] : ['item "comments" are append only'];
}

/** Entry kinds the endpoint list accepts (`nonEmptyEndpointEntriesArray`): no value-list or exists entries. */
export function endpointEntryErrors(entries: unknown[]): string[] {
  return entries
    .map((e) => (e as { type?: string }).type)
    .filter((t) => t === "list" || t === "exists")
    .map((t) => `Invalid value "${t}" supplied to "type"`);
}

export function namespaceOf(value: string | undefined): NamespaceType {
  return value === "agnostic" ? "agnostic" : "single";
}
