import type { EsqlExpression, EsqlProcessingCommand, EsqlQuery } from "./ast";
import { parseEsql } from "./parse";

// An intersection, not Extract: STATS and INLINE STATS share one member whose kind is a union.
type Command<K extends EsqlProcessingCommand["kind"]> = EsqlProcessingCommand & { kind: K };

function command<K extends EsqlProcessingCommand["kind"]>(query: EsqlQuery, kind: K, index = 0): Command<K> {
  const found = query.commands.filter((c) => c.kind === kind)[index];
  if (!found) throw new Error(`no ${kind} command #${index}`);
  return found as Command<K>;
}

function whereOf(text: string): EsqlExpression {
  return command(parseEsql(`FROM i | WHERE ${text}`), "where").condition;
}

/** An expression as a compact s-expression: enough to check structure and precedence. */
function show(e: EsqlExpression): string {
  switch (e.type) {
    case "literal":
      return e.literalType === "string" ? JSON.stringify(e.value) : e.unit ? `${e.value}${e.unit}` : e.value;
    case "list":
      return `[${e.values.map(show).join(" ")}]`;
    case "param":
      return e.name;
    case "column":
      return e.name;
    case "function":
      return `${e.name}(${e.args.map(show).join(", ")})`;
    case "binary":
      return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
    case "unary":
      return `(${e.operator} ${show(e.operand)})`;
    case "in":
      return `(${show(e.value)} ${e.negated ? "not in" : "in"} ${e.list.map(show).join(" ")})`;
    case "like":
      return `(${show(e.value)} ${e.negated ? "not " : ""}${e.operator} ${e.patterns.map(show).join(" ")})`;
    case "isNull":
      return `(${show(e.value)} is ${e.negated ? "not " : ""}null)`;
    case "match":
      return `(${e.field.name}${e.fieldType ? `::${e.fieldType}` : ""} : ${show(e.query)})`;
    case "cast":
      return `${show(e.value)}::${e.dataType}`;
    case "map":
      return `{${e.entries.map((entry) => `${entry.key}: ${show(entry.value)}`).join(", ")}}`;
    case "star":
      return "*";
  }
}

describe("parseEsql: source commands", () => {
  it("reads FROM's index patterns (wildcards, lists, quoted, cluster:index, ::selector) and METADATA, with offsets", () => {
    const query = 'from logs-*, remote:logs-endpoint.*, "my index", logs-x::failures METADATA _id, _version, _index';
    const ast = parseEsql(query);
    const source = ast.sourceCommand;
    if (source.kind !== "from") throw new Error(source.kind);
    expect(source.indices.map((i) => [i.name, i.cluster, i.index, i.selector])).toEqual([
      ["logs-*", undefined, "logs-*", undefined],
      ["remote:logs-endpoint.*", "remote", "logs-endpoint.*", undefined],
      ["my index", undefined, "my index", undefined],
      ["logs-x::failures", undefined, "logs-x", "failures"],
    ]);
    expect(source.metadata.map((m) => m.name)).toEqual(["_id", "_version", "_index"]);
    expect(query.slice(source.indices[1]!.start, source.indices[1]!.end)).toBe("remote:logs-endpoint.*");
    expect(query.slice(source.metadata[2]!.start, source.metadata[2]!.end)).toBe("_index");
    expect(source.keyword).toBe("from");
    expect([ast.start, ast.end]).toEqual([0, query.length]);
  });

  it("reads ROW's fields, SHOW INFO, and TS like FROM", () => {
    const row = parseEsql('ROW a = 1, b = "two", c = [1, 2]').sourceCommand;
    expect(row.kind === "row" && row.fields.map((f) => [f.name?.name, show(f.expression)])).toEqual([
      ["a", "1"],
      ["b", '"two"'],
      ["c", "[1 2]"],
    ]);
    expect(parseEsql("show info").sourceCommand).toMatchObject({ kind: "show", item: "info" });
    expect(parseEsql("TS metrics-* | LIMIT 1").sourceCommand).toMatchObject({ kind: "ts", indices: [{ name: "metrics-*" }] });
  });

  it("accepts SET statements before the query", () => {
    const ast = parseEsql('SET approximate = true; SET options = {"a": 1}; FROM i');
    expect(ast.settings.map((s) => [s.name, show(s.value)])).toEqual([
      ["approximate", "true"],
      ["options", "{a: 1}"],
    ]);
  });
});

