import { QuerySyntaxError } from "../syntax-error";
import { LUCENE_BROKEN } from "./catalogue";
import { parseLucene } from "./index";
import { VALID_LUCENE_QUERIES } from "./valid-queries";

/** What parsing a query throws, as `line:column`, or a note that it parsed or threw something else. */
function reported(query: string): string {
  try {
    parseLucene(query);
    return "parsed";
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) return `threw ${String(error)}`;
    expect(error.language).toBe("lucene");
    expect(error.message).toMatch(/^Lucene syntax error at line \d+, column \d+: ./);
    return `${error.position.line}:${error.position.column}`;
  }
}

describe("catalogue of broken Lucene queries", () => {
  it("has at least 30 distinct queries, some of them over several lines, none of them in the valid list", () => {
    const queries = LUCENE_BROKEN.map((b) => b.query);
    expect(queries.length).toBeGreaterThanOrEqual(30);
    expect(new Set(queries).size).toBe(queries.length);
    expect(queries.filter((q) => q.includes("\n")).length).toBeGreaterThanOrEqual(5);
    expect(queries.filter((q) => VALID_LUCENE_QUERIES.includes(q))).toEqual([]);
  });

  it.each(LUCENE_BROKEN.map((b) => [b.query, b]))("rejects %j at its position", (_query, broken) => {
    expect(reported(broken.query)).toBe(`${broken.line}:${broken.column}`);
  });
});
