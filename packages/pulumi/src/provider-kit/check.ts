import type { z } from "zod";
import { flattenZodIssues, type FlatZodIssue } from "@esac/kibana-client";
import { SECRET_SALT_KEY } from "./secret-hash";
import { knownKeysAt } from "./schema-keys";
import { nearest } from "./suggest";
import { pathCrossesUnknown } from "./unknown";

/** What a dynamic provider's `check` hands to the engine, one per problem. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** A path into a resource's arguments: `["threat", 0, "tactic", "id"]`, or dotted (`"timeouts.create"`). */
export type ArgumentPath = readonly PropertyKey[] | string;

/** One problem with a resource's arguments, in the program's terms. */
export interface CheckProblem {
  path: ArgumentPath;
  reason: string;
  /** The offending value; leave it out when there is none (a missing argument). Never shown for a secret. */
  value?: unknown;
  /** The known key or option closest to what was written. */
  suggestion?: string;
}

/**
 * Arguments every resource class hands to Pulumi as secrets (resource-args.ts, secret-hash.ts); a provider adds
 * its own (connector `secrets`, Fleet `secrets` and TLS keys). No value at, inside or around them is printed.
 */
const ALWAYS_SECRET = ["connection", SECRET_SALT_KEY];

/** Arguments every esac resource takes besides Kibana's fields (see kibana-target.ts OPTION_KEYS). */
const OPTION_ARGUMENTS = ["space_id", "connection", "adopt"];

/** Longest value shown in a message; longer ones are cut. */
const MAX_SHOWN = 80;

/**
 * Problems → the failures the engine prints. The engine looks a failure's `property` up among the resource's
 * top-level inputs only and prints what it finds with Go's `%v` (pulumi/pulumi, pkg/resource/deploy,
 * `issueCheckFailures`): a nested path prints as `{<nil>}`, and a secret input would print in plain text. So every
 * failure goes out with an empty property — printed as "<type> resource '<name>' has a problem: <reason>" — and
 * the reason carries the exact path, the value (unless secret) and the suggestion:
 * `threat.0.tactic.id: Invalid input: expected string, received number (value: 5)`.
 */
export function checkFailures(problems: readonly CheckProblem[], secretArguments: readonly string[] = []): CheckFailure[] {
  const secrets = [...ALWAYS_SECRET, ...secretArguments].map(segments);
  const seen = new Set<string>();
  const failures: CheckFailure[] = [];
  for (const problem of problems) {
    const path = segments(problem.path);
    let reason = path.length ? `${formatPath(path)}: ${problem.reason}` : problem.reason;
    if (problem.suggestion) reason += `; did you mean \`${problem.suggestion}\`?`;
    if (problem.value !== undefined) {
      const suggested = problem.suggestion ? [...path.slice(0, -1), problem.suggestion] : undefined;
      const secret = touchesSecret(path, secrets) || (suggested !== undefined && touchesSecret(suggested, secrets));
      const text = shown(problem.value);
      if (secret) reason += " (value not shown: secret)";
      else if (!(typeof problem.value === "string" && reason.includes(text))) reason += ` (value: ${text})`;
    }
    if (seen.has(reason)) continue;
    seen.add(reason);
    failures.push({ property: "", reason });
  }
  return failures;
}

/**
 * zod issues → problems, all of them (zod reports every failing field, not the first). Issues about values that
 * are still unknown at preview (outputs of other resources) are dropped: they are checked again once known.
 * `extraRootKeys` are arguments accepted beside the schema's own keys, offered as suggestions at the top level.
 */
