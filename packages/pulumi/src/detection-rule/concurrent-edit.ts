import type { RuleResponse } from "@esac/kibana-client";
import { concurrentEditError as refusal } from "../provider-kit/concurrent-edit";
import { changedRuleFields } from "./normalize";

export { OVERWRITE_OPTION } from "../provider-kit/concurrent-edit";

type Obj = Record<string, unknown>;

/**
 * Why a rule update must not go ahead: Kibana's copy (`current`, from this process's `_find` snapshot) has another
 * `revision` or `updated_at` than the copy the state (`olds`) recorded at the last create, read or update.
 * `updated_at` also catches changes that leave `revision` alone (enabling or disabling a rule). Undefined when
 * nothing changed, when the state predates these fields, or when the rule is gone (the PUT then says so).
 * `olds` holds the state's copy of the rule unless `hasCopy` is false (server fields only): then no field is named.
 */
export function concurrentEditError(label: string, olds: Obj, current: RuleResponse | undefined, hasCopy = true): Error | undefined {
  if (!current || olds.revision === undefined || olds.updated_at === undefined) return undefined;
  if (current.revision === olds.revision && current.updated_at === olds.updated_at) return undefined;
  const fields = hasCopy ? changedRuleFields(olds, current as unknown as Obj) : [];
  const [revision, updatedAt] = [olds.revision as number, olds.updated_at as string];
  const what = [
    `revision ${revision} → ${current.revision}`,
    `updated by ${current.updated_by ?? "?"} at ${current.updated_at}; the state's copy is from ${updatedAt}`,
    ...(fields.length ? [`fields now different: ${fields.join(", ")}`] : []),
  ];
  return refusal(label, what.join("; "));
}
