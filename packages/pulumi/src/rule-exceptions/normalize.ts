import type { ExceptionListItemResponse } from "@esac/kibana-client";
import { canonicalExceptionItem, EXCEPTION_ITEM_FIELDS, exceptionItemState } from "../exception-list-item/normalize";
import { deepEqual, pick } from "../provider-kit/json";

type Obj = Record<string, unknown>;

/** An item's managed fields: `ExceptionListItem`'s, but the list is the rule's own (no `list_id`, always `single`). */
export const RULE_ITEM_FIELDS = EXCEPTION_ITEM_FIELDS.filter((k) => k !== "list_id" && k !== "namespace_type");

/** `ExceptionListItem`'s normal form, restricted to what a rule exception item manages. */
export function canonicalRuleItem(item: Obj): Obj {
  return pick(canonicalExceptionItem(item), RULE_ITEM_FIELDS);
}

/** State of one item read from Kibana (server fields and stored comments kept, list fields dropped). */
export function ruleItemState(item: ExceptionListItemResponse): Obj {
  const { list_id: _l, namespace_type: _n, ...rest } = exceptionItemState(item);
  return rest;
}

/** The program's items keyed by `item_id`, in normal form. */
export function itemsById(items: unknown): Map<string, Obj> {
  const list = Array.isArray(items) ? (items as Obj[]) : [];
  return new Map(list.map((i) => [i.item_id as string, i]));
}

export function changedRuleItem(before: Obj, after: Obj): boolean {
  return !deepEqual(canonicalRuleItem(before), canonicalRuleItem(after));
}
