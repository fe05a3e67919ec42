import { QuerySyntaxError } from "../syntax-error";
import { eqlFields, parseEql } from "./index";

describe("eqlFields", () => {
  it("lists the fields of a condition in the order written, with line and column", () => {
    const query = 'process where process.name : "cmd.exe" and\n  ?process.parent.name != null and length(`file.Ext`.path) > 3';
    expect(eqlFields(query)).toEqual([
      { name: "process.name", position: { offset: 14, line: 1, column: 15 }, optional: false, context: "condition" },
      { name: "process.parent.name", position: { offset: 45, line: 2, column: 3 }, optional: true, context: "condition" },
      { name: "file.Ext.path", position: { offset: 85, line: 2, column: 43 }, optional: false, context: "condition" },
    ]);
  });

  it("finds fields inside function arguments, in lists, arithmetic and negations", () => {
    const names = eqlFields('any where not (a + b > 1) and c in (d, "x") and concat(e, f) : "y" and -g < 0').map((f) => f.name);
    expect(names).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
  });

  it("marks sequence, sample and join keys, shared and per query, and includes until", () => {
    const sequence = eqlFields("sequence by host.id with maxspan=1m\n [process where a == 1] by p.id\n [file where b] by f.id\nuntil [x where c] by u.id");
    expect(sequence.map((f) => [f.name, f.context, f.position.line])).toEqual([
      ["host.id", "join key", 1],
      ["a", "condition", 2],
      ["p.id", "join key", 2],
      ["b", "condition", 3],
      ["f.id", "join key", 3],
      ["c", "condition", 4],
      ["u.id", "join key", 4],
    ]);
    expect(eqlFields("sample by h [a where x] [b where y]").map((f) => f.name)).toEqual(["h", "x", "y"]);
    expect(eqlFields("join by h [a where x] [b where y] until [c where z]").map((f) => f.name)).toEqual(["h", "x", "y", "z"]);
  });

  it("takes a parsed query as well as text, and gives the same answer", () => {
    const query = "sequence by host.id [process where a] [file where b]";
    expect(eqlFields(parseEql(query))).toEqual(eqlFields(query));
  });

  it("counts \\r\\n and a lone \\r as one line break", () => {
    expect(eqlFields("process where\r\n  a and\r b").map((f) => [f.position.line, f.position.column])).toEqual([
      [2, 3],
      [3, 2],
    ]);
  });

  it("throws the syntax error of a broken query", () => {
    expect(() => eqlFields("process where (((")).toThrow(QuerySyntaxError);
  });
});
