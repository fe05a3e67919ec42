import { ruleCreateSchema, ruleCreateStrictSchema, rulePatchSchema, ruleUpdateSchema } from "./schema";
import { applyRuleDefaults, RULE_DEFAULTS } from "./defaults";
import { stringifyZodError } from "../zod-error";
import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";

/** The same acceptance checks over a corpus: API-shaped rules pass strict parsing, repository-shaped new_terms do not. */
function corpusAcceptance(corpus: Corpus): void {
  const rules = readNdjson(corpus.rulesFile);
  const repositoryShaped = (r: Record<string, unknown>) => "new_terms" in r;

  it(`has all ${corpus.ruleCount} rules`, () => {
    expect(rules).toHaveLength(corpus.ruleCount);
  });

  it("accepts every rule that is already in API shape (all but repository-shaped new_terms)", () => {
    const apiShaped = rules.filter((r) => !repositoryShaped(r));
    expect(apiShaped.length).toBeGreaterThan(0);
    const failures = apiShaped.flatMap((r) => {
      const result = ruleCreateStrictSchema.safeParse(r);
      return result.success ? [] : [`${String(r.rule_id)}: ${stringifyZodError(result.error)}`];
    });
    expect(failures).toEqual([]);
  });

  it("rejects the repository-shaped new_terms rules until converted", () => {
    const shaped = rules.filter(repositoryShaped);
    expect(shaped.length).toBeGreaterThan(0);
    for (const nt of shaped) {
      const res = ruleCreateStrictSchema.safeParse(nt);
      expect(res.success).toBe(false);
      expect(stringifyZodError(res.error!)).toMatch(/new_terms_fields|history_window_start|new_terms/);
    }
  });
}

