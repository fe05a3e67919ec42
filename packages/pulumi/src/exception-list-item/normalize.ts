import { EXCEPTION_ITEM_DEFAULTS, type ExceptionListItemResponse } from "@esac/kibana-client";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { setMeta, withoutOwnerMarker } from "../provider-kit/ownership";

type Obj = Record<string, unknown>;

/** Fields a program manages (Kibana's create body). */
export const EXCEPTION_ITEM_FIELDS = [
  "item_id",
  "list_id",
  "name",
  "description",
  "type",
  "namespace_type",
  "entries",
  "os_types",
  "tags",
  "meta",
  "expire_time",
  "comments",
] as const;
/** The item's identity: a change needs a new item. */
export const EXCEPTION_ITEM_REPLACE_KEYS = ["item_id", "list_id", "namespace_type", "space_id"] as const;
export const EXCEPTION_ITEM_SERVER_FIELDS = ["_version", "tie_breaker_id", "created_at", "created_by", "updated_at", "updated_by"] as const;

/** Comment texts, from a program (`[{comment}]`) or from Kibana (with ids and authors). */
export function commentTexts(comments: unknown): string[] {
  return Array.isArray(comments) ? comments.map((c) => (c as { comment: string }).comment) : [];
}

/**
 * The one normal form of an item's managed fields, from a program or from Kibana: defaults filled, comments as texts,
 * esac's ownership marker hidden (`meta: {}` = none).
 */
export function canonicalExceptionItem(item: Obj): Obj {
  const out: Obj = setMeta({ ...EXCEPTION_ITEM_DEFAULTS, ...pick(item, EXCEPTION_ITEM_FIELDS) }, withoutOwnerMarker(item.meta));
  out.comments = commentTexts(item.comments);
  return toPlainJson(out);
}

export function changedExceptionItemFields(olds: Obj, news: Obj): string[] {
  const before = canonicalExceptionItem(olds);
  const after = canonicalExceptionItem(news);
  return EXCEPTION_ITEM_FIELDS.filter((k) => !deepEqual(before[k], after[k]));
}

/** State from a Kibana item: managed fields in normal form, comments as Kibana holds them (ids, authors, times). */
export function exceptionItemState(item: ExceptionListItemResponse): Obj {
  return toPlainJson({ ...canonicalExceptionItem(item as Obj), comments: item.comments ?? [], ...pick(item as Obj, EXCEPTION_ITEM_SERVER_FIELDS) });
}
