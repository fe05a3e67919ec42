import { z } from "zod";
import { parseKibanaVersion } from "../versions";
import { stringifyZodError } from "../zod-error";
import { safeParseInWording, zodWordingOf } from ".";

const v = (text: string) => parseKibanaVersion(text)!;

/** The text Kibana would print for `value` against `schema` in `wording`. */
function text(schema: z.ZodType, value: unknown, wording: "zod3" | "zod4"): string {
  const res = safeParseInWording(schema, value, wording);
  if (res.success) throw new Error("expected a failure");
  return stringifyZodError(res.error, wording);
}

describe("Kibana validation wording by release", () => {
  it("Zod 3 up to 9.3, Zod 4 from 9.4 (KIBANA_FEATURES.zod4Messages)", () => {
    expect(zodWordingOf(v("8.19.0"))).toBe("zod3");
    expect(zodWordingOf(v("9.3.6"))).toBe("zod3");
    expect(zodWordingOf(v("9.4.0"))).toBe("zod4");
  });

  // Forms from zod v3 src/locales/en.ts (the default error map Kibana 8.19 … 9.3 used).
  it.each([
    ["missing value", z.object({ a: z.string() }), {}, "a: Required"],
    ["missing enum", z.object({ a: z.enum(["x", "y"]) }), {}, "a: Required"],
    ["enum given a number", z.object({ a: z.enum(["x", "y"]) }), { a: 1 }, "a: Expected 'x' | 'y', received number"],
    ["null", z.object({ a: z.string() }), { a: null }, "a: Expected string, received null"],
    ["record", z.object({ a: z.record(z.string(), z.unknown()) }), { a: [] }, "a: Expected object, received array"],
    ["literal", z.object({ a: z.literal("k") }), { a: "j" }, 'a: Invalid literal value, expected "k"'],
    ["missing literal", z.object({ a: z.literal("k") }), {}, 'a: Invalid literal value, expected "k"'],
    ["integer", z.object({ a: z.number().int() }), { a: 1.5 }, "a: Expected integer, received float"],
    ["unknown keys", z.strictObject({ a: z.string() }), { a: "x", b: 1, c: 2 }, "Unrecognized key(s) in object: 'b', 'c'"],
    ["array min", z.object({ a: z.array(z.string()).min(1) }), { a: [] }, "a: Array must contain at least 1 element(s)"],
    ["array max", z.object({ a: z.array(z.string()).max(1) }), { a: ["x", "y"] }, "a: Array must contain at most 1 element(s)"],
    ["string max", z.object({ a: z.string().max(2) }), { a: "xyz" }, "a: String must contain at most 2 character(s)"],
    ["positive", z.object({ a: z.number().positive() }), { a: 0 }, "a: Number must be greater than 0"],
    ["regex", z.object({ a: z.string().regex(/^x$/) }), { a: "y" }, "a: Invalid"],
    ["own message kept", z.object({ a: z.string().min(1, "must not be empty") }), { a: "" }, "a: must not be empty"],
  ])("%s", (_name, schema, value, expected) => {
    expect(text(schema, value, "zod3")).toBe(expected);
  });

  it("a discriminator miss names the options in Zod 3 and says 'Invalid input' in Kibana 9.4's Zod 4", () => {
    const schema = z.discriminatedUnion("type", [z.object({ type: z.literal("p") }), z.object({ type: z.literal("q") })]);
    expect(text(schema, { type: "r" }, "zod3")).toBe("type: Invalid discriminator value. Expected 'p' | 'q'");
    expect(text(schema, { type: "r" }, "zod4")).toBe("type: Invalid input");
  });

  // kbn-zod-helpers src/stringify_zod_error.ts (Zod 3): union branch issues go to the end of the queue; seen in Kibana's
  // PatchRuleRequestBody schema test snapshot "…namespace_type: Invalid enum value…, type: Invalid literal value, expected \"eql\", …".
  it("Zod 3 prints a union's branch issues after every other issue, with their full path", () => {
    const schema = z.object({ u: z.union([z.object({ k: z.literal("a") }), z.object({ k: z.literal("b") })]), after: z.string() });
    expect(text(schema, { u: {} }, "zod3")).toBe('after: Required, u.k: Invalid literal value, expected "a", u.k: Invalid literal value, expected "b"');
    expect(text(schema, { u: {} }, "zod4")).toBe(
      'u.k: Invalid input: expected "a", u.k: Invalid input: expected "b", after: Invalid input: expected string, received undefined',
    );
  });

  // zod v3 ZodUnion._parse: the first branch failing only with non-aborting issues is the answer, reported in place.
  it("Zod 3 reports the first branch that failed only on checks, in place", () => {
    const schema = z.object({ u: z.union([z.string().min(3), z.string().max(1)]), after: z.string() });
    expect(text(schema, { u: "xy" }, "zod3")).toBe("u: String must contain at least 3 character(s), after: Required");
  });

  it("keeps Kibana's truncation after five issues", () => {
    const schema = z.object({ a: z.array(z.string()) });
    expect(text(schema, { a: [1, 2, 3, 4, 5, 6] }, "zod3")).toBe(
      "a.0: Expected string, received number, a.1: Expected string, received number, a.2: Expected string, received number, " +
        "a.3: Expected string, received number, a.4: Expected string, received number, and 1 more",
    );
  });
});
