import { ruleCreateStrictSchema } from "@esac/kibana-client";
import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../../test-support/corpus";
import { buildStep, nestedNormalize, pythonCompactJson, pythonSafeSubstitute, renderedTransforms } from "./build-step";

describe("detection-rules build step, reproduced", () => {
  it("renders JSON as Python's json.dumps(sort_keys=True, separators=(',', ':')) does: sorted at every depth, ASCII escapes", () => {
    expect(pythonCompactJson({ b: [1, { z: true, a: null }], a: 'é\u2028\n"', "": 0 })).toBe('{"":0,"a":"\\u00e9\\u2028\\n\\"","b":[1,{"a":null,"z":true}]}');
  });

  it("substitutes like string.Template.safe_substitute: $$ → $, known $name and ${name}, unknown and invalid left", () => {
    expect(pythonSafeSubstitute("a $x ${x} $$x $y ${y} $ 5$ $x1", { x: "X" })).toBe("a X X $x $y ${y} $ 5$ $x1");
  });

  it("names the rendered plugins <plugin>_<index>, as process_transforms does", () => {
    const rendered = renderedTransforms({
      osquery: [
        { label: "a", query: "q" },
        { query: "r", label: "b" },
      ],
      investigate: [{ label: "i", providers: [] }],
    });
    expect(rendered).toEqual({
      osquery_0: '!{osquery{"label":"a","query":"q"}}',
      osquery_1: '!{osquery{"label":"b","query":"r"}}',
      investigate_0: '!{investigate{"label":"i","providers":[]}}',
    });
  });

  it("joins wrapped lines of every string but query, note and setup, at every depth (nested_normalize)", () => {
    const out = nestedNormalize({
      description: "  one\n  two \n\nthree\n",
      query: " keep\n as is ",
      note: "## Keep\n",
      setup: " keep\n",
      filters: [{ query: { match: " keep\n" }, meta: { alias: " a\n b " } }],
      tags: [" t "],
      risk_score: 5,
    });
    expect(out).toEqual({
      description: "one two  three",
      query: " keep\n as is ",
      note: "## Keep\n",
      setup: " keep\n",
      filters: [{ query: { match: " keep\n" }, meta: { alias: "a b" } }],
      tags: ["t"],
      risk_score: 5,
    });
  });

  it("converts new_terms, fills threat techniques, adds the ATT&CK URL slash; no transform → $$ untouched", () => {
    const out = buildStep(
      {
        note: "costs $$5",
        new_terms: { field: "new_terms_fields", value: ["host.id"], history_window_start: [{ field: "history_window_start", value: "now-7d" }] },
        threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0001", name: "Initial Access", reference: "https://attack.mitre.org/tactics/TA0001" } }],
      },
      undefined,
    );
    expect(out).toEqual({
      note: "costs $$5",
      new_terms_fields: ["host.id"],
      history_window_start: "now-7d",
      threat: [
        { framework: "MITRE ATT&CK", tactic: { id: "TA0001", name: "Initial Access", reference: "https://attack.mitre.org/tactics/TA0001/" }, technique: [] },
      ],
    });
  });

  function everyRulePasses(corpus: Corpus): void {
    it(`turns every [rule] table of ${corpus.kind === "own" ? "the repository's own corpus" : "the shared corpus"} into a body DetectionRule accepts`, () => {
      const rules = readNdjson(corpus.rulesFile);
      expect(rules).toHaveLength(corpus.ruleCount);
      const refused = rules
        .map((rule) => ({ rule_id: rule.rule_id, result: ruleCreateStrictSchema.safeParse(buildStep(rule, undefined)) }))
        .filter((r) => !r.result.success)
        .map((r) => `${String(r.rule_id)}: ${r.result.error!.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
      expect(refused).toEqual([]);
    });
  }
  everyRulePasses(ownCorpus);
  describeWithSharedCorpus("shared corpus through the build step", everyRulePasses);
});
