import { nonEmptyString, valueListCreateStrictSchema, type ValueListResponse } from "@esac/kibana-client";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { withoutOwnerMarker } from "../provider-kit/ownership";

type Obj = Record<string, unknown>;

/**
 * The program's view of a value list: Kibana's create body with the list's `id` as `list_id` (Pulumi reserves
 * `id` for the resource id). `version` is Kibana's (it counts updates), so it is an output only.
 */
export const valueListArgsSchema = valueListCreateStrictSchema.omit({ id: true, version: true }).extend({ list_id: nonEmptyString });

/** Fields a program manages, compared by diff. */
export const VALUE_LIST_FIELDS = ["list_id", "name", "description", "type", "serializer", "deserializer", "meta"] as const;
/** Changing one of these needs a new list (Kibana cannot change them in place). */
export const VALUE_LIST_REPLACE_KEYS = ["list_id", "type", "serializer", "deserializer", "space_id"] as const;
export const VALUE_LIST_SERVER_FIELDS = ["_version", "version", "immutable", "tie_breaker_id", "created_at", "created_by", "updated_at", "updated_by"] as const;

/** The managed fields that differ between state and inputs; `meta` as the user sees it (no marker, `{}` = none). */
export function changedValueListFields(olds: Obj, news: Obj): string[] {
  const visible = (o: Obj, k: string) => (k === "meta" ? withoutOwnerMarker(o.meta) : o[k]);
  return VALUE_LIST_FIELDS.filter((k) => !deepEqual(visible(olds, k), visible(news, k)));
}

/** The `POST /api/lists` body for checked inputs. */
export function valueListCreateBody(inputs: Obj): Obj {
  const { list_id, ...rest } = pick(inputs, VALUE_LIST_FIELDS);
  return { id: list_id, ...rest };
}

/**
 * State from a Kibana list. Kibana ≥ 9 ignores serializer/deserializer and never returns them, so they are
 * carried from the inputs. esac's ownership marker stays out of `meta`.
 */
export function valueListState(list: ValueListResponse, carried: Obj): Obj {
  return toPlainJson({
    ...pick(carried, ["serializer", "deserializer"]),
    list_id: list.id,
    ...pick(list as Obj, ["name", "description", "type"]),
    meta: withoutOwnerMarker(list.meta),
    ...pick(list as Obj, VALUE_LIST_SERVER_FIELDS),
  });
}
