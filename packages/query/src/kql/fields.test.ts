import { kqlFields } from "./fields";
import { parseKql } from "./parser";

const names = (query: string) => kqlFields(query).map((f) => f.name);

describe("kqlFields", () => {
  it("lists each field where it is written, with line and column", () => {
    expect(kqlFields('event.category:process and\n  process.name : ("a" or "b") and not user.name:*')).toEqual([
      { name: "event.category", position: { offset: 0, line: 1, column: 1 } },
      { name: "process.name", position: { offset: 29, line: 2, column: 3 } },
      { name: "user.name", position: { offset: 65, line: 2, column: 39 } },
    ]);
  });

  it("lists a field written twice twice, and a value list's field once", () => {
    expect(names("a:1 or a:2")).toEqual(["a", "a"]);
    expect(names("a:(1 or 2 or not 3)")).toEqual(["a"]);
  });

  it("gives nested fields their full dotted name, at the inner name's position", () => {
    expect(kqlFields("items:{ name:x and tags:{ id >= 3 } }")).toEqual([
      { name: "items.name", position: { offset: 8, line: 1, column: 9 } },
      { name: "items.tags.id", position: { offset: 26, line: 1, column: 27 } },
    ]);
  });

  it("includes range fields, quoted names unquoted and wildcard names as written; values without a field give none", () => {
    expect(names('"host.name":x and bytes > 5 and process.*:y and mimikatz')).toEqual(["host.name", "bytes", "process.*"]);
    expect(names("")).toEqual([]);
  });

  it("reads a parsed query as well as its text", () => {
    const ast = parseKql("a:b and c < 4");
    expect(kqlFields(ast)).toEqual(kqlFields("a:b and c < 4"));
  });
});
