import { EXCEPTION_LIST_DEFAULTS, normalizeMergedMeta, type ExceptionListResponse } from "@esac/kibana-client";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { withoutOwnerMarker } from "../provider-kit/ownership";

type Obj = Record<string, unknown>;

/** Fields a program manages (Kibana's create body); `version` only when the program sets it (Kibana bumps it on every update). */
export const EXCEPTION_LIST_FIELDS = ["list_id", "name", "description", "type", "namespace_type", "os_types", "tags", "meta", "version"] as const;
/** `namespace_type` picks the saved-object type, and PUT does not write `os_types`: both need a new list. */
export const EXCEPTION_LIST_REPLACE_KEYS = ["list_id", "namespace_type", "os_types", "space_id"] as const;
export const EXCEPTION_LIST_SERVER_FIELDS = ["_version", "immutable", "tie_breaker_id", "created_at", "created_by", "updated_at", "updated_by"] as const;

/**
 * The one normal form of a list's managed fields, from a program or from Kibana: defaults filled, meta as a
 * merge-updated object reads (null-valued keys gone, `{}` = none), esac's ownership marker hidden.
 */
export function canonicalExceptionList(list: Obj): Obj {
  const out: Obj = { ...EXCEPTION_LIST_DEFAULTS, ...pick(list, EXCEPTION_LIST_FIELDS) };
  out.meta = normalizeMergedMeta(withoutOwnerMarker(out.meta));
  return toPlainJson(out);
}

/** The managed fields that differ; `version` counts only when the program sets it. */
export function changedExceptionListFields(olds: Obj, news: Obj): string[] {
  const before = canonicalExceptionList(olds);
  const after = canonicalExceptionList(news);
  return EXCEPTION_LIST_FIELDS.filter((k) => (k !== "version" || news.version !== undefined) && !deepEqual(before[k], after[k]));
}

/** State from a Kibana list; `version` is always kept (an output even when the program leaves it to Kibana). */
export function exceptionListState(list: ExceptionListResponse): Obj {
  return toPlainJson({ ...canonicalExceptionList(list as Obj), version: list.version, ...pick(list as Obj, EXCEPTION_LIST_SERVER_FIELDS) });
}