describe("rule create schema over the repository's own corpus", () => {
  corpusAcceptance(ownCorpus);

  it("covers every rule type and the edge cases the shared corpus taught us", () => {
    const rules = readNdjson<Record<string, any>>(ownCorpus.rulesFile);
    const having = (pred: (r: Record<string, any>) => boolean) => rules.filter(pred).map((r) => r.rule_id);
    expect(new Set(rules.map((r) => r.type))).toEqual(
      new Set(["query", "eql", "esql", "threshold", "threat_match", "machine_learning", "new_terms", "saved_query"]),
    );
    const edgeCases: Record<string, (r: Record<string, any>) => boolean> = {
      "threshold on several fields with cardinality": (r) =>
        Array.isArray(r.threshold?.field) && r.threshold.field.length > 1 && r.threshold.cardinality?.length > 0,
      "machine_learning_job_id as a string": (r) => typeof r.machine_learning_job_id === "string",
      "machine_learning_job_id as an array": (r) => Array.isArray(r.machine_learning_job_id),
      "new_terms in detection-rules shape": (r) => r.new_terms !== undefined,
      "new_terms in API shape": (r) => r.type === "new_terms" && Array.isArray(r.new_terms_fields),
      "lucene query": (r) => r.language === "lucene",
      "building block": (r) => r.building_block_type === "default",
      "alert_suppression on query": (r) => r.type === "query" && r.alert_suppression !== undefined,
      "alert_suppression on esql": (r) => r.type === "esql" && r.alert_suppression !== undefined,
      "filters with Kibana UI state": (r) => r.filters?.some((f: any) => f.$state !== undefined),
      severity_mapping: (r) => r.severity_mapping?.length > 0,
      risk_score_mapping: (r) => r.risk_score_mapping?.length > 0,
      rule_name_override: (r) => typeof r.rule_name_override === "string",
      timestamp_override: (r) => typeof r.timestamp_override === "string",
      "timeline_id and timeline_title": (r) => typeof r.timeline_id === "string" && typeof r.timeline_title === "string",
      exceptions_list: (r) => r.exceptions_list?.length > 0,
      event_category_override: (r) => typeof r.event_category_override === "string",
      "enabled: true": (r) => r.enabled === true,
      "enabled: false": (r) => r.enabled === false,
      max_signals: (r) => typeof r.max_signals === "number",
      "several authors": (r) => r.author?.length > 1,
      "free-text license": (r) => typeof r.license === "string" && r.license !== "Apache-2.0",
      "markdown note": (r) => /^#+ /m.test(r.note ?? "") && r.note.includes("|---|"),
      "non-ASCII text": (r) => /[\u0080-\uffff]/.test(JSON.stringify(r)),
      "query over 40,000 characters": (r) => (r.query?.length ?? 0) > 40_000,
      "description with a trailing newline": (r) => r.description.endsWith("\n"),
    };
    const missing = Object.entries(edgeCases)
      .filter(([, pred]) => having(pred).length === 0)
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describeWithSharedCorpus("rule create schema over the shared corpus", (corpus) => {
  corpusAcceptance(corpus);

  it("has the 1,459 API-shaped rules and 191 repository-shaped new_terms rules its README lists", () => {
    const rules = readNdjson(corpus.rulesFile);
    expect(rules.filter((r) => !("new_terms" in r))).toHaveLength(1459);
    expect(rules.filter((r) => "new_terms" in r)).toHaveLength(191);
  });
});

describe("rule create schema", () => {
  const base = { name: "n", description: "d", risk_score: 21, severity: "low" } as const;

  it("names the field and the reason", () => {
    const res = ruleCreateStrictSchema.safeParse({ ...base, type: "query", risk_score: 150 });
    expect(res.success).toBe(false);
    expect(stringifyZodError(res.error!)).toMatch(/^risk_score: .*100/);
    const eql = ruleCreateStrictSchema.safeParse({ ...base, type: "eql", language: "eql" });
    expect(stringifyZodError(eql.error!)).toMatch(/^query: /);
  });

  it("strict mode rejects unknown keys, kibana mode strips them", () => {
    const body = { ...base, type: "query", tagz: ["x"] };
    expect(ruleCreateStrictSchema.safeParse(body).success).toBe(false);
    const kib = ruleCreateSchema.parse(body);
    expect(kib).not.toHaveProperty("tagz");
  });

  it("requires the type-specific fields of each type", () => {
    const cases: [string, string][] = [
      ["saved_query", "saved_id"],
      ["esql", "query"],
      ["threshold", "threshold"],
      ["threat_match", "threat_mapping"],
      ["machine_learning", "anomaly_threshold"],
      ["new_terms", "new_terms_fields"],
    ];
    for (const [type, field] of cases) {
      const res = ruleCreateSchema.safeParse({ ...base, type });
      expect(res.success).toBe(false);
      expect(stringifyZodError(res.error!)).toContain(field);
    }
  });

  it("patch schema validates against one type and update accepts id", () => {
    expect(rulePatchSchema("eql").safeParse({ rule_id: "x", query: 5 }).success).toBe(false);
    expect(rulePatchSchema("eql").safeParse({ rule_id: "x", tags: ["a"] }).success).toBe(true);
    expect(ruleUpdateSchema.safeParse({ ...base, type: "query", id: "abc" }).success).toBe(true);
  });

  it("limits the message to five issues", () => {
    const res = ruleCreateSchema.safeParse({ type: "query", tags: [1, 2, 3, 4, 5, 6] });
    expect(stringifyZodError(res.error!)).toMatch(/and \d+ more$/);
  });
});

describe("applyRuleDefaults", () => {
  it("fills Kibana's defaults and keeps explicit values", () => {
    const r = applyRuleDefaults({ ...base(), type: "threat_match" as const, tags: ["a"], enabled: true });
    expect(r.interval).toBe(RULE_DEFAULTS.interval);
    expect(r.enabled).toBe(true);
    expect(r.tags).toEqual(["a"]);
    expect((r as Record<string, unknown>).threat_indicator_path).toBe("threat.indicator");
    expect((r as Record<string, unknown>).language).toBe("kuery");
  });
  function base() {
    return { name: "n", description: "d", risk_score: 1, severity: "low" as const };
  }
});
