import { engineInitBodySchema, engineInitStrictSchema, entityDurationMs, ENRICH_INTERVAL_MESSAGE } from ".";

const issuesOf = (value: unknown) => {
  const r = engineInitStrictSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("entity engine init body", () => {
  it("accepts the API reference example", () => {
    const example = {
      delay: "1m",
      docsPerSecond: 42,
      enrichPolicyExecutionInterval: "1h",
      fieldHistoryLength: 10,
      filter: "string",
      frequency: "1m",
      indexPattern: "string",
      lookbackPeriod: "24h",
      timeout: "180s",
      timestampField: "@timestamp",
    };
    expect(issuesOf(example)).toEqual([]);
  });

  it("validates durations with the reference patterns", () => {
    expect(issuesOf({ frequency: "1 minute", delay: "5x", timeout: "180", lookbackPeriod: "1w" })).toEqual([
      "lookbackPeriod: lookbackPeriod must end in s, m, d or h (e.g. 1m, 3h)",
      "frequency: frequency must end in s, m, d or h (e.g. 1m, 3h)",
      "delay: delay must end in s, m, d or h (e.g. 1m, 3h)",
      "timeout: timeout must end in s, m, d or h (e.g. 1m, 3h)",
    ]);
    expect(issuesOf({ enrichPolicyExecutionInterval: "0h" })).toEqual([
      "enrichPolicyExecutionInterval: must be a positive whole number followed by s, m or h (e.g. 1h)",
    ]);
    expect(issuesOf({ enrichPolicyExecutionInterval: "1d", lookbackPeriod: "7d" })).toHaveLength(1);
    expect(issuesOf({ fieldHistoryLength: 1.5 })).toHaveLength(1);
  });

  it("enforces Kibana's interval ≤ lookback/2 rule, with the default lookback (3h) when none is given", () => {
    expect(issuesOf({ enrichPolicyExecutionInterval: "2h" })).toEqual([`enrichPolicyExecutionInterval: ${ENRICH_INTERVAL_MESSAGE}`]);
    expect(issuesOf({ enrichPolicyExecutionInterval: "90m" })).toEqual([]);
    expect(issuesOf({ enrichPolicyExecutionInterval: "13h", lookbackPeriod: "1d" })).toHaveLength(1);
    expect(issuesOf({ enrichPolicyExecutionInterval: "12h", lookbackPeriod: "1d" })).toEqual([]);
  });

  it("strict mode rejects unknown keys; Kibana mode strips them", () => {
    expect(issuesOf({ lookback: "3h" })).toEqual([expect.stringMatching(/lookback/)]);
    expect(engineInitBodySchema.parse({ lookback: "3h", filter: "" })).toEqual({ filter: "" });
  });

  it("parses durations", () => {
    expect([entityDurationMs("90s"), entityDurationMs("3h"), entityDurationMs("1d"), entityDurationMs("abc3h")]).toEqual([
      90_000,
      10_800_000,
      86_400_000,
      undefined,
    ]);
  });
});
