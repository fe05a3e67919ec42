import { QuerySyntaxError } from "../syntax-error";
import type { EqlEventQuery, EqlExpression, EqlJoinQuery, EqlSampleQuery, EqlSequenceQuery } from "./ast";
import { parseEql } from "./index";

/** The condition of an event query, without offsets, to compare shapes. */
function condition(query: string): unknown {
  const ast = parseEql(query) as EqlEventQuery;
  expect(ast.type).toBe("event");
  return shape(ast.filter.condition);
}

/** Drops `start`/`end` recursively. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "start" && key !== "end" && key !== "source")
        .map(([key, inner]) => [key, shape(inner)]),
    );
  }
  return value;
}

const field = (name: string, optional = false) => ({ type: "field", name, optional });
const literal = (value: string | number | boolean | null) => ({ type: "literal", value });

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseEql(query);
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySyntaxError);
    return error as QuerySyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(query)} not to parse`);
}

describe("parseEql: event queries", () => {
  it("reads the category and the condition, with offsets", () => {
    const source = 'process where process.name == "cmd.exe"';
    const ast = parseEql(source) as EqlEventQuery;
    expect(ast).toMatchObject({ type: "event", start: 0, end: source.length, pipes: [] });
    expect(ast.filter).toMatchObject({ category: "process", anyCategory: false, categorySpan: { start: 0, end: 7 } });
    const comparison = ast.filter.condition as Extract<EqlExpression, { type: "comparison" }>;
    expect(comparison).toMatchObject({ type: "comparison", operator: "==", start: 14, end: source.length });
    expect(comparison.left).toMatchObject({ type: "field", name: "process.name", start: 14, end: 26 });
  });

  it("accepts `any` and a double-quoted or triple-quoted category, unquoted", () => {
    expect((parseEql("any where true") as EqlEventQuery).filter).toMatchObject({ category: "any", anyCategory: true });
    expect((parseEql('"any" where true') as EqlEventQuery).filter).toMatchObject({ category: "any", anyCategory: false });
    expect((parseEql('"my-category" where true') as EqlEventQuery).filter.category).toBe("my-category");
    expect((parseEql('"""raw cat""" where true') as EqlEventQuery).filter.category).toBe("raw cat");
  });

  it("binds not tighter than and, and tighter than or", () => {
    expect(condition("x where not a and b or c")).toEqual({
      type: "or",
      left: { type: "and", left: { type: "not", operand: field("a") }, right: field("b") },
      right: field("c"),
    });
    expect(condition("x where a or b and not not c")).toEqual({
      type: "or",
      left: field("a"),
      right: { type: "and", left: field("b"), right: { type: "not", operand: { type: "not", operand: field("c") } } },
    });
  });

  it("gives not the whole comparison after it", () => {
    expect(condition("x where not a == 1")).toEqual({ type: "not", operand: { type: "comparison", operator: "==", left: field("a"), right: literal(1) } });
  });

  it("reads every comparison operator", () => {
    for (const operator of ["==", "!=", "<", "<=", ">", ">="]) {
      expect(condition(`x where a ${operator} 1`)).toEqual({ type: "comparison", operator, left: field("a"), right: literal(1) });
    }
  });

  it("applies arithmetic precedence: unary, then * / %, then + -", () => {
    expect(condition("x where a == 1 + 2 * -b % 3")).toEqual({
      type: "comparison",
      operator: "==",
      left: field("a"),
      right: {
        type: "arithmetic",
        operator: "+",
        left: literal(1),
        right: {
          type: "arithmetic",
          operator: "%",
          left: { type: "arithmetic", operator: "*", left: literal(2), right: { type: "unary", operator: "-", operand: field("b") } },
          right: literal(3),
        },
      },
    });
    expect(condition("x where (a + b) * c > 1")).toMatchObject({ left: { operator: "*", left: { operator: "+" } } });
  });

  it("reads in, not in and in~ with any expressions in the list", () => {
    expect(condition('x where a in ("b", c, 1 + 2)')).toEqual({
      type: "in",
      negated: false,
      caseInsensitive: false,
      value: field("a"),
      list: [literal("b"), field("c"), { type: "arithmetic", operator: "+", left: literal(1), right: literal(2) }],
    });
    expect(condition('x where a not in~ ("b")')).toMatchObject({ type: "in", negated: true, caseInsensitive: true });
    expect(condition('x where not a in ("b")')).toMatchObject({ type: "not", operand: { type: "in", negated: false } });
  });

  it("reads :, like, like~, regex and regex~ with one constant or a list of constants", () => {
    for (const operator of [":", "like", "like~", "regex", "regex~"]) {
      expect(condition(`x where a ${operator} "v*"`)).toEqual({ type: "match", operator, value: field("a"), patterns: [literal("v*")] });
      expect(condition(`x where a ${operator} ("v", 1, null, true)`)).toMatchObject({
        patterns: [literal("v"), literal(1), literal(null), literal(true)],
      });
    }
  });

  it("calls any function, with or without ~, with any number of arguments", () => {
    expect(condition('x where endsWith~(process.name, ".exe")')).toEqual({
      type: "call",
      name: "endsWith",
      caseInsensitive: true,
      args: [field("process.name"), literal(".exe")],
    });
    expect(condition("x where someFutureFunction()")).toEqual({ type: "call", name: "someFutureFunction", caseInsensitive: false, args: [] });
    expect(condition('x where cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16") and length(a) > 3')).toMatchObject({
      type: "and",
      left: { type: "call", name: "cidrMatch", args: [{}, {}, {}] },
      right: { type: "comparison", left: { type: "call", name: "length" } },
    });
    expect(condition('x where stringContains(a, b) : "x"')).toMatchObject({ type: "match", value: { type: "call", name: "stringContains" } });
  });

  it("reads optional (?) fields and backquoted name parts", () => {
    expect(condition("x where ?user.id == null")).toMatchObject({ left: field("user.id", true) });
    expect(condition("x where ? user.id == null")).toMatchObject({ left: field("user.id", true) });
    expect(condition("x where `my-field`.`sub field`.leaf == 1")).toMatchObject({ left: field("my-field.sub field.leaf") });
    expect(condition("x where `with``tick` == 1")).toMatchObject({ left: field("with`tick") });
    expect(condition("x where @timestamp > 0 and `sequence`.x == 1")).toMatchObject({
      left: { left: field("@timestamp") },
      right: { left: field("sequence.x") },
    });
  });

  it("unescapes strings: escapes, unicode, and raw triple-quoted strings as written", () => {
    expect(condition('x where a == "q\\"b\\\\s\\n\\t\\r\\b\\f\\\'"')).toMatchObject({ right: literal("q\"b\\s\n\t\r\b\f'") });
    expect(condition('x where a == "\\u{41}\\u{1F600}"')).toMatchObject({ right: literal("A😀") });
    expect(condition('x where a == """C:\\Windows\\"quoted"""')).toMatchObject({ right: literal('C:\\Windows\\"quoted') });
    expect(condition('x where a == """ends with quote""""')).toMatchObject({ right: literal('ends with quote"') });
    expect(condition('x where a == ""')).toMatchObject({ right: literal("") });
  });

  it("reads integers, decimals, exponents, null and booleans", () => {
    expect(condition("x where a in (1, 2.5, .5, 3., 1e3, 2.5E-1, null, true, false)")).toMatchObject({
      list: [literal(1), literal(2.5), literal(0.5), literal(3), literal(1000), literal(0.25), literal(null), literal(true), literal(false)],
    });
  });

  it("skips comments (// to the end of the line, nested /* */) and line breaks anywhere", () => {
    const query = ["process // the category", "where /* a /* nested */ comment */ a", "  ==", "\r\n1 // done"].join("\n");
    expect(condition(query)).toEqual({ type: "comparison", operator: "==", left: field("a"), right: literal(1) });
    expect(condition("x where a == 1 // trailing comment without a line break")).toMatchObject({ right: literal(1) });
  });
});

