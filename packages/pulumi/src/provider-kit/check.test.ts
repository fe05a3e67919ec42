import { z } from "zod";
import { checkFailures, formatPath, unknownKeyProblems, zodProblems } from "./check";
import { knownKeysAt } from "./schema-keys";
import { editDistance, nearest } from "./suggest";
import { UNKNOWN } from "./unknown";

const reasons = (failures: { property: string; reason: string }[]) => failures.map((f) => `${f.property}|${f.reason}`);

describe("checkFailures", () => {
  it("puts the exact path, the reason, the suggestion and the value in the reason, with an empty property", () => {
    expect(
      reasons(
        checkFailures([
          { path: ["threat", 0, "tactic", "id"], reason: "expected string", value: 5 },
          { path: "max_signal", reason: "unknown argument", value: 100, suggestion: "max_signals" },
          { path: "query", reason: "required (string)" },
          { path: ["meta", "team.name"], reason: "too long", value: "x".repeat(200) },
        ]),
      ),
    ).toEqual([
      "|threat.0.tactic.id: expected string (value: 5)",
      "|max_signal: unknown argument; did you mean `max_signals`? (value: 100)",
      "|query: required (string)",
      `|meta["team.name"]: too long (value: "${"x".repeat(78)}…)`,
    ]);
  });

  it("hides the value at, inside and around a secret argument, and of a key that looks like a typo of one", () => {
    const failures = checkFailures(
      [
        { path: "connection", reason: "must be an object", value: "S3cret-1" },
        { path: "connection.apiKey", reason: "expected string", value: 12345 },
        { path: "secrets", reason: "expected record", value: "S3cret-2" },
        { path: ["ssl"], reason: "expected object", value: "S3cret-3" },
        { path: "ssl.kye", reason: "unknown key", value: "S3cret-4", suggestion: "key" },
        { path: "secret", reason: "unknown argument", value: { a: "S3cret-5" }, suggestion: "secrets" },
        { path: "ssl.client_auth", reason: "invalid option", value: "always" },
      ],
      ["secrets", "ssl.key"],
    );
    expect(failures.map((f) => f.reason)).toEqual([
      "connection: must be an object (value not shown: secret)",
      "connection.apiKey: expected string (value not shown: secret)",
      "secrets: expected record (value not shown: secret)",
      "ssl: expected object (value not shown: secret)",
      "ssl.kye: unknown key; did you mean `key`? (value not shown: secret)",
      "secret: unknown argument; did you mean `secrets`? (value not shown: secret)",
      'ssl.client_auth: invalid option (value: "always")',
    ]);
    expect(JSON.stringify(failures)).not.toContain("S3cret");
    expect(JSON.stringify(failures)).not.toContain("12345");
  });

  it("does not repeat a value the reason already quotes, and drops exact duplicates", () => {
    const failures = checkFailures([
      { path: "value", reason: '"10.0.0.300" is not an IP address', value: "10.0.0.300" },
      { path: "value", reason: '"10.0.0.300" is not an IP address', value: "10.0.0.300" },
    ]);
    expect(reasons(failures)).toEqual(['|value: "10.0.0.300" is not an IP address']);
  });
});