describe("parseEsql: processing commands", () => {
  it("names each command's kind, keyword as written and extent", () => {
    const query = "FROM i\n| where a > 1\n| EVAL b = a + 1\n| Stats c = count(*) by b\n| keep c, b\n| drop b\n| sort c desc\n| limit 5";
    const ast = parseEsql(query);
    expect(ast.commands.map((c) => [c.kind, c.keyword])).toEqual([
      ["where", "where"],
      ["eval", "EVAL"],
      ["stats", "Stats"],
      ["keep", "keep"],
      ["drop", "drop"],
      ["sort", "sort"],
      ["limit", "limit"],
    ]);
    const stats = command(ast, "stats");
    expect(query.slice(stats.start, stats.end)).toBe("Stats c = count(*) by b");
  });

  it("reads STATS aggregates (named, unnamed, filtered by WHERE) and groupings", () => {
    const stats = command(parseEsql("FROM i | STATS c = COUNT(*) WHERE x > 1, max(y), s = sum(z) BY host.name, b = bucket(@timestamp, 1 hour)"), "stats");
    expect(stats.aggregates.map((a) => [a.name?.name, show(a.expression), a.where && show(a.where)])).toEqual([
      ["c", "count(*)", "(x > 1)"],
      [undefined, "max(y)", undefined],
      ["s", "sum(z)", undefined],
    ]);
    expect(stats.groups.map((g) => [g.name?.name, show(g.expression)])).toEqual([
      [undefined, "host.name"],
      ["b", "bucket(@timestamp, 1hour)"],
    ]);
    expect(command(parseEsql("FROM i | STATS BY host.name"), "stats").aggregates).toEqual([]);
    expect(command(parseEsql("FROM i | STATS"), "stats").groups).toEqual([]);
  });

  it("reads INLINE STATS and the older INLINESTATS", () => {
    for (const keyword of ["INLINE STATS", "INLINESTATS"]) {
      const stats = command(parseEsql(`FROM i | ${keyword} c = VALUES(a) WHERE a != "null" BY h`), "inline_stats");
      expect([stats.aggregates[0]!.name?.name, show(stats.aggregates[0]!.where!), show(stats.groups[0]!.expression)]).toEqual(["c", '(a != "null")', "h"]);
    }
  });

  it("reads KEEP and DROP patterns (wildcards, backquotes, keywords as names)", () => {
    const keep = command(parseEsql("FROM i | KEEP Esql.*, `host name`, @timestamp, first, *_id"), "keep");
    expect(keep.columns.map((c) => [c.name, c.wildcard])).toEqual([
      ["Esql.*", true],
      ["host name", false],
      ["@timestamp", false],
      ["first", false],
      ["*_id", true],
    ]);
    expect(command(parseEsql("FROM i | DROP a.b, c*"), "drop").columns.map((c) => c.name)).toEqual(["a.b", "c*"]);
  });

  it("reads RENAME in both forms: old AS new and new = old", () => {
    const rename = command(parseEsql("FROM i | RENAME a.b AS c, d = e"), "rename");
    expect(rename.renames.map((r) => [r.from.name, r.to.name])).toEqual([
      ["a.b", "c"],
      ["e", "d"],
    ]);
  });

  it("reads SORT directions and null ordering", () => {
    const sort = command(parseEsql("FROM i | SORT a ASC NULLS FIRST, b DESC, c NULLS LAST, d"), "sort");
    expect(sort.orders.map((o) => [show(o.expression), o.direction, o.nulls])).toEqual([
      ["a", "asc", "first"],
      ["b", "desc", undefined],
      ["c", undefined, "last"],
      ["d", undefined, undefined],
    ]);
  });

  it("reads DISSECT (with options), GROK (several patterns, raw strings) and MV_EXPAND", () => {
    const ast = parseEsql('FROM i | DISSECT message "%{a} %{b}" APPEND_SEPARATOR = "-" | GROK msg """%{IP:ip} \\d""", "%{WORD:w}" | MV_EXPAND tags.on');
    const dissect = command(ast, "dissect");
    expect([show(dissect.input), dissect.pattern.value, dissect.options.map((o) => [o.name, show(o.value)])]).toEqual([
      "message",
      "%{a} %{b}",
      [["APPEND_SEPARATOR", '"-"']],
    ]);
    expect(command(ast, "grok").patterns.map((p) => p.value)).toEqual(["%{IP:ip} \\d", "%{WORD:w}"]);
    expect(command(ast, "mv_expand").column.name).toBe("tags.on");
  });

  it("reads ENRICH with a mode-prefixed policy, ON and WITH clauses", () => {
    const enrich = command(parseEsql("FROM i | ENRICH _any:hosts-policy ON host.name WITH owner = team.owner, site"), "enrich");
    expect(enrich.policy).toBe("_any:hosts-policy");
    expect(enrich.on?.name).toBe("host.name");
    expect(enrich.with.map((w) => [w.name?.name, w.field.name])).toEqual([
      ["owner", "team.owner"],
      [undefined, "site"],
    ]);
    expect(command(parseEsql("FROM i | ENRICH p WITH a"), "enrich").with).toHaveLength(1);
    expect(command(parseEsql("FROM i | ENRICH p"), "enrich").on).toBeUndefined();
  });

  it("reads LOOKUP JOIN (one or several ON columns, or a condition), CHANGE_POINT and SAMPLE", () => {
    const ast = parseEsql("FROM i | LOOKUP JOIN threat-intel ON source.ip, host.name | CHANGE_POINT v ON t AS kind, p | SAMPLE 0.1");
    const join = command(ast, "join");
    expect([join.joinType, join.index.name, join.on.map(show)]).toEqual(["lookup", "threat-intel", ["source.ip", "host.name"]]);
    expect(show(command(parseEsql("FROM i | LOOKUP JOIN l ON a == b AND c > 1"), "join").on[0]!)).toBe("((a == b) and (c > 1))");
    const changePoint = command(ast, "change_point");
    expect([changePoint.value.name, changePoint.key?.name, changePoint.typeName?.name, changePoint.pvalueName?.name]).toEqual(["v", "t", "kind", "p"]);
    expect(show(command(ast, "sample").value)).toBe("0.1");
  });

  it("reads FORK branches, COMPLETION and RERANK with their options", () => {
    const ast = parseEsql(
      'FROM i | FORK (WHERE a > 1 | LIMIT 5) (SORT b | KEEP c) | COMPLETION r = prompt WITH {"inference_id": "x"} | RERANK s = "q" ON title, body WITH {"inference_id": "y"}',
    );
    expect(command(ast, "fork").branches.map((b) => b.map((c) => c.kind))).toEqual([
      ["where", "limit"],
      ["sort", "keep"],
    ]);
    const completion = command(ast, "completion");
    expect([completion.target?.name, show(completion.prompt), completion.options && show(completion.options)]).toEqual(["r", "prompt", '{inference_id: "x"}']);
    const rerank = command(ast, "rerank");
    expect([rerank.target?.name, show(rerank.queryText), rerank.on.map((f) => show(f.expression))]).toEqual(["s", '"q"', ["title", "body"]]);
    expect(command(parseEsql("FROM i | COMPLETION prompt WITH my_endpoint AS answer"), "completion").target?.name).toBe("answer");
  });

  it("is case-insensitive for commands and keywords, and keeps identifiers' case", () => {
    const ast = parseEsql("from i | wHeRe Esql.A Is NoT nUlL aNd x In (1)");
    expect(show(command(ast, "where").condition)).toBe("((Esql.A is not null) and (x in 1))");
  });

  it("crosses line breaks, comments (line, block, nested block) and pipes at line starts", () => {
    const ast = parseEsql("// leading comment\nFROM i /* a /* nested */ comment */\n  // between\n| WHERE a == 1 // trailing\n|\nLIMIT 1\n");
    expect(ast.commands.map((c) => c.kind)).toEqual(["where", "limit"]);
  });
});

