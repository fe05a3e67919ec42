import { QuerySyntaxError, positionAt } from "./syntax-error";

describe("positionAt", () => {
  it("counts lines and columns from 1, treating \\n, \\r\\n and a lone \\r as one line break each", () => {
    const text = "a\nbc\r\nd\re";
    expect(positionAt(text, 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(positionAt(text, 3)).toEqual({ offset: 3, line: 2, column: 2 });
    expect(positionAt(text, 6)).toEqual({ offset: 6, line: 3, column: 1 });
    expect(positionAt(text, 8)).toEqual({ offset: 8, line: 4, column: 1 });
  });

  it("clamps an offset past the end to the end", () => {
    expect(positionAt("ab", 10)).toEqual({ offset: 2, line: 1, column: 3 });
  });
});

describe("QuerySyntaxError", () => {
  it("names the language, the position, what was expected and what was found", () => {
    const error = new QuerySyntaxError("eql", "process where\n(((", 17, ["a condition", '")"'], "end of input");
    expect(error.message).toBe('EQL syntax error at line 2, column 4: expected a condition or ")" but found end of input');
    expect(error.position).toEqual({ offset: 17, line: 2, column: 4 });
  });
});
