import { dissectKeys, esqlFields, grokNames } from "./fields";
import { parseEsql } from "./parse";
import { esqlShape } from "./shape";

/** `name@line:column` for each reference, in order. */
function fields(query: string): string[] {
  return esqlFields(query).map((f) => `${f.name}@${f.position.line}:${f.position.column}`);
}

const names = (query: string) => esqlFields(query).map((f) => f.name);

describe("esqlFields", () => {
  it("reports source columns with positions, not the columns EVAL created before", () => {
    expect(fields("FROM i\n| EVAL x = a + 1\n| WHERE x > 2 and b == 1")).toEqual(["a@2:12", "b@3:19"]);
  });

  it("sees each EVAL field after the ones before it, not before", () => {
    expect(names("FROM i | EVAL y = x, x = 1, z = x")).toEqual(["x"]);
  });

  it("after STATS knows only its aggregates and groups (named or by their text)", () => {
    const query =
      "FROM i | STATS c = count(*) WHERE ok, max(n) BY host.name, b = bucket(@timestamp, 1 hour) | WHERE c > 1 AND `max(n)` > 2 AND host.name != b AND late";
    expect(names(query)).toEqual(["ok", "n", "host.name", "@timestamp", "late"]);
  });

  it("INLINE STATS adds columns and keeps the others", () => {
    expect(names("FROM i | INLINE STATS c = count(*) BY h | WHERE c > 1 and other")).toEqual(["h", "other"]);
  });

  it("skips METADATA fields, wildcard patterns and parameterised names", () => {
    expect(names("FROM i METADATA _id, _index | KEEP _id, _index, Esql.*, ?field, a | WHERE ?p == 1 and ?f.x == 2")).toEqual(["a"]);
  });

  it("RENAME reads the old name and creates the new one (both forms)", () => {
    expect(names("FROM i | RENAME a AS b, c = d | KEEP b, c, a, d")).toEqual(["a", "d", "a", "d"]);
  });

  it("DISSECT and GROK create the keys of their patterns", () => {
    expect(
      names('FROM i | DISSECT msg "%{a} %{+a} %{?skip} %{b->} %{}" | GROK other "%{IP:ip} %{NUMBER:n:int} (?<named>x)" | KEEP a, b, ip, n, named, skip'),
    ).toEqual(["msg", "other", "skip"]);
  });

  it("ENRICH reads its ON column and creates its WITH names", () => {
    expect(names("FROM i | ENRICH p ON host.name WITH owner = team, site | KEEP owner, site, team")).toEqual(["host.name", "team"]);
  });

  it("reads MV_EXPAND, LOOKUP JOIN ON, CHANGE_POINT, match, casts, IN/LIKE/IS NULL operands and function arguments", () => {
    const query =
      'FROM i | MV_EXPAND tags | LOOKUP JOIN l ON src | CHANGE_POINT v ON t | WHERE title : "x" and y::long > 1 and z in (w) and q like "a*" and n is null and f(g, h) | KEEP type, pvalue';
    expect(names(query)).toEqual(["tags", "src", "v", "t", "title", "y", "z", "w", "q", "n", "g", "h"]);
  });

  it("COMPLETION, RERANK and FORK create their columns; FORK branches start from the same columns", () => {
    const query =
      'FROM i | FORK (EVAL a = 1 | WHERE a > 0) (WHERE a > 1) | COMPLETION r = p WITH {"inference_id": "x"} | WHERE a > 2 and _fork == "fork1" and r != ""';
    expect(names(query)).toEqual(["a", "p"]);
  });

  it("takes a parsed query as well as text", () => {
    const ast = parseEsql("FROM i | WHERE a == 1");
    expect(esqlFields(ast)).toEqual(esqlFields("FROM i | WHERE a == 1"));
  });

  it("reads DISSECT keys and GROK names as Elasticsearch writes them", () => {
    expect(dissectKeys("%{a} %{+a/2} %{?b} %{*c} %{&c} %{d->} %{}")).toEqual(["a", "a", "d"]);
    expect(grokNames("%{IP:client.ip} %{WORD} %{NUMBER:bytes:int} (?<Esql.x>[^ ]+) (?=ahead)")).toEqual(["client.ip", "bytes", "Esql.x"]);
  });
});

describe("esqlShape", () => {
  it("summarises a non-aggregating FROM query with METADATA", () => {
    expect(esqlShape("FROM logs-*, other METADATA _id, _version | WHERE a == 1 | KEEP a")).toEqual({
      sourceCommand: "from",
      indices: ["logs-*", "other"],
      metadata: ["_id", "_version"],
      aggregates: false,
      commands: ["where", "keep"],
    });
  });

  it("says a query aggregates when it has STATS (also in a FORK branch), not for INLINE STATS", () => {
    expect(esqlShape("FROM i | STATS c = count(*) BY h").aggregates).toBe(true);
    expect(esqlShape("FROM i | INLINE STATS c = count(*) BY h").aggregates).toBe(false);
    expect(esqlShape("FROM i | FORK (STATS c = count(*)) (LIMIT 1)").aggregates).toBe(true);
  });

  it("summarises ROW and SHOW", () => {
    expect(esqlShape("ROW a = 1 | EVAL b = a")).toEqual({ sourceCommand: "row", indices: [], metadata: [], aggregates: false, commands: ["eval"] });
    expect(esqlShape("SHOW INFO").sourceCommand).toBe("show");
  });
});
