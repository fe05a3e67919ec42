import { TYPES } from "../tokens";
import type { StackPolicyDefinition, StackViolation } from "../types";
import { isUnknown, list, text } from "../util/props";

export interface StackValueListsUsedConfig {
  ignoreLists: string[];
}

/** Adds the value-list ids referenced by exception entries (`type: "list"`, also inside `nested`) to `into`; false if one is unknown during preview. */
export function referencedValueLists(entries: unknown, into: Set<string>): boolean {
  if (isUnknown(entries)) return false;
  for (const e of list(entries)) {
    if (isUnknown(e)) return false;
    if (text(e?.type) === "list") {
      const id = e?.list?.id;
      if (isUnknown(id) || isUnknown(e?.list)) return false;
      if (text(id)) into.add(id);
    } else if (text(e?.type) === "nested") {
      if (!referencedValueLists(e?.entries, into)) return false;
    }
  }
  return true;
}

/**
 * A value list's id. Kibana calls it `id`, but Pulumi never passes a top-level input named `id` (or `urn`) to
 * providers or policies — it is the resource's own id — so the resource takes it as `list_id` (or `value_list_id`);
 * `id` is read last for forward compatibility.
 */
export function valueListId(props: Record<string, any>): unknown {
  return props.list_id ?? props.value_list_id ?? props.id;
}

/** 10c. Every value list of the stack is used by an exception item; an unused list is dead weight or a forgotten wiring. */
export const stackValueListsUsed: StackPolicyDefinition<StackValueListsUsedConfig> = {
  kind: "stack",
  name: "stack-value-lists-used",
  description:
    'Every value list declared in the stack is referenced by at least one exception item entry (`type: "list"`, ' +
    "`list: { id, type }`) of the stack; otherwise it is dead weight or a wiring someone forgot.",
  remediation:
    'Reference the list from an exception item (`entries: [{ field, operator: "included", type: "list", list: { id: valueList.id, type } }]`), ' +
    "delete it, or add its id to `ignoreLists` if something outside the stack uses it.",
  enforcementLevel: "advisory",
  config: {
    ignoreLists: {
      type: "array",
      items: { type: "string" },
      description: "Value-list ids used outside this stack.",
      default: [],
    },
  },
  defaults: { ignoreLists: [] },
  check(resources, config) {
    const used = new Set<string>();
    for (const r of resources) {
      if (r.type !== TYPES.ExceptionListItem) continue;
      // A reference not known during preview could point at any list: judge at `pulumi up` instead.
      if (!referencedValueLists(r.props.entries, used)) return [];
    }
    const violations: StackViolation[] = [];
    for (const r of resources) {
      if (r.type !== TYPES.ValueList) continue;
      const id = valueListId(r.props);
      if (isUnknown(id) || !text(id) || used.has(id as string) || config.ignoreLists.includes(id as string)) continue;
      violations.push({
        urn: r.urn,
        message: `value list "${r.name}" (id ${id as string}) is not referenced by any exception item of this stack; reference it, delete it, or add it to ignoreLists.`,
      });
    }
    return violations;
  },
};
