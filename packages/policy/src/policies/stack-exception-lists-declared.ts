import { TYPES } from "../tokens";
import type { StackPolicyDefinition, StackViolation } from "../types";
import { isUnknown, list, resourceLabel, ruleLabel, text } from "../util/props";
import { listKey } from "./exception-item-over-broad";

export interface StackExceptionListsDeclaredConfig {
  externalLists: string[];
  checkItems: boolean;
}

/**
 * 10b. Every exception list a rule uses (`exceptions_list`) is declared in the stack, or named as managed elsewhere:
 * a reference to a list nobody declares is a typo or a dependency no one sees in review.
 */
export const stackExceptionListsDeclared: StackPolicyDefinition<StackExceptionListsDeclaredConfig> = {
  kind: "stack",
  name: "stack-exception-lists-declared",
  description:
    "Every exception list referenced by a rule's `exceptions_list` (a DetectionRule's or a PrebuiltRule's; and, by default, by an exception item's `list_id`) " +
    "is an ExceptionList of this stack (same list_id, namespace type and space) or listed in `externalLists`.",
  remediation:
    "Declare the list with `new ExceptionList(…)` and reference its outputs (`{ id: list.id, list_id: list.list_id, … }`), " +
    "fix the list_id if it is a typo, or add the list_id to this policy's `externalLists` if another stack or team owns it.",
  enforcementLevel: "mandatory",
  config: {
    externalLists: {
      type: "array",
      items: { type: "string" },
      description: "list_ids managed outside this stack (Kibana's endpoint_list is always one).",
      default: [],
    },
    checkItems: {
      type: "boolean",
      description: "Also require the lists of exception items (`list_id`) to be declared or external.",
      default: true,
    },
  },
  defaults: { externalLists: [], checkItems: true },
  check(resources, config) {
    const declared = new Set<string>();
    for (const r of resources) {
      if (r.type !== TYPES.ExceptionList) continue;
      const id = text(r.props.list_id);
      if (id) declared.add(listKey(id, r.props.namespace_type, r.props.space_id));
    }
    // A list whose list_id is unknown during preview might be the one referenced: then do not judge.
    const someUnknown = resources.some((r) => r.type === TYPES.ExceptionList && isUnknown(r.props.list_id));
    const external = new Set(["endpoint_list", ...config.externalLists]);
    const isDeclared = (listId: string, ns: unknown, space: unknown) => declared.has(listKey(listId, ns, space)) || external.has(listId);

    const violations: StackViolation[] = [];
    for (const r of resources) {
      // A customised prebuilt rule (PrebuiltRule) attaches lists the same way.
      if (r.type === TYPES.DetectionRule || r.type === TYPES.PrebuiltRule) {
        for (const ref of list(r.props.exceptions_list)) {
          const listId = text(ref?.list_id);
          if (!listId || someUnknown) continue;
          if (text(ref?.type) === "endpoint" || isDeclared(listId, ref?.namespace_type, r.props.space_id)) continue;
          violations.push({
            urn: r.urn,
            message:
              `${ruleLabel(r)} uses exception list "${listId}" (${text(ref?.namespace_type) ?? "single"}${text(ref?.namespace_type) === "agnostic" ? "" : `, space ${text(r.props.space_id) ?? "default"}`}), ` +
              `which this stack does not declare; declare it or add it to externalLists.`,
          });
        }
      } else if (config.checkItems && r.type === TYPES.ExceptionListItem) {
        const listId = text(r.props.list_id);
        if (!listId || someUnknown || isDeclared(listId, r.props.namespace_type, r.props.space_id)) continue;
        violations.push({
          urn: r.urn,
          message: `${resourceLabel("exception item", r, "item_id")} belongs to exception list "${listId}", which this stack does not declare; declare it or add it to externalLists.`,
        });
      }
    }
    return violations;
  },
};
