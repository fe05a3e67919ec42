import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";
import { parseKql } from "./parser";

interface CorpusRule {
  rule_id?: string;
  name?: string;
  language?: string;
  query?: string;
  threat_query?: string;
  threat_language?: string;
}

/** Every KQL text of the corpus's kuery rules: `query`, and `threat_query` unless it is declared Lucene. */
function kqlTexts(corpus: Corpus): { rule: string; field: string; text: string }[] {
  return readNdjson<CorpusRule>(corpus.rulesFile)
    .filter((rule) => rule.language === "kuery")
    .flatMap((rule) => {
      const id = rule.rule_id ?? rule.name ?? "?";
      const texts = [{ rule: id, field: "query", text: rule.query ?? "" }];
      if (rule.threat_query !== undefined && rule.threat_language !== "lucene") texts.push({ rule: id, field: "threat_query", text: rule.threat_query });
      return texts;
    });
}

function syntaxErrors(corpus: Corpus): string[] {
  return kqlTexts(corpus).flatMap(({ rule, field, text }) => {
    try {
      parseKql(text);
      return [];
    } catch (error) {
      return [`${rule} ${field}: ${(error as Error).message}`];
    }
  });
}

describe("KQL over the repository's own corpus", () => {
  it("parses every kuery rule's query and threat_query", () => {
    const texts = kqlTexts(ownCorpus);
    expect(texts.length).toBeGreaterThan(10);
    expect(syntaxErrors(ownCorpus)).toEqual([]);
  });
});

describeWithSharedCorpus("KQL over the shared corpus", (corpus) => {
  it("parses all 583 kuery rules' queries and their threat_query with no error", () => {
    const texts = kqlTexts(corpus);
    expect(texts.filter((t) => t.field === "query")).toHaveLength(583);
    expect(texts.some((t) => t.field === "threat_query")).toBe(true);
    expect(syntaxErrors(corpus)).toEqual([]);
  });
});
