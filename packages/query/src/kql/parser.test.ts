import { QuerySyntaxError } from "../syntax-error";
import type { KqlLiteral, KqlNode } from "./ast";
import { parseKql } from "./parser";

/** The AST in one line: `or(f:v, not(f:"phrase"), f:a*b, f>=5, g:{h:i}, f:*)`, values as parsed (wildcards `*`). */
function render(node: KqlNode): string {
  const value = (v: KqlLiteral) => (v.quoted ? JSON.stringify(v.text) : (v.wildcardPieces?.join("*") ?? v.text));
  switch (node.kind) {
    case "or":
    case "and":
      return `${node.kind}(${node.nodes.map(render).join(", ")})`;
    case "not":
      return `not(${render(node.node)})`;
    case "match":
      return node.field ? `${node.field.name}:${value(node.value)}` : value(node.value);
    case "exists":
      return `${node.field.name}:*`;
    case "range":
      return `${node.field.name}${node.operator}${value(node.value)}`;
    case "nested":
      return `${node.path.name}:{${render(node.query)}}`;
    case "all":
      return "all";
  }
}

const parsed = (query: string) => render(parseKql(query));

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseKql(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(query)} parsed`);
}

describe("parseKql: field:value", () => {
  it.each([
    ["process.name:cmd.exe", "process.name:cmd.exe"],
    ["process.name : cmd.exe", "process.name:cmd.exe"],
    ['process.name:"cmd.exe"', 'process.name:"cmd.exe"'],
    ['"process.name":cmd.exe', "process.name:cmd.exe"],
    ["event.code:4624", "event.code:4624"],
    ["process.name:*", "process.name:*"],
    ["process.name: *  ", "process.name:*"],
  ])("%s → %s", (query, ast) => {
    expect(parsed(query)).toBe(ast);
  });

  it("keeps whitespace inside an unquoted value and trims it around, as Kibana does", () => {
    const node = parseKql("message:  hello   world  ");
    expect(node).toMatchObject({ kind: "match", value: { text: "hello   world", quoted: false, start: 10, end: 23 } });
    expect(parsed("foo bar:baz")).toBe("foo bar:baz");
  });

  it("takes a value with no field", () => {
    expect(parseKql("mimikatz")).toMatchObject({ kind: "match", field: null, value: { text: "mimikatz" } });
    expect(parseKql('"invoke mimikatz"')).toMatchObject({ kind: "match", field: null, value: { text: "invoke mimikatz", quoted: true } });
  });

  it("reads an empty or blank query as match-all", () => {
    expect(parseKql("")).toEqual({ kind: "all", start: 0, end: 0 });
    expect(parseKql(" \n\t")).toEqual({ kind: "all", start: 0, end: 3 });
  });

  it("gives nodes and fields their offsets and line/column", () => {
    const node = parseKql('a:b and\n  c >= "5"');
    expect(node).toMatchObject({
      kind: "and",
      start: 0,
      end: 18,
      nodes: [
        { kind: "match", start: 0, end: 3, field: { name: "a", start: 0, end: 1, position: { offset: 0, line: 1, column: 1 } } },
        { kind: "range", start: 10, end: 18, field: { name: "c", position: { offset: 10, line: 2, column: 3 } }, value: { text: "5", start: 15, end: 18 } },
      ],
    });
  });
});

describe("parseKql: and, or, not, parentheses", () => {
  it.each([
    ["a:1 or b:2 and c:3", "or(a:1, and(b:2, c:3))"],
    ["(a:1 or b:2) and c:3", "and(or(a:1, b:2), c:3)"],
    ["a:1 OR b:2 Or c:3", "or(a:1, b:2, c:3)"],
    ["a:1 AND b:2 aNd c:3", "and(a:1, b:2, c:3)"],
    ["NOT a:1", "not(a:1)"],
    ["not a:1 and Not (b:2 or c:3)", "and(not(a:1), not(or(b:2, c:3)))"],
    ["( a:1 )", "a:1"],
    ["((a:1))", "a:1"],
    ["a:1\nand\tb:2", "and(a:1, b:2)"],
    ["a:b\r\nand c:d", "and(a:b, c:d)"],
  ])("%s → %s", (query, ast) => {
    expect(parsed(query)).toBe(ast);
  });

  it("reads keywords only between whitespace: `and`, `or` and `not` elsewhere are text", () => {
    expect(parsed("notepad.exe")).toBe("notepad.exe");
    expect(parsed("process.name:orca and user.name:andy")).toBe("and(process.name:orca, user.name:andy)");
    // A trailing keyword has no whitespace after it, so it belongs to the value (Kibana's Keyword rule).
    expect(parsed("a:b and")).toBe("a:b and");
    expect(parsed("a:b or")).toBe("a:b or");
    expect(parsed("not")).toBe("not");
    // After an operator, `or`/`and` at the start of a value are not keywords (no whitespace before them there).
    expect(parsed("a:b and or c")).toBe("and(a:b, or c)");
    expect(parsed("a:b or\tor c")).toBe("or(a:b, or c)");
  });
});

describe("parseKql: value lists", () => {
  it.each([
    ["process.name:(cmd.exe or powershell.exe)", "or(process.name:cmd.exe, process.name:powershell.exe)"],
    ['process.name:("cmd.exe" OR "powershell.exe")', 'or(process.name:"cmd.exe", process.name:"powershell.exe")'],
    ["tags:(a and not b)", "and(tags:a, not(tags:b))"],
    ["tags:(a or b and not c)", "or(tags:a, and(tags:b, not(tags:c)))"],
    ["tags:((a or b) and c)", "and(or(tags:a, tags:b), tags:c)"],
    ["tags:( a )", "tags:a"],
    ["tags:(b c)", "tags:b c"],
    ["tags:(* or a)", "or(tags:*, tags:a)"],
  ])("%s → %s", (query, ast) => {
    expect(parsed(query)).toBe(ast);
  });

  it("gives every value of a list the one field, at its one position", () => {
    const node = parseKql("x:(a or b)");
    expect(node.kind).toBe("or");
    if (node.kind !== "or") return;
    expect(node.nodes.map((n) => (n.kind === "match" ? [n.field?.start, n.value.start] : []))).toEqual([
      [0, 3],
      [0, 8],
    ]);
  });
});

describe("parseKql: wildcards", () => {
  it("splits an unquoted value at its unescaped wildcards", () => {
    expect(parseKql("process.name:*.exe")).toMatchObject({ kind: "match", value: { text: "*.exe", wildcardPieces: ["", ".exe"] } });
    expect(parseKql("file.path:C\\:\\\\Windows\\\\*\\\\cmd*")).toMatchObject({
      value: { text: "C:\\Windows\\*\\cmd*", wildcardPieces: ["C:\\Windows\\", "\\cmd", ""] },
    });
    expect(parseKql("a:x\\*y*")).toMatchObject({ value: { text: "x*y*", wildcardPieces: ["x*y", ""] } });
  });

  it("keeps `*` in a quoted value or escaped as a plain character", () => {
    expect(parseKql('a:"x*"').kind).toBe("match");
    expect(parseKql('a:"x*"')).not.toHaveProperty("value.wildcardPieces");
    expect(parseKql("a:\\*")).toMatchObject({ kind: "match", value: { text: "*" } });
    expect(parseKql("a:\\*")).not.toHaveProperty("value.wildcardPieces");
  });

  it("takes wildcards in field names", () => {
    expect(parseKql("process.*:cmd.exe")).toMatchObject({ kind: "match", field: { name: "process.*", wildcard: true } });
    expect(parseKql("*:*")).toMatchObject({ kind: "exists", field: { name: "*", wildcard: true } });
    expect(parseKql('"process.*":x')).toMatchObject({ field: { name: "process.*", wildcard: false, quoted: true } });
  });
});

describe("parseKql: ranges", () => {
  it.each([
    ["bytes < 10", "bytes<10"],
    ["bytes<=10", "bytes<=10"],
    ["bytes >10", "bytes>10"],
    ["bytes>= 10", "bytes>=10"],
    ['@timestamp >= "2024-01-01"', '@timestamp>="2024-01-01"'],
    ["a >= 1 and a < 5", "and(a>=1, a<5)"],
    ["user.name >= jo*", "user.name>=jo*"],
  ])("%s → %s", (query, ast) => {
    expect(parsed(query)).toBe(ast);
  });
});

describe("parseKql: nested", () => {
  it.each([
    ["items:{ name:x and price > 5 }", "items:{and(name:x, price>5)}"],
    ["a : { b:{ c:d } }", "a:{b:{c:d}}"],
    ["not a:{b:c} or d:e", "or(not(a:{b:c}), d:e)"],
  ])("%s → %s", (query, ast) => {
    expect(parsed(query)).toBe(ast);
  });
});

describe("parseKql: escapes", () => {
  it.each([
    ['a:"say \\"hi\\""', 'say "hi"'],
    ['a:"back\\\\slash"', "back\\slash"],
    ['a:"tab\\tnew\\nline\\r"', "tab\tnew\nline\r"],
    ['a:"\\u0041BC"', "ABC"],
    ['a:"C:\\Windows\\system32"', "C:\\Windows\\system32"],
    ['a:"(x:y) or * {z}"', "(x:y) or * {z}"],
  ])("quoted %s → %j", (query, text) => {
    expect(parseKql(query)).toMatchObject({ kind: "match", value: { text, quoted: true } });
  });

  it.each([
    ["a:\\(x\\)", "(x)"],
    ["a:b\\:c", "b:c"],
    ['a:\\"x\\"', '"x"'],
    ["a:\\<\\>\\{\\}", "<>{}"],
    ["a:x\\\\y", "x\\y"],
    ["a:x\\ty", "x\ty"],
    ["a:\\u0041", "A"],
    ["a:x \\or y", "x or y"],
    ["a:x \\AND y", "x AND y"],
    ["a:\\NOT y", "NOT y"],
    // `\n` is an escaped newline before it can be an escaped `not` (EscapedWhitespace comes first), then trimmed.
    ["a:\\not y", "ot y"],
  ])("unquoted %s → %j", (query, text) => {
    expect(parseKql(query)).toMatchObject({ kind: "match", value: { text, quoted: false } });
  });

  it("escapes special characters in field names too", () => {
    expect(parseKql("a\\:b:c")).toMatchObject({ field: { name: "a:b" }, value: { text: "c" } });
  });
});

describe("parseKql: what Kibana's grammar accepts that other KQL readers may not", () => {
  it.each([
    ["a:[1 TO 5]", "a:[1 TO 5]"],
    ["a:b & c", "a:b & c"],
    ["a:(not)", "a:not"],
    ["a:(b and)", "a:b and"],
    ["a:b and not", "and(a:b, not)"],
    ["a:b or (c:d or)", "or(a:b, c:d or)"],
  ])("%s → %s", (query, ast) => {
    expect(parsed(query)).toBe(ast);
  });
});

describe("parseKql: errors, as Kibana reports them (kuery_syntax_error.test.ts)", () => {
  it.each([
    ["response:", 9, ['"("', '"{"', "value", "whitespace"], "end of input"],
    ["response:200 or ", 16, ['"("', "NOT", "field name", "value"], "end of input"],
    ["response:(200 or )", 17, ['"("', "NOT", "value"], '")"'],
    ["response:200 and not ", 21, ['"("', "field name", "value"], "end of input"],
    ["response:(200 and not )", 22, ['"("', "value"], '")"'],
    ['foo:"ba ', 4, ['"("', '"{"', "value", "whitespace"], '"\\""'],
    ['foo:"ba "r"', 9, ["AND", "OR", "end of input"], '"r"'],
    ["foo:ba:r", 6, ["AND", "OR", "end of input"], '":"'],
    ["foo > ", 6, ["literal", "whitespace"], "end of input"],
    ["< 1000", 0, ['"("', "NOT", "end of input", "field name", "value", "whitespace"], '"<"'],
  ])("%j: offset %d, expected %j, found %s", (query, offset, expected, found) => {
    const error = syntaxError(query);
    expect(error.language).toBe("kuery");
    expect(error.position.offset).toBe(offset);
    expect(error.expected).toEqual(expected);
    expect(error.found).toBe(found);
  });

  it("takes `not` in a value only inside parentheses: `f:not a` is an error", () => {
    expect(syntaxError("tags:not a").position.offset).toBe(5);
    expect(parsed("tags:(not a)")).toBe("not(tags:a)");
  });

  it("names the whole word found, and says it in the message", () => {
    const error = syntaxError('process.name:("a" or');
    expect(error.message).toBe('KQL syntax error at line 1, column 19: expected ")" but found "or"');
  });

  it("counts lines and columns across line breaks", () => {
    expect(syntaxError("a:b and\nc:d and\n(e:f").position).toEqual({ offset: 20, line: 3, column: 5 });
    expect(syntaxError("x:y and\r\n\r\n  (").position).toEqual({ offset: 14, line: 3, column: 4 });
  });
});
