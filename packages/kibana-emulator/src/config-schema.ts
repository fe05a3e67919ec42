/**
 * `@kbn/config-schema` validation texts (kibana-behaviour.md §0.4), produced from zod issues for the routes that use
 * config-schema (connectors, Fleet, spaces): unknown keys are rejected (`definition for this key is missing`), type
 * errors read `expected value of type [string] but got [undefined]`, and only the first failure is reported.
 */
import type { z } from "zod";
import { boomError } from "./errors";

type Issue = z.core.$ZodIssue;

/** config-schema's `typeDetect` names. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return "Object";
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

const label = (prefix: string, path: readonly PropertyKey[]) => `[${[prefix, ...path.map(String)].filter(Boolean).join(".")}]`;

/** `[where]: text` for one issue; `base` is the path of the value the issue's own path is relative to. */
function describeIssue(issue: Issue, input: unknown, prefix: string, base: readonly PropertyKey[] = []): string {
  const path = [...base, ...issue.path];
  if (issue.code === "unrecognized_keys") return `${label(prefix, [...path, issue.keys[0]!])}: definition for this key is missing`;
  return `${label(prefix, path)}: ${issueText(issue, input, prefix, path)}`;
}

function issueText(issue: Issue, input: unknown, prefix: string, path: readonly PropertyKey[]): string {
  const value = valueAt(input, path);
  switch (issue.code) {
    case "invalid_type":
      // config-schema's recordOf reports itself as an object.
      return `expected value of type [${issue.expected === "record" ? "object" : issue.expected}] but got [${typeName(value)}]`;
    case "invalid_value":
      return `types that failed validation:\n${issue.values.map((v, i) => `- ${label(prefix, [...path, i])}: expected value to equal [${String(v)}]`).join("\n")}`;
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const limit = String(small ? issue.minimum : issue.maximum);
      if (Array.isArray(value)) return `array size is [${value.length}], but cannot be ${small ? "smaller" : "greater"} than [${limit}]`;
      if (typeof value === "string") return `value has length [${value.length}] but it must have a ${small ? "minimum" : "maximum"} length of [${limit}].`;
      return `Value must be ${small ? "equal to or greater" : "equal to or lower"} than [${limit}].`;
    }
    case "invalid_union":
      return `types that failed validation:\n${issue.errors
        .map((branch, i) => `- ${label(prefix, [...path, i])}: ${branch[0] ? issueText(branch[0], input, prefix, [...path, ...branch[0].path]) : "invalid"}`)
        .join("\n")}`;
    default:
      return issue.message;
  }
}

/** The config-schema text of the first issue, e.g. `[request body.name]: expected value of type [string] but got [undefined]`. */
export function configSchemaMessage(error: z.ZodError, input: unknown, prefix: string): string {
  return describeIssue(error.issues[0]!, input, prefix);
}

/** Route-level body validation of a config-schema route: Boom 400 with the first failure. */
export function validateConfigSchemaBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const res = schema.safeParse(body ?? {});
  if (!res.success) throw boomError(400, configSchemaMessage(res.error, body ?? {}, "request body"));
  return res.data;
}

/** Kibana's `validateEmptyStrings`: any blank string anywhere in the value fails, reported on `field`. */
export function assertNoEmptyStrings(value: unknown, field: string): void {
  const blank = (v: unknown): boolean =>
    typeof v === "string" ? v.trim() === "" : Array.isArray(v) ? v.some(blank) : v !== null && typeof v === "object" ? Object.values(v).some(blank) : false;
  if (blank(value)) {
    const shown = typeof value === "string" ? value : "";
    throw boomError(400, `[request body.${field}]: value '${shown}' is not valid`);
  }
}