describe("parseEql: sequences, samples and joins", () => {
  it("reads a sequence's keys, maxspan, per-query keys, runs, missing events and until", () => {
    const query = [
      "sequence by host.id, user.name with maxspan=5m",
      "  [process where a == 1] by process.entity_id",
      "  [file where true] by process.entity_id with runs=3",
      "  ![network where true] by process.entity_id",
      'until [process where event.type == "end"] by process.entity_id',
    ].join("\n");
    const ast = parseEql(query) as EqlSequenceQuery;
    expect(ast.type).toBe("sequence");
    expect(shape(ast.by)).toEqual([field("host.id"), field("user.name")]);
    expect(ast.maxspan).toMatchObject({ value: 5, unit: "m", millis: 300_000 });
    expect(ast.terms.map((t) => [t.filter.category, t.missing, t.runs, shape(t.by)])).toEqual([
      ["process", false, undefined, [field("process.entity_id")]],
      ["file", false, 3, [field("process.entity_id")]],
      ["network", true, undefined, [field("process.entity_id")]],
    ]);
    expect(ast.until?.filter.category).toBe("process");
    expect(ast.end).toBe(query.length);
  });

  it("accepts with maxspan alone, every time unit, spaces around =, and no keys", () => {
    for (const [span, millis] of [
      ["10ms", 10],
      ["30s", 30_000],
      ["2 h", 7_200_000],
      ["1d", 86_400_000],
    ] as const) {
      const ast = parseEql(`sequence with maxspan = ${span} [a where true] [b where true]`) as EqlSequenceQuery;
      expect(ast.maxspan?.millis).toBe(millis);
      expect(ast.by).toEqual([]);
    }
  });

  it("accepts one query repeated with runs (counts as several)", () => {
    const ast = parseEql("sequence by source.ip [authentication where true] with runs=10") as EqlSequenceQuery;
    expect(ast.terms).toHaveLength(1);
    expect(ast.terms[0].runs).toBe(10);
  });

  it("reads a sample with its keys", () => {
    const ast = parseEql("sample by host.id [process where true] [file where true] [network where true]") as EqlSampleQuery;
    expect(ast.type).toBe("sample");
    expect(shape(ast.by)).toEqual([field("host.id")]);
    expect(ast.terms.map((t) => t.filter.category)).toEqual(["process", "file", "network"]);
  });

  it("reads a join with keys and until", () => {
    const ast = parseEql("join by source.ip [process where true] by a [file where true] by b until [network where true] by c") as EqlJoinQuery;
    expect(ast.type).toBe("join");
    expect(ast.terms.map((t) => shape(t.by))).toEqual([[field("a")], [field("b")]]);
    expect(ast.until?.filter.category).toBe("network");
  });

  it("reads head and tail pipes with a constant integer", () => {
    expect(parseEql("process where true | head 5 | tail (2 + 3) * 2").pipes.map((p) => [p.name, shape(p.args)])).toEqual([
      ["head", [literal(5)]],
      ["tail", [{ type: "arithmetic", operator: "*", left: { type: "arithmetic", operator: "+", left: literal(2), right: literal(3) }, right: literal(2) }]],
    ]);
    expect(parseEql("process where true | head 0").pipes).toHaveLength(1);
  });
});

