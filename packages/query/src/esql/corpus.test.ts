import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";
import { parseEsql } from "./parse";

interface CorpusRule {
  rule_id?: string;
  name?: string;
  language?: string;
  query?: string;
}

function esqlRules(corpus: Corpus): CorpusRule[] {
  return readNdjson<CorpusRule>(corpus.rulesFile).filter((rule) => rule.language === "esql");
}

/** One line per rule whose query does not parse: its name and the error. */
function syntaxErrors(rules: CorpusRule[]): string[] {
  return rules.flatMap((rule) => {
    try {
      parseEsql(rule.query ?? "");
      return [];
    } catch (error) {
      return [`${rule.name ?? rule.rule_id ?? "?"}: ${(error as Error).message}`];
    }
  });
}

describe("ES|QL over the repository's own corpus", () => {
  it("parses every esql rule's query", () => {
    const rules = esqlRules(ownCorpus);
    expect(rules.length).toBeGreaterThan(0);
    expect(syntaxErrors(rules)).toEqual([]);
  });
});

describeWithSharedCorpus("ES|QL over the shared corpus", (corpus) => {
  it("parses all 166 esql rules' queries with no error", () => {
    const rules = esqlRules(corpus);
    expect(rules).toHaveLength(166);
    expect(syntaxErrors(rules)).toEqual([]);
  });
});
