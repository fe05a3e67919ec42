import type { z } from "zod";

type Issue = z.core.$ZodIssue;

/** A leaf issue with its path from the parsed root. */
export interface FlatZodIssue {
  path: PropertyKey[];
  message: string;
  /** The leaf issue itself, for its code and details (`keys` of unrecognized_keys, `values` of invalid_value…). */
  issue: Issue;
  /** Path of the union whose branch this issue came from (several issues share it: one per failing branch). */
  unionPath?: PropertyKey[];
}

/** Every leaf issue, with union branches expanded (as Kibana's kbn-zod-helpers does). */
export function flattenZodIssues(issues: readonly Issue[], prefix: PropertyKey[] = [], unionPath?: PropertyKey[]): FlatZodIssue[] {
  const out: FlatZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0 && !("note" in issue && issue.note)) {
      for (const branch of issue.errors) out.push(...flattenZodIssues(branch, path, path));
    } else {
      out.push(unionPath ? { path, message: issue.message, issue, unionPath } : { path, message: issue.message, issue });
    }
  }
  return out;
}

/** Kibana's `stringifyZodError`: "a.b: message, c: message" — at most 5, then "and N more". */
export function stringifyZodError(error: z.ZodError): string {
  const parts = flattenZodIssues(error.issues).map(({ path, message }) => (path.length ? `${path.map(String).join(".")}: ${message}` : message));
  const shown = parts.slice(0, 5).join(", ");
  return parts.length > 5 ? `${shown}, and ${parts.length - 5} more` : shown;
}
