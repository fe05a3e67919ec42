import { luceneFields, parseLucene } from "./index";

/** `name@line:column` for each reference: position and name in one readable string. */
function refs(source: string): string[] {
  return luceneFields(source).map((f) => `${f.name}@${f.position.line}:${f.position.column}`);
}

describe("luceneFields", () => {
  it("lists every field prefix where it is written, in order, repeats included", () => {
    expect(refs("event.category:process AND process.name:(cmd.exe OR powershell.exe) AND NOT event.category:network")).toEqual([
      "event.category@1:1",
      "process.name@1:28",
      "event.category@1:77",
    ]);
  });

  it("names the fields of ranges, phrases, regular expressions, groups and nested groups, across lines", () => {
    expect(refs('a:[1 TO 2]\nAND b:"x y"\nAND c:/z.*/\nAND d:(e:1 OR 2)')).toEqual(["a@1:1", "b@2:5", "c@3:5", "d@4:5", "e@4:8"]);
  });

  it("names no field for default-field terms and for *:", () => {
    expect(refs('cmd.exe "a b" /x/ [1 TO 2] (p q) *:* *:foo')).toEqual([]);
  });

  it("removes escapes from field names, keeping * of a field pattern", () => {
    expect(refs("process.\\*:x AND file\\.path:y")).toEqual(["process.*@1:1", "file.path@1:18"]);
  });

  it("names the field of _exists_:f, not _exists_, also inside a group and as a phrase", () => {
    expect(refs('_exists_:host.name AND _exists_:(user.name OR "source.ip")')).toEqual(["host.name@1:10", "user.name@1:34", "source.ip@1:47"]);
  });

  it("accepts a parsed query as well as its text", () => {
    const root = parseLucene("a:1 OR\n  b:2");
    expect(luceneFields(root)).toEqual([
      { name: "a", position: { offset: 0, line: 1, column: 1 } },
      { name: "b", position: { offset: 9, line: 2, column: 3 } },
    ]);
  });
});