describe("parseEql: as strict as Elasticsearch", () => {
  it("keeps keywords lower-case only", () => {
    expect(syntaxError("process WHERE true").position.column).toBe(9);
    expect(syntaxError("process where a == 1 AND b == 2").found).toBe('"AND"');
  });

  it("names what it expected and what it found", () => {
    const error = syntaxError("process where (((");
    expect(error.language).toBe("eql");
    expect(error.found).toBe("end of input");
    expect(error.expected).toContain('"("');
    expect(error.message).toMatch(/^EQL syntax error at line 1, column 18: expected .* but found end of input$/);
  });

  it("reports the first syntax error before an error Elasticsearch finds only once the query is parsed", () => {
    // The single-quoted string is refused when the parse tree is built; the missing operand is a syntax error.
    expect(syntaxError("process where a == 'x' and").position.column).toBe(27);
    expect(syntaxError("process where a == 'x'").position.column).toBe(20);
  });

  it("refuses a field after : and like, where only constants go", () => {
    expect(syntaxError("process where a : b").message).toContain("must be a constant");
    expect(syntaxError("process where a like~ (b)").expected).toContain("a string");
  });

  it("refuses `not` before anything but in", () => {
    expect(syntaxError('process where a not like "x"').expected).toEqual(['"in"', '"in~"']);
  });
});
