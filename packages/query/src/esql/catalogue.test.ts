import { QuerySyntaxError } from "../syntax-error";
import { ESQL_BROKEN } from "./catalogue";
import { parseEsql } from "./parse";

function errorOf(query: string): unknown {
  try {
    parseEsql(query);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("ES|QL catalogue of broken queries", () => {
  it("has at least 30 distinct queries, each with a reason, some over several lines", () => {
    expect(ESQL_BROKEN.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ESQL_BROKEN.map((b) => b.query)).size).toBe(ESQL_BROKEN.length);
    for (const broken of ESQL_BROKEN) expect(broken.why.length).toBeGreaterThan(10);
    expect(ESQL_BROKEN.filter((b) => b.line > 1).length).toBeGreaterThanOrEqual(4);
  });

  it("includes the issue's example", () => {
    expect(ESQL_BROKEN.map((b) => b.query)).toContain("FROM | STATS");
  });

  it.each(ESQL_BROKEN.map((b) => [b.query, b.line, b.column] as const))("%j fails at line %d, column %d", (query, line, column) => {
    const error = errorOf(query);
    expect(error).toBeInstanceOf(QuerySyntaxError);
    const { language, position, expected, found } = error as QuerySyntaxError;
    expect({ language, line: position.line, column: position.column }).toEqual({ language: "esql", line, column });
    expect(expected.length).toBeGreaterThan(0);
    expect(found).not.toBe("");
  });

  it("says what was expected and what was found", () => {
    const error = errorOf("FROM | STATS") as QuerySyntaxError;
    expect(error.expected).toEqual(["an index pattern"]);
    expect(error.found).toBe("|");
    expect(error.message).toBe("ES|QL syntax error at line 1, column 6: expected an index pattern but found |");
    expect((errorOf("FROM logs-* | WHERE") as QuerySyntaxError).found).toBe("end of input");
  });
});
