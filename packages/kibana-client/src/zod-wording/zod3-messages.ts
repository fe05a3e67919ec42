/**
 * Zod 3's default English messages (colinhacks/zod v3 `src/locales/en.ts`, the map Kibana 8.19 … 9.3 ran with through
 * `@kbn/zod`), computed from the issues Zod 4 raises. The parser is Zod 4; only the words are Zod 3's, so each Zod 4
 * issue code is mapped to the Zod 3 issue Zod 3 would have raised for the same input.
 */
import type { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;

/** Zod 3's `getParsedType`: the `received` word of its messages. */
export function zod3ParsedType(input: unknown): string {
  switch (typeof input) {
    case "undefined":
      return "undefined";
    case "string":
      return "string";
    case "number":
      return Number.isNaN(input) ? "nan" : "number";
    case "boolean":
      return "boolean";
    case "function":
      return "function";
    case "bigint":
      return "bigint";
    case "symbol":
      return "symbol";
  }
  if (Array.isArray(input)) return "array";
  if (input === null) return "null";
  const o = input as { then?: unknown; catch?: unknown };
  if (typeof o.then === "function" && typeof o.catch === "function") return "promise";
  if (input instanceof Map) return "map";
  if (input instanceof Set) return "set";
  if (input instanceof Date) return "date";
  return "object";
}

/** Zod 3's `util.joinValues`: strings quoted with `'`, joined by ` | ` unless told. */
export function zod3JoinValues(values: readonly unknown[], separator = " | "): string {
  return values.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(separator);
}

/** Zod 4's `expected` words that Zod 3 spelled differently (the schema kinds are the same). */
const ZOD3_EXPECTED: Record<string, string> = { record: "object", tuple: "array" };

function schemaKind(issue: RawIssue): string | undefined {
  const owner = (issue.inst ?? issue.schema) as { _zod?: { def?: { type?: string } } } | undefined;
  return owner?._zod?.def?.type;
}

function invalidType(issue: Extract<RawIssue, { code: "invalid_type" }>): string {
  // Zod 3 reports every missing value (`undefined`) as "Required", whatever was expected (`nonoptional` included).
  if (issue.input === undefined) return "Required";
  const received = zod3ParsedType(issue.input);
  // Zod 4's `int` check is an invalid_type; Zod 3's `.int()` said "Expected integer, received float".
  if (issue.expected === "int") return typeof issue.input === "number" ? "Expected integer, received float" : `Expected number, received ${received}`;
  return `Expected ${ZOD3_EXPECTED[issue.expected] ?? issue.expected}, received ${received}`;
}

/** Zod 4 raises invalid_value for both literals and enums; Zod 3 had a code for each, and checked the type first for enums. */
function invalidValue(issue: Extract<RawIssue, { code: "invalid_value" }>): string {
  const values = issue.values;
  if (schemaKind(issue) === "literal") {
    // A multi-value literal (`z.literal([a, b])`) is Zod 4 only; Zod 3 named its single value, so name the first.
    return `Invalid literal value, expected ${JSON.stringify(typeof values[0] === "bigint" ? values[0].toString() : values[0])}`;
  }
  // ZodEnum (string values): a non-string is an invalid_type whose `expected` is the joined options.
  // ZodNativeEnum also accepted numbers before checking the value.
  const native = values.some((v) => typeof v !== "string");
  const typeOk = typeof issue.input === "string" || (native && typeof issue.input === "number");
  if (!typeOk) return issue.input === undefined ? "Required" : `Expected ${zod3JoinValues(values)}, received ${zod3ParsedType(issue.input)}`;
  return `Invalid enum value. Expected ${zod3JoinValues(values)}, received '${String(issue.input)}'`;
}

function discriminatorOptions(issue: Extract<RawIssue, { code: "invalid_union" }>): unknown[] {
  if ("options" in issue && Array.isArray(issue.options)) return issue.options;
  // Older Zod 4 releases do not copy the options into the issue: read each option's discriminator values.
  const union = issue.inst as { _zod?: { def?: { discriminator?: string; options?: { _zod: { propValues?: Record<string, Set<unknown>> } }[] } } };
  const def = union?._zod?.def;
  if (!def?.discriminator || !def.options) return [];
  return def.options.flatMap((o) => [...(o._zod.propValues?.[def.discriminator!] ?? [])]);
}

function sizeWord(origin: string): "array" | "string" | "number" | "bigint" | "date" | undefined {
  if (origin === "array") return "array";
  if (origin === "string") return "string";
  if (origin === "number" || origin === "int") return "number";
  if (origin === "bigint") return "bigint";
  if (origin === "date") return "date";
  // `set`, `file`, `map`: Zod 3's map had no words for them ("Invalid input").
  return undefined;
}

function tooSmall(issue: Extract<RawIssue, { code: "too_small" }>): string {
  const { exact, inclusive, minimum } = issue;
  switch (sizeWord(issue.origin)) {
    case "array":
      return `Array must contain ${exact ? "exactly" : inclusive ? "at least" : "more than"} ${minimum} element(s)`;
    case "string":
      return `String must contain ${exact ? "exactly" : inclusive ? "at least" : "over"} ${minimum} character(s)`;
    case "number":
      return `Number must be ${exact ? "exactly equal to " : inclusive ? "greater than or equal to " : "greater than "}${minimum}`;
    case "date":
      return `Date must be ${exact ? "exactly equal to " : inclusive ? "greater than or equal to " : "greater than "}${String(new Date(Number(minimum)))}`;
    default:
      // Zod 3 had no too_small words for bigint either.
      return "Invalid input";
  }
}

function tooBig(issue: Extract<RawIssue, { code: "too_big" }>): string {
  const { exact, inclusive, maximum } = issue;
  switch (sizeWord(issue.origin)) {
    case "array":
      return `Array must contain ${exact ? "exactly" : inclusive ? "at most" : "less than"} ${maximum} element(s)`;
    case "string":
      return `String must contain ${exact ? "exactly" : inclusive ? "at most" : "under"} ${maximum} character(s)`;
    case "number":
      return `Number must be ${exact ? "exactly" : inclusive ? "less than or equal to" : "less than"} ${maximum}`;
    case "bigint":
      return `BigInt must be ${exact ? "exactly" : inclusive ? "less than or equal to" : "less than"} ${maximum}`;
    case "date":
      return `Date must be ${exact ? "exactly" : inclusive ? "smaller than or equal to" : "smaller than"} ${String(new Date(Number(maximum)))}`;
    default:
      return "Invalid input";
  }
}

/** Zod 4 string formats → Zod 3 `invalid_string` validation names (`Invalid ${validation}`). */
const ZOD3_VALIDATION: Record<string, string> = {
  ipv4: "ip",
  ipv6: "ip",
  cidrv4: "cidr",
  cidrv6: "cidr",
  // Zod 3's `.uuid()` was as lenient as Zod 4's `guid`; the versioned UUID checks are Zod 4 only.
  guid: "uuid",
  uuidv4: "uuid",
  uuidv6: "uuid",
  uuidv7: "uuid",
};

function invalidFormat(issue: Extract<RawIssue, { code: "invalid_format" }>): string {
  const details = issue as { prefix?: string; suffix?: string; includes?: string };
  switch (issue.format) {
    case "regex":
      return "Invalid";
    case "starts_with":
      return `Invalid input: must start with "${details.prefix}"`;
    case "ends_with":
      return `Invalid input: must end with "${details.suffix}"`;
    case "includes":
      return `Invalid input: must include "${details.includes}"`;
    default:
      // Formats Zod 3 lacked (xid, ksuid, e164, lowercase, uppercase, json_string, mac…) keep Zod 3's pattern.
      return `Invalid ${ZOD3_VALIDATION[issue.format] ?? issue.format}`;
  }
}

/** The Zod 3 message for a Zod 4 issue; a schema's own message (`.min(1, "…")`, refinements) still wins, as in both. */
export const zod3ErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return invalidType(issue);
    case "invalid_value":
      return invalidValue(issue);
    case "invalid_union":
      if ("note" in issue && issue.note === "No matching discriminator") {
        return `Invalid discriminator value. Expected ${zod3JoinValues(discriminatorOptions(issue))}`;
      }
      // Includes Zod 4's "more than one option matched" (z.xor), which Zod 3 did not have.
      return "Invalid input";
    case "too_small":
      return tooSmall(issue);
    case "too_big":
      return tooBig(issue);
    case "invalid_format":
      return invalidFormat(issue);
    case "not_multiple_of":
      return `Number must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `Unrecognized key(s) in object: ${zod3JoinValues(issue.keys, ", ")}`;
    case "invalid_key":
    case "invalid_element":
      // No Zod 3 equivalent: Zod 3 reported a bad record key / map or set element with the key's own issues.
      return "Invalid input";
    case "custom":
      return "Invalid input";
    default:
      return undefined;
  }
};