describe("zodProblems", () => {
  const tactic = z.strictObject({ id: z.string(), name: z.string(), reference: z.string() });
  const rule = z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("query"), query: z.string(), threat: z.array(z.strictObject({ tactic })).optional(), max_signals: z.number().optional() }),
    z.strictObject({ type: z.literal("threshold"), threshold: z.strictObject({ field: z.union([z.string(), z.array(z.string())]), value: z.number() }) }),
  ]);
  const problems = (input: unknown) => reasons(checkFailures(zodProblems(rule, rule.safeParse(input).error!, input)));

  it("reports every issue at once: unknown keys one by one with the nearest key of their own level and branch", () => {
    expect(problems({ type: "query", max_signal: 5, threshld: 1, threat: [{ tactic: { id: 1, name: "n", refrence: "r" } }] }).sort()).toEqual(
      [
        "|threat.0.tactic.id: Invalid input: expected string, received number (value: 1)",
        "|threat.0.tactic.reference: required (string)",
        '|threat.0.tactic.refrence: unknown key; did you mean `reference`? (value: "r")',
        "|query: required (string)",
        "|max_signal: unknown argument; did you mean `max_signals`? (value: 5)",
        // `threshold` belongs to the other rule type: neither suggested nor listed for a query rule.
        "|threshld: unknown argument (expected one of type, query, threat, max_signals, space_id, connection, adopt) (value: 1)",
      ].sort(),
    );
  });

  it("offers the option-level suggestions: a rule type, and the program's own arguments at the top level", () => {
    expect(problems({ type: "querry", query: "x" })).toEqual([
      expect.stringMatching(/^\|type: Invalid discriminator value.*; did you mean `query`\? \(value: "querry"\)$/),
    ]);
    expect(problems({ type: "query", query: "x", spaceid: "soc" })).toEqual(['|spaceid: unknown argument; did you mean `space_id`? (value: "soc")']);
  });

  it("merges a union's type mismatches into one and keeps the branch that matched the type", () => {
    expect(problems({ type: "threshold", threshold: { field: 5, value: 1 } })).toEqual([
      "|threshold.field: Invalid input: expected string or array, received number (value: 5)",
    ]);
    expect(problems({ type: "threshold", threshold: { field: ["a", 7], value: 1 } })).toEqual([
      "|threshold.field.1: Invalid input: expected string, received number (value: 7)",
    ]);
  });

  it("drops issues about values still unknown at preview", () => {
    expect(problems({ type: "query", query: UNKNOWN, threat: UNKNOWN, max_signals: "x" })).toEqual([
      '|max_signals: Invalid input: expected number, received string (value: "x")',
    ]);
  });
});

describe("unknownKeyProblems", () => {
  it("ignores bookkeeping keys, suggests the nearest known key, and lists short sets", () => {
    const problems = unknownKeyProblems({ nme: "x", __provider: "p", zzz: 1, name: "ok" }, ["name", "id"], ["__provider"]);
    expect(reasons(checkFailures(problems))).toEqual([
      '|nme: unknown argument; did you mean `name`? (value: "x")',
      "|zzz: unknown argument (expected one of name, id) (value: 1)",
    ]);
  });
});

describe("suggestions", () => {
  it("allow case, separator and small typos, not unrelated words", () => {
    expect(nearest("maxSignals", ["max_signals", "tags"])).toBe("max_signals");
    expect(nearest("riks_score", ["risk_score", "rule_id"])).toBe("risk_score");
    expect(nearest("lookback", ["lookbackPeriod", "frequency"])).toBe("lookbackPeriod");
    expect(nearest("device", ["user", "host", "service", "generic"])).toBeUndefined();
    expect(nearest("x", ["y"])).toBe("y");
    expect(nearest("ab", ["xy"])).toBeUndefined();
    expect(editDistance("refrence", "reference")).toBe(1);
    expect(editDistance("hots", "host")).toBe(1);
  });

  it("are looked up at the path's own level", () => {
    const schema = z.strictObject({ a: z.array(z.strictObject({ inner: z.string(), other: z.number() })).optional(), b: z.string() });
    expect(knownKeysAt(schema, { a: [{}] }, ["a", 0])).toEqual(["inner", "other"]);
    expect(knownKeysAt(schema, {}, [])).toEqual(["a", "b"]);
  });

  it("format paths as the program writes them", () => {
    expect(formatPath(["threat", 0, "tactic", "id"])).toBe("threat.0.tactic.id");
    expect(formatPath("timeouts.create")).toBe("timeouts.create");
    expect(formatPath(["meta", "a b"])).toBe('meta["a b"]');
  });
});
