import { QuerySyntaxError } from "../syntax-error";
import { EQL_BROKEN } from "./catalogue";
import { parseEql } from "./index";

describe("EQL catalogue of broken queries", () => {
  it("has at least 30 distinct queries, multi-line ones among them", () => {
    expect(EQL_BROKEN.length).toBeGreaterThanOrEqual(30);
    expect(new Set(EQL_BROKEN.map((entry) => entry.query)).size).toBe(EQL_BROKEN.length);
    expect(EQL_BROKEN.filter((entry) => entry.line > 1).length).toBeGreaterThanOrEqual(5);
    expect(EQL_BROKEN.map((entry) => entry.query)).toContain("process where (((");
  });

  it.each(EQL_BROKEN.map((entry) => [JSON.stringify(entry.query), entry] as const))("rejects %s at its line and column", (_, entry) => {
    let thrown: unknown;
    try {
      parseEql(entry.query);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QuerySyntaxError);
    const error = thrown as QuerySyntaxError;
    expect(error.language).toBe("eql");
    expect({ line: error.position.line, column: error.position.column }).toEqual({ line: entry.line, column: entry.column });
    expect(error.message).toMatch(new RegExp(`^EQL syntax error at line ${entry.line}, column ${entry.column}: `));
  });
});
