import { QuerySyntaxError } from "../syntax-error";
import { KQL_BROKEN } from "./catalogue";
import { parseKql } from "./parser";

function errorOf(query: string): unknown {
  try {
    parseKql(query);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("KQL catalogue of broken queries", () => {
  it("has at least 30 distinct queries, each with a reason", () => {
    expect(KQL_BROKEN.length).toBeGreaterThanOrEqual(30);
    expect(new Set(KQL_BROKEN.map((b) => b.query)).size).toBe(KQL_BROKEN.length);
    for (const broken of KQL_BROKEN) expect(broken.why.length).toBeGreaterThan(10);
  });

  it("includes the issue's example", () => {
    expect(KQL_BROKEN.map((b) => b.query)).toContain('process.name:("a" or');
  });

  it.each(KQL_BROKEN.map((b) => [b.query, b.line, b.column] as const))("%j fails at line %d, column %d", (query, line, column) => {
    const error = errorOf(query);
    expect(error).toBeInstanceOf(QuerySyntaxError);
    const { language, position, expected, found } = error as QuerySyntaxError;
    expect({ language, line: position.line, column: position.column }).toEqual({ language: "kuery", line, column });
    expect(expected.length).toBeGreaterThan(0);
    expect(found).not.toBe("");
  });
});
