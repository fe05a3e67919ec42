import type { RuleResponse } from "@esac/kibana-client";
import { changedRuleFields } from "./normalize";

type Obj = Record<string, unknown>;

/** The resource argument that lets an update overwrite a change made in Kibana since the last read. */
export const OVERWRITE_OPTION = "overwrite_concurrent_edits";

/**
 * Why an update must not go ahead: Kibana's copy of the rule (`current`, from this process's `_find` snapshot) has
 * another `revision` or `updated_at` than the copy the state (`olds`) recorded at the last create, read or update.
 * `updated_at` also catches changes that leave `revision` alone (enabling or disabling a rule). Undefined when
 * nothing changed, when the state predates these fields, or when the rule is gone (the PUT then says so).
 */
export function concurrentEditError(label: string, olds: Obj, current: RuleResponse | undefined): Error | undefined {
  if (!current || olds.revision === undefined || olds.updated_at === undefined) return undefined;
  if (current.revision === olds.revision && current.updated_at === olds.updated_at) return undefined;
  const fields = changedRuleFields(olds, current as unknown as Obj);
  const [revision, updatedAt] = [olds.revision as number, olds.updated_at as string];
  const what = [
    `revision ${revision} → ${current.revision}`,
    `updated by ${current.updated_by ?? "?"} at ${current.updated_at}; the state's copy is from ${updatedAt}`,
    ...(fields.length ? [`fields now different: ${fields.join(", ")}`] : []),
  ];
  return new Error(
    `${label} was changed in Kibana since Pulumi last read it (${what.join("; ")}). The update was refused so ` +
      `that change is not silently overwritten. Run \`pulumi refresh\` to take Kibana's copy into the state, then ` +
      `\`pulumi up\` to apply the program over it; or set \`${OVERWRITE_OPTION}: true\` on the resource to let ` +
      `updates overwrite such changes.`,
  );
}
