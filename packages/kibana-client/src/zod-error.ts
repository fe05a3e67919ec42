import type { z } from "zod";

type Issue = z.core.$ZodIssue;

/** Every leaf issue, with union branches expanded (as Kibana's kbn-zod-helpers does). */
export function flattenZodIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0 && !("note" in issue && issue.note)) {
      for (const branch of issue.errors) out.push(...flattenZodIssues(branch, path));
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** Kibana's `stringifyZodError`: "a.b: message, c: message" — at most 5, then "and N more". */
export function stringifyZodError(error: z.ZodError): string {
  const parts = flattenZodIssues(error.issues).map(({ path, message }) =>
    path.length ? `${path.map(String).join(".")}: ${message}` : message,
  );
  const shown = parts.slice(0, 5).join(", ");
  return parts.length > 5 ? `${shown}, and ${parts.length - 5} more` : shown;
}
