import { listItemValueError, normalizeListItemValue, type ValueListType } from "@esac/kibana-client";
import type { CheckProblem } from "../provider-kit/check";

/**
 * The one normal form of a value set, from a program or from Kibana: each value as Kibana reads it back for the
 * list's type (trimmed; single values of range lists as `v-v`…) — or just trimmed while the type is unknown —
 * de-duplicated and sorted.
 */
export function canonicalValues(values: readonly string[], type: ValueListType | undefined): string[] {
  const normal = values.map((v) => (type ? normalizeListItemValue(type, v) : v.trim()));
  return [...new Set(normal)].sort();
}

/** What to add and what to remove to go from `current` to `desired` (both canonical). */
export function valueDelta(current: readonly string[], desired: readonly string[]): { add: string[]; remove: string[] } {
  const have = new Set(current);
  const want = new Set(desired);
  return { add: desired.filter((v) => !have.has(v)), remove: current.filter((v) => !want.has(v)) };
}

/** Check problems for values Kibana cannot take: line breaks always (values travel as lines of a file), type errors when the type is known. */
export function valueFailures(values: readonly unknown[], type: ValueListType | undefined): CheckProblem[] {
  const failures: CheckProblem[] = [];
  values.forEach((value, i) => {
    // Non-strings and blank values are the schema's to report.
    if (typeof value !== "string" || value.trim() === "") return;
    const error = type ? listItemValueError(type, value) : /[\r\n]/.test(value) ? "a value cannot contain a line break" : undefined;
    if (error && failures.length < 20) failures.push({ path: ["values", i], reason: type ? `${error} (list type ${type})` : error, value });
  });
  return failures;
}
