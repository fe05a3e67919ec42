import { QuerySyntaxError } from "../syntax-error";
import type { LuceneClauseNode, LuceneRoot } from "./ast";
import { parseLucene } from "./index";

/** The single clause's node of a one-clause query. */
function only(source: string): LuceneClauseNode {
  const root = parseLucene(source);
  expect(root.clauses).toHaveLength(1);
  return root.clauses[0]!.node;
}

/** The query's clauses as `conjunction modifier kind:text`, a compact view of its structure. */
function shape(root: LuceneRoot): string[] {
  return root.clauses.map((c) => {
    const n = c.node;
    const text = n.kind === "group" ? `(${n.query.clauses.length})` : n.kind === "range" ? `${n.lower.raw}..${n.upper.raw}` : n.raw;
    return [c.conjunction, c.modifier, `${n.field ? `${n.field.name}=` : ""}${n.kind}:${text}`].filter(Boolean).join(" ");
  });
}

function syntaxError(source: string): QuerySyntaxError {
  try {
    parseLucene(source);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe("parseLucene: terms and fields", () => {
  it("reads a bare term with its span", () => {
    expect(only("powershell.exe")).toEqual({ kind: "term", raw: "powershell.exe", value: "powershell.exe", wildcard: "none", start: 0, end: 14 });
  });

  it("reads field:term, with the field's own span and whitespace allowed around the colon", () => {
    expect(only("process.name:cmd.exe")).toMatchObject({
      kind: "term",
      value: "cmd.exe",
      start: 13,
      field: { name: "process.name", raw: "process.name", start: 0, end: 12 },
    });
    expect(only("process.name : cmd.exe")).toMatchObject({ value: "cmd.exe", field: { name: "process.name" } });
  });

  it("treats &, |, =, <, >, ', comma and @ as ordinary term characters, and - + inside a term", () => {
    expect(shape(parseLucene("a&b x|y k=v @timestamp user's a,b c-d e+f"))).toEqual([
      "term:a&b",
      "term:x|y",
      "term:k=v",
      "term:@timestamp",
      "term:user's",
      "term:a,b",
      "term:c-d",
      "term:e+f",
    ]);
  });

  it("removes backslash escapes from terms and field names, including \\uXXXX", () => {
    expect(only("file.path:C\\:\\\\Windows\\\\System32\\\\cmd.exe")).toMatchObject({ value: "C:\\Windows\\System32\\cmd.exe" });
    expect(only("a\\ b\\(c\\)\\u0041")).toMatchObject({ value: "a b(c)A" });
    expect(only("process.\\*:x")).toMatchObject({ field: { name: "process.*", raw: "process.\\*" } });
  });

  it("reads *:* and a lone * as match-all patterns", () => {
    expect(only("*:*")).toMatchObject({ kind: "term", wildcard: "pattern", value: "*", field: { name: "*" } });
    expect(only("*")).toMatchObject({ kind: "term", wildcard: "pattern", value: "*" });
  });

  it("tells a prefix (one trailing *) from a pattern, and keeps the escapes of a pattern", () => {
    expect(only("cmd*")).toMatchObject({ wildcard: "prefix", value: "cmd" });
    expect(only("*.exe")).toMatchObject({ wildcard: "pattern", value: "*.exe" });
    expect(only("c?d.exe")).toMatchObject({ wildcard: "pattern" });
    expect(only("C\\:\\\\*\\\\cmd.exe")).toMatchObject({ wildcard: "pattern", value: "C\\:\\\\*\\\\cmd.exe" });
    expect(only("a\\*")).toMatchObject({ wildcard: "none", value: "a*" });
  });

  it("reads Elasticsearch's one-sided ranges of a field's term", () => {
    expect(only("bytes:>=10")).toMatchObject({ comparison: ">=", value: "10" });
    expect(only("bytes:>10")).toMatchObject({ comparison: ">", value: "10" });
    expect(only("bytes:<=10")).toMatchObject({ comparison: "<=", value: "10" });
    expect(only("@timestamp:<now-1d")).toMatchObject({ comparison: "<", value: "now-1d" });
    expect(only("bytes:(>5)")).toMatchObject({ kind: "group", query: { clauses: [{ node: { comparison: ">", value: "5" } }] } });
    expect(only(">5")).not.toHaveProperty("comparison");
    expect(only("bytes:>")).not.toHaveProperty("comparison");
  });
});

describe("parseLucene: phrases, fuzziness, boosts, regular expressions", () => {
  it("reads a phrase with escaped quotes, a proximity and a boost", () => {
    expect(only('message:"a \\"quoted\\" word"~3^2')).toMatchObject({ kind: "phrase", value: 'a "quoted" word', slop: "3", boost: 2 });
    expect(only('""')).toMatchObject({ kind: "phrase", value: "" });
  });

  it("reads fuzzy terms and boosts in either order", () => {
    expect(only("roam~")).toMatchObject({ fuzzy: "", value: "roam" });
    expect(only("roam~1")).toMatchObject({ fuzzy: "1" });
    expect(only("roam~1^3")).toMatchObject({ fuzzy: "1", boost: 3 });
    expect(only("roam^0.5~2")).toMatchObject({ fuzzy: "2", boost: 0.5 });
    expect(only("roam ^2")).toMatchObject({ boost: 2, end: 7 });
  });

  it("reads a regular expression, a / escaped inside it, and multi-line content", () => {
    expect(only("process.args:/.*-enc.*/")).toMatchObject({ kind: "regex", pattern: ".*-enc.*", field: { name: "process.args" } });
    expect(only("url.path:/\\/api\\/v[0-9]+/")).toMatchObject({ kind: "regex", pattern: "\\/api\\/v[0-9]+" });
    expect(only("/a\nb/")).toMatchObject({ kind: "regex", pattern: "a\nb" });
  });

  it("ends a regular expression at the last slash the lexer can reach", () => {
    expect(shape(parseLucene("/a/ /b/"))).toEqual(["regex:/a/", "regex:/b/"]);
    expect(shape(parseLucene("/a\\/"))).toEqual(["regex:/a\\/"]);
  });
});

describe("parseLucene: ranges", () => {
  it("reads inclusive, exclusive, mixed and open bounds", () => {
    expect(only("port:[1024 TO 65535]")).toMatchObject({
      kind: "range",
      lower: { value: "1024", inclusive: true },
      upper: { value: "65535", inclusive: true },
      field: { name: "port" },
    });
    expect(only("port:{1 TO 5}")).toMatchObject({ lower: { inclusive: false }, upper: { inclusive: false } });
    expect(only("port:[1 TO 5}")).toMatchObject({ lower: { inclusive: true }, upper: { inclusive: false } });
    expect(only("@timestamp:[now-1d TO *]")).toMatchObject({ lower: { value: "now-1d" }, upper: { value: null, raw: "*" } });
    expect(only("name:[* TO m]^2")).toMatchObject({ lower: { value: null }, boost: 2 });
  });

  it("reads quoted bounds and values with reserved characters", () => {
    expect(only('t:["2024-01-01 00:00" TO "2024-12-31 23:59"]')).toMatchObject({ lower: { value: "2024-01-01 00:00" }, upper: { value: "2024-12-31 23:59" } });
    expect(only("ip:[10.0.0.0 TO 10.255.255.255]")).toMatchObject({ lower: { value: "10.0.0.0" } });
    expect(only("x:[TO TO TO]")).toMatchObject({ lower: { value: "TO" }, upper: { value: "TO" } });
  });

  it("reads a range without a field and one glued to a term", () => {
    expect(shape(parseLucene("a[1 TO 2]"))).toEqual(["term:a", "range:1..2"]);
  });
});

describe("parseLucene: boolean structure", () => {
  it("keeps each clause's conjunction and modifier, with && || ! as AND OR NOT", () => {
    expect(shape(parseLucene("a AND b OR c && d || e NOT f !g +h -i AND NOT j"))).toEqual([
      "term:a",
      "AND term:b",
      "OR term:c",
      "AND term:d",
      "OR term:e",
      "NOT term:f",
      "NOT term:g",
      "+ term:h",
      "- term:i",
      "AND NOT term:j",
    ]);
  });

  it("nests groups, with a field applying to the group and a boost after it", () => {
    const node = only("process.name:(cmd.exe OR (powershell.exe AND pwsh.exe))^2");
    expect(node).toMatchObject({ kind: "group", field: { name: "process.name" }, boost: 2 });
    expect(node.kind === "group" && node.query.clauses.map((c) => c.node.kind)).toEqual(["term", "group"]);
  });

  it("reads +, - and ! followed by whitespace as the terms +, - and !", () => {
    expect(shape(parseLucene("a - b + c ! d"))).toEqual(["term:a", "term:-", "term:b", "term:+", "term:c", "term:!", "term:d"]);
  });

  it("reads AND, OR, NOT only as whole words in capitals", () => {
    expect(shape(parseLucene("and or not ANDROID ORACLE NOTE"))).toEqual(["term:and", "term:or", "term:not", "term:ANDROID", "term:ORACLE", "term:NOTE"]);
  });

  it("accepts the empty query and whitespace only, and line breaks between clauses", () => {
    expect(parseLucene("")).toEqual({ kind: "query", clauses: [], start: 0, end: 0, source: "" });
    expect(parseLucene(" \n\t ").clauses).toEqual([]);
    expect(shape(parseLucene("a:1\r\nAND\nb:2"))).toEqual(["a=term:1", "AND b=term:2"]);
    expect(shape(parseLucene("a:1\u3000b:2"))).toEqual(["a=term:1", "b=term:2"]);
  });

  it("gives each clause a span from its operator to the end of its node", () => {
    const root = parseLucene("a AND NOT b:c^2");
    expect(root.clauses[1]).toMatchObject({ start: 2, end: 15, node: { start: 12, end: 15, field: { start: 10, end: 11 } } });
    expect(root).toMatchObject({ start: 0, end: 15 });
  });
});

describe("parseLucene: errors", () => {
  it("names the position, what was expected and what was found", () => {
    const error = syntaxError("a AND\n(b c");
    expect(error.language).toBe("lucene");
    expect(error.position).toEqual({ offset: 10, line: 2, column: 5 });
    expect(error.expected).toContain('")"');
    expect(error.found).toBe("end of input");
    expect(error.message).toBe(
      'Lucene syntax error at line 2, column 5: expected AND, OR, NOT, another clause or ")" but found end of input; the "(" at line 2, column 1 is not closed',
    );
  });

  it("says which operator dangles at the end", () => {
    expect(syntaxError("a AND\n(b OR").message).toBe(
      'Lucene syntax error at line 2, column 6: "OR" at the end of the query has nothing to apply to: expected a clause after it',
    );
  });

  it("reports the token found, shortened when long", () => {
    expect(syntaxError("a OR OR b").found).toBe("OR");
    expect(syntaxError(`a:b:${"x".repeat(60)}`).found).toBe(":");
    expect(syntaxError(`x:[${"y".repeat(60)} z]`).found).toBe("z");
    expect(syntaxError(`x:[a ${"z".repeat(60)}]`).found).toBe(`${"z".repeat(40)}…`);
  });

  it("suggests the escape for a wildcard in a field name", () => {
    expect(syntaxError("process.*:cmd.exe").message).toContain("write process.\\*: instead");
  });
});
