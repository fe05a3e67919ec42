import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";
import { eqlFields, parseEql, type EqlFieldReference } from "./index";

interface Rule {
  name: string;
  language?: string;
  query?: string;
}

/** Every EQL rule of the corpus parses (they all run in production) and names at least one field. */
function eqlCorpusAcceptance(corpus: Corpus, minimumEqlRules: number): void {
  const rules = readNdjson<Rule>(corpus.rulesFile).filter((rule) => rule.language === "eql");

  it(`has at least ${minimumEqlRules} EQL rules`, () => {
    expect(rules.length).toBeGreaterThanOrEqual(minimumEqlRules);
  });

  it("parses every EQL query with no syntax error", () => {
    const failures = rules.flatMap((rule) => {
      try {
        parseEql(rule.query ?? "");
        return [];
      } catch (error) {
        return [`${rule.name}: ${(error as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it("finds fields in every EQL query, each where the query writes it", () => {
    const misplaced = rules.filter((rule) => {
      const query = rule.query ?? "";
      const fields = eqlFields(query);
      return fields.length === 0 || fields.some((field) => !writtenAt(query, field));
    });
    expect(misplaced.map((rule) => rule.name)).toEqual([]);
  });
}

/** The query text at the field's position starts the field: its first name part, `?` or a backquote. */
function writtenAt(query: string, field: EqlFieldReference): boolean {
  const offset = field.position.offset;
  return query[offset] === "?" || query[offset] === "`" || query.startsWith(field.name.split(".")[0], offset);
}

describe("EQL over the repository's own corpus", () => {
  eqlCorpusAcceptance(ownCorpus, 3);
});

describeWithSharedCorpus("EQL over the shared corpus", (corpus) => {
  eqlCorpusAcceptance(corpus, 816);
});
