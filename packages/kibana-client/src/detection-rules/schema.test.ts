import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ruleCreateSchema, ruleCreateStrictSchema, rulePatchSchema, ruleUpdateSchema } from "./schema";
import { applyRuleDefaults, RULE_DEFAULTS } from "./defaults";
import { stringifyZodError } from "../zod-error";

/** `shared/` sits next to the clone: the first ancestor that has it. */
function sharedFile(relative: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "shared", relative))) return join(dir, "shared", relative);
  }
  throw new Error(`shared/${relative} not found above ${__dirname}`);
}

const corpusFile = sharedFile("corpus/detection-rules.dev.ndjson");
const corpus = readFileSync(corpusFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));

describe("rule create schema", () => {
  it("accepts every corpus rule that is already in API shape (all but new_terms)", () => {
    const apiShaped = corpus.filter((r) => r.type !== "new_terms");
    expect(apiShaped.length).toBe(1459);
    const failures = apiShaped
      .map((r) => ({ rule_id: r.rule_id, result: ruleCreateStrictSchema.safeParse(r) }))
      .filter((x) => !x.result.success)
      .map((x) => `${x.rule_id}: ${stringifyZodError((x.result as { error: never }).error)}`);
    expect(failures).toEqual([]);
  });

  it("rejects the repository-shaped new_terms rules until converted", () => {
    const nt = corpus.find((r) => r.type === "new_terms");
    const res = ruleCreateStrictSchema.safeParse(nt);
    expect(res.success).toBe(false);
    expect(stringifyZodError(res.error!)).toMatch(/new_terms_fields|history_window_start|new_terms/);
  });

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