describe("parseEsql: expressions", () => {
  it.each([
    ["a == 1 or b == 2 and c == 3", "((a == 1) or ((b == 2) and (c == 3)))"],
    ["not a == 1 and b", "((not (a == 1)) and b)"],
    ["not a in (1, 2)", "(not (a in 1 2))"],
    ["a not in (1, 2)", "(a not in 1 2)"],
    ["a + b * c - d % 2 > -e", "(((a + (b * c)) - (d % 2)) > (- e))"],
    ["(a or b) and c", "((a or b) and c)"],
    ['a like "x*"', '(a like "x*")'],
    ['a not like ("x*", "y?")', '(a not like "x*" "y?")'],
    ['a rlike """\\d+"""', '(a rlike "\\\\d+")'],
    ['a not rlike "b.*"', '(a not rlike "b.*")'],
    ["a is null or b is not null", "((a is null) or (b is not null))"],
    ['title : "x" and body::text : "y"', '((title : "x") and (body::text : "y"))'],
    ["to_string(a)::ip == x::long", "(to_string(a)::ip == x::long)"],
    ["count(*) > 1", "(count(*) > 1)"],
    ['match(a, "q", {"fuzziness": "AUTO", "boost": 2.5})', 'match(a, "q", {fuzziness: "AUTO", boost: 2.5})'],
    ["?p == ?name and ?1 > ??f", "((?p == ?name) and (?1 > ??f))"],
    ["`weird name`.`x` == `a``b`", "(weird name.x == a`b)"],
    ["source.as.organization.name == 1", "(source.as.organization.name == 1)"],
    ['date_diff("minute", a, b) >= 15 and @timestamp > now() - 1 hour - 15m', '((date_diff("minute", a, b) >= 15) and (@timestamp > ((now() - 1hour) - 15m)))'],
    ["x == 1.5e3 or x == .5 or x == 2. or x == 1E-2", "((((x == 1.5e3) or (x == .5)) or (x == 2.)) or (x == 1E-2))"],
    ['x in ([1, 2], ["a"], [true, false])', '(x in [1 2] ["a"] [true false])'],
    ["first(a, @timestamp) == last(b, @timestamp)", "(first(a, @timestamp) == last(b, @timestamp))"],
    ['a == "tab\\t quote\\" backslash\\\\"', '(a == "tab\\t quote\\" backslash\\\\")'],
    ['a == """one "quoted" two""""', '(a == "one \\"quoted\\" two\\"")'],
    ['a =~ "X"', '(a =~ "X")'],
  ])("%s", (text, expected) => {
    expect(show(whereOf(text))).toBe(expected);
  });

  it("gives every expression node its offsets in the query", () => {
    const query = 'FROM i | WHERE to_lower(process.name) like "cmd*"';
    const condition = command(parseEsql(query), "where").condition;
    expect(query.slice(condition.start, condition.end)).toBe('to_lower(process.name) like "cmd*"');
    if (condition.type !== "like" || condition.value.type !== "function") throw new Error(condition.type);
    const column = condition.value.args[0]!;
    expect(query.slice(column.start, column.end)).toBe("process.name");
  });
});
