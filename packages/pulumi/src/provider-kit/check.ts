import type { z } from "zod";
import { flattenZodIssues } from "@esac/kibana-client";
import { pathCrossesUnknown } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * zod issues → Pulumi check failures naming the field path. Issues about values that are still unknown
 * at preview (outputs of other resources) are dropped: they are checked again when the value is known.
 */
export function zodFailures(error: z.ZodError, input: unknown): CheckFailure[] {
  const seen = new Set<string>();
  const failures: CheckFailure[] = [];
  for (const { path, message } of flattenZodIssues(error.issues)) {
    if (pathCrossesUnknown(input, path)) continue;
    const property = path.map(String).join(".") || "(resource)";
    const reason = missingValue(input, path) ? message.replace(/^Invalid input: expected (\w+), received undefined$/, "required ($1)") : message;
    const key = `${property}\0${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failures.push({ property, reason });
  }
  return failures;
}

function missingValue(input: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return true;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node === undefined;
}
