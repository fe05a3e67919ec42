import type { z } from "zod";
import { checkFailures, zodProblems, type CheckProblem } from "../../provider-kit/check";

/** One thing wrong with one file: `rules/x.toml: rule.risk_score: Invalid input: expected number, received string (value: "high")`. */
export interface RuleFileProblem {
  /** The file, as the caller named it (relative to the folder given to the loader). */
  file: string;
  /** What is wrong, starting with the field's path when there is one. */
  reason: string;
}

/**
 * Every problem of every file of a load, thrown once before any resource is registered, so one `pulumi preview`
 * lists all bad files instead of stopping at the first.
 */
export class RuleFilesError extends Error {
  /** The problems, in file order. */
  readonly problems: readonly RuleFileProblem[];

  constructor(problems: readonly RuleFileProblem[]) {
    const files = new Set(problems.map((p) => p.file)).size;
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} rule file${files === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  ${p.file}: ${p.reason}`).join("\n"),
    );
    this.name = "RuleFilesError";
    this.problems = problems;
  }
}

/**
 * A body checked against the schema its resource checks at preview (so a loader never accepts what the resource
 * refuses), each failure worded as the resource words it, with the path prefixed by where the body sits in the
 * file (`rule` for a detection-rules TOML `[rule]` table, `line 3` for an NDJSON line).
 */
export function schemaProblems(file: string, schema: z.ZodType, body: unknown, at: readonly PropertyKey[] = []): RuleFileProblem[] {
  const parsed = schema.safeParse(body);
  if (parsed.success) return [];
  return fieldProblems(file, zodProblems(schema, parsed.error, body, []), at);
}

/** Problems of a body, in the resource's words, with their paths prefixed by `at`. */
export function fieldProblems(file: string, problems: readonly CheckProblem[], at: readonly PropertyKey[] = []): RuleFileProblem[] {
  const prefixed = problems.map((p) => ({ ...p, path: [...at, ...(typeof p.path === "string" ? p.path.split(".") : p.path)] }));
  return checkFailures(prefixed).map((f) => ({ file, reason: f.reason }));
}
