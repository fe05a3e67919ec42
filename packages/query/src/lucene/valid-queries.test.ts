import { ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";
import { parseLucene } from "./index";
import { VALID_LUCENE_QUERIES } from "./valid-queries";

/** Every query that does not parse, with its error: an empty list is the pass. */
function failures(queries: readonly string[]): string[] {
  return queries.flatMap((query) => {
    try {
      parseLucene(query);
      return [];
    } catch (error) {
      return [`${JSON.stringify(query)}: ${(error as Error).message}`];
    }
  });
}

/** The Lucene queries of a corpus's rules: `query` of `language: lucene`, `threat_query` of `threat_language: lucene`. */
function luceneQueriesOf(corpus: Corpus): string[] {
  return readNdjson<Record<string, unknown>>(corpus.rulesFile).flatMap((rule) => [
    ...(rule.language === "lucene" && typeof rule.query === "string" ? [rule.query] : []),
    ...(rule.threat_language === "lucene" && typeof rule.threat_query === "string" ? [rule.threat_query] : []),
  ]);
}

describe("valid Lucene queries of the kinds security rules use", () => {
  it(`parses all ${VALID_LUCENE_QUERIES.length}`, () => {
    expect(VALID_LUCENE_QUERIES.length).toBeGreaterThanOrEqual(40);
    expect(failures(VALID_LUCENE_QUERIES)).toEqual([]);
  });

  it("parses the Lucene rules of the repository's own corpus", () => {
    const queries = luceneQueriesOf(ownCorpus);
    expect(queries.length).toBeGreaterThan(0);
    expect(failures(queries)).toEqual([]);
  });
});
