import { TYPES } from "../tokens";
import type { ResourceUnderTest, StackPolicyDefinition } from "../types";
import { isUnknown, list, resourceLabel, text } from "../util/props";

export interface ExceptionItemOverBroadConfig {
  listTypes: string[];
  externalListTypes: Record<string, string>;
}

/** Kibana's own agnostic list of endpoint exceptions: not a detection list. */
const ENDPOINT_LIST_ID = "endpoint_list";

/**
 * Whether an entry matches (nearly) every event on its own: `exists`, or `wildcard` whose value is only `*`/`?`.
 * A `nested` entry is broad when all its entries are.
 */
export function isBroadEntry(entry: any): boolean {
  const type = text(entry?.type);
  if (type === "exists") return true;
  if (type === "wildcard") return /^[*?]+$/.test((text(entry?.value) ?? "").trim());
  if (type === "nested") {
    const inner = list(entry?.entries);
    return inner.length > 0 && inner.every(isBroadEntry);
  }
  return false;
}

/** Why an item's entries are over-broad, or undefined. Entries are ANDed, so one specific entry narrows the item. */
export function overBroadReason(entries: unknown): string | undefined {
  if (isUnknown(entries)) return undefined;
  const all = list(entries);
  if (all.some((e) => isUnknown(e) || isUnknown(e?.type) || isUnknown(e?.value))) return undefined;
  if (all.length === 0) return "it has no entries, so it matches every alert";
  if (!all.every(isBroadEntry)) return undefined;
  const parts = all.map((e) => {
    const field = text(e?.field) ?? "?";
    return e.type === "exists" ? `${field} exists` : e.type === "wildcard" ? `${field} matches "${e.value}"` : `nested ${field}`;
  });
  return `its only condition${all.length > 1 ? "s are" : " is"} ${parts.join(" and ")}, which match${all.length > 1 ? "" : "es"} nearly every alert`;
}

/**
 * 7. Exception items on detection lists are specific: an item whose only conditions are `exists` or match-anything
 * wildcards silences a rule wholesale. A stack policy, because the list's type is on the ExceptionList resource.
 */
export const exceptionItemNotOverBroad: StackPolicyDefinition<ExceptionItemOverBroadConfig> = {
  kind: "stack",
  name: "exception-item-not-over-broad",
  description:
    "Exception items on detection lists are specific: an item whose only conditions are `exists` or a wildcard of " +
    "just `*` (alone or ANDed with more of the same) suppresses nearly every alert of the rules using the list.",
  remediation:
    "Add a condition that pins the exception to the benign case (e.g. `match` on process.executable and host.name), " +
    "or disable the rule instead of excepting everything.",
  enforcementLevel: "mandatory",
  config: {
    listTypes: {
      type: "array",
      items: { type: "string" },
      description: "Exception list types checked (Kibana's `type` of the list).",
      default: ["detection", "rule_default"],
    },
    externalListTypes: {
      type: "object",
      description:
        'Types of lists not declared in this stack, by list_id (e.g. { "shared-exceptions": "detection" }). ' +
        "Undeclared lists count as detection lists, except Kibana's endpoint_list.",
      default: {},
    },
  },
  defaults: { listTypes: ["detection", "rule_default"], externalListTypes: {} },
  check(resources, config) {
    const listTypes = new Map<string, string>();
    for (const r of resources) {
      if (r.type !== TYPES.ExceptionList) continue;
      const id = text(r.props.list_id);
      const type = text(r.props.type);
      if (id && type) listTypes.set(listKey(id, r.props.namespace_type, r.props.space_id), type);
    }
    const violations = [];
    for (const item of resources) {
      if (item.type !== TYPES.ExceptionListItem) continue;
      const listId = text(item.props.list_id);
      if (!listId) continue; // unknown during preview, or missing (the provider rejects that)
      const listType =
        listTypes.get(listKey(listId, item.props.namespace_type, item.props.space_id)) ??
        config.externalListTypes[listId] ??
        (listId === ENDPOINT_LIST_ID ? "endpoint" : "detection");
      if (!config.listTypes.includes(listType)) continue;
      const reason = overBroadReason(item.props.entries);
      if (reason) {
        violations.push({
          urn: item.urn,
          message: `${itemLabel(item)} on ${listType} list "${listId}" is over-broad: ${reason}. Add a specific condition.`,
        });
      }
    }
    return violations;
  },
};

function itemLabel(item: ResourceUnderTest): string {
  return resourceLabel("exception item", item, "item_id");
}

/** Lists are unique per list_id within a namespace type; `single` ones also per space. */
export function listKey(listId: string, namespaceType: unknown, spaceId: unknown): string {
  const ns = text(namespaceType) ?? "single";
  return ns === "agnostic" ? `agnostic/${listId}` : `single/${text(spaceId) ?? "default"}/${listId}`;
}
