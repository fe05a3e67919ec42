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
    const key = `${property}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failures.push({ property, reason: message });
  }
  return failures;
}
