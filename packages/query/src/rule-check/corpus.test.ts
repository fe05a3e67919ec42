import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";
import { checkRuleQueries, type RuleCheckOptions } from "./check";

/** Every finding of a corpus, as `rule_id severity kind field: message`. */
function findings(corpus: Corpus, options?: RuleCheckOptions): string[] {
  return readNdjson(corpus.rulesFile).flatMap((rule) =>
    checkRuleQueries(rule, options).map((f) => `${String(rule.rule_id ?? rule.name)} ${f.severity} ${f.kind} ${f.field}: ${f.message}`),
  );
}

describe("rule checks over the repository's own corpus", () => {
  it("find nothing in its 29 rules with default options; for an 8.19 target, only its ES|QL rule without METADATA _id", () => {
    expect(readNdjson(ownCorpus.rulesFile)).toHaveLength(ownCorpus.ruleCount);
    expect(findings(ownCorpus)).toEqual([]);
    // `FROM logs-* | WHERE … | LIMIT 100`: fine for 9.4 (Kibana adds METADATA _id), refused by an 8.19 rule form.
    expect(findings(ownCorpus, { ecsVersion: "8.19" })).toEqual([expect.stringMatching(/^esac-corpus-esql-building-block warning esql-metadata query: /)]);
  });
});

describeWithSharedCorpus("rule checks over the shared corpus", (corpus) => {
  it("find no error in the 1,650 production rules (8.19 and 9.4 targets); only warnings", () => {
    const all = findings(corpus);
    expect(all.filter((f) => / error /.test(f))).toEqual([]);
    expect(findings(corpus, { ecsVersion: "8.19" }).filter((f) => / error /.test(f))).toEqual([]);
    // The corpus's one real look-back gap: interval 2m, from now-1m.
    expect(all.filter((f) => f.includes(" lookback-gap "))).toEqual([
      expect.stringMatching(/^990838aa-a953-4f3e-b3cb-6ddf7584de9e warning lookback-gap from: /),
    ]);
    // Integration fields (aws.*, azure.*, okta.*…) are not ECS: warnings, which strict mode would turn into errors.
    expect(all.some((f) => f.includes('warning unknown-field query: field "aws.cloudtrail.user_identity.type"'))).toBe(true);
  });
});
