import type { z } from "zod";
import type { ZodWording } from "./zod-wording";

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

/** Codes Zod 3 raised without aborting (its "dirty" results): a union branch failing only with these was taken as the answer. */
const ZOD3_NON_FATAL = new Set(["too_small", "too_big", "invalid_format", "not_multiple_of", "unrecognized_keys", "custom"]);

/**
 * Leaf issues in the order Kibana 8.19 … 9.3 printed them. Its Zod 3 `stringifyZodError` (kbn-zod-helpers
 * `src/stringify_zod_error.ts`) walks a queue and appends each union's branch issues at the END of the queue, after every
 * other issue. Zod 3's union kept the first branch that failed only with non-aborting issues and reported its issues in
 * place, with no union issue at all (zod v3 `ZodUnion._parse`, the `dirty` branch).
 */
export function flattenZodIssuesAsZod3(issues: readonly Issue[]): { path: PropertyKey[]; message: string }[] {
  const queue: { issue: Issue; prefix: PropertyKey[] }[] = issues.map((issue) => ({ issue, prefix: [] }));
  const out: { path: PropertyKey[]; message: string }[] = [];
  while (queue.length > 0) {
    const { issue, prefix } = queue.shift()!;
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0 && !("note" in issue && issue.note)) {
      const dirty = issue.errors.find((branch) => branch.every((i) => ZOD3_NON_FATAL.has(i.code)));
      if (dirty) queue.unshift(...dirty.map((i) => ({ issue: i, prefix: path })));
      else queue.push(...issue.errors.flat().map((i) => ({ issue: i, prefix: path })));
      continue;
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

/**
 * Kibana's `stringifyZodError`: "a.b: message, c: message" — at most 5, then "and N more". `wording` picks the issue
 * order of the release (Zod 3 for 8.19 … 9.3, Zod 4 from 9.4); the messages themselves come from the parse
 * (`safeParseInWording`).
 */
export function stringifyZodError(error: z.ZodError, wording: ZodWording = "zod4"): string {
  const flat = wording === "zod3" ? flattenZodIssuesAsZod3(error.issues) : flattenZodIssues(error.issues);
  const parts = flat.map(({ path, message }) => (path.length ? `${path.map(String).join(".")}: ${message}` : message));
  const shown = parts.slice(0, 5).join(", ");
  return parts.length > 5 ? `${shown}, and ${parts.length - 5} more` : shown;
}