export function zodProblems(schema: z.core.$ZodType, error: z.ZodError, input: unknown, extraRootKeys: readonly string[] = OPTION_ARGUMENTS): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const { path, message, issue } of mergeUnionBranches(flattenZodIssues(error.issues), input)) {
    if (pathCrossesUnknown(input, path)) continue;
    if (issue.code === "unrecognized_keys") {
      const known = [...knownKeysAt(schema, input, path), ...(path.length === 0 ? extraRootKeys : [])];
      for (const key of issue.keys) problems.push(unknownKey([...path, key], valueAt(input, [...path, key]), known));
      continue;
    }
    const value = valueAt(input, path);
    if (value === undefined) {
      problems.push({ path, reason: issue.code === "invalid_type" ? `required (${issue.expected})` : message });
    } else {
      problems.push({ path, reason: message, value, suggestion: nearestOption(issue, value) });
    }
  }
  return problems;
}

/** One problem per key of `object` that is neither in `known` nor in `ignored` (Pulumi's and esac's bookkeeping). */
export function unknownKeyProblems(
  object: Record<string, unknown>,
  known: readonly string[],
  ignored: readonly string[] = [],
  at: readonly PropertyKey[] = [],
): CheckProblem[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key) && !ignored.includes(key))
    .map((key) => unknownKey([...at, key], object[key], known));
}

function unknownKey(path: readonly PropertyKey[], value: unknown, known: readonly string[]): CheckProblem {
  const key = String(path[path.length - 1]);
  const suggestion = nearest(key, known);
  const what = path.length === 1 ? "unknown argument" : "unknown key";
  const listed = !suggestion && known.length > 0 && known.length <= 12 ? ` (expected one of ${known.join(", ")})` : "";
  return { path, reason: `${what}${listed}`, value, suggestion };
}

/** For a wrong enum value or rule type: the allowed option closest to it. */
function nearestOption(issue: FlatZodIssue["issue"], value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const options = issue.code === "invalid_value" ? issue.values : issue.code === "invalid_union" ? (issue as { options?: unknown[] }).options : undefined;
  return options
    ? nearest(
        value,
        options.filter((o): o is string => typeof o === "string"),
      )
    : undefined;
}

/**
 * A union's branches each report why they failed. When the value has the type of some branch, the other
 * branches' "expected <type>" are noise and are dropped; when it has none, they become one
 * "expected string or array, received number".
 */
function mergeUnionBranches(flat: FlatZodIssue[], input: unknown): FlatZodIssue[] {
  const typeMiss = (f: FlatZodIssue) => f.unionPath !== undefined && f.issue.code === "invalid_type" && f.path.length === f.unionPath.length;
  const groups = new Map<string, FlatZodIssue[]>();
  for (const f of flat) {
    if (f.unionPath === undefined) continue;
    const key = JSON.stringify(f.unionPath.map(String));
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: FlatZodIssue[] = [];
  const merged = new Set<string>();
  for (const f of flat) {
    if (!typeMiss(f)) {
      out.push(f);
      continue;
    }
    const key = JSON.stringify(f.unionPath!.map(String));
    const group = groups.get(key)!;
    if (!group.every(typeMiss) || merged.has(key)) continue;
    merged.add(key);
    const expected = [...new Set(group.map((g) => (g.issue as { expected: string }).expected))];
    const message = `Invalid input: expected ${expected.join(" or ")}, received ${typeName(valueAt(input, f.path))}`;
    out.push({ ...f, message });
  }
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function segments(path: ArgumentPath): string[] {
  return typeof path === "string" ? path.split(".").filter(Boolean) : path.map(String);
}

/** `threat.0.tactic.id`; a key that is not a plain name is quoted: `meta["team.name"]`. */
export function formatPath(path: ArgumentPath): string {
  return segments(path)
    .map((key, i) => (/^[\w$-]+$/.test(key) ? (i ? `.${key}` : key) : `[${JSON.stringify(key)}]`))
    .join("");
}

/** True when `path` is a secret argument, lies inside one, or holds one (`ssl` holds `ssl.key`). */
function touchesSecret(path: readonly string[], secrets: readonly string[][]): boolean {
  return secrets.some((secret) => {
    const n = Math.min(secret.length, path.length);
    return secret.slice(0, n).every((key, i) => key === path[i]);
  });
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
