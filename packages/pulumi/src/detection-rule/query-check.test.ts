import { detectionRuleProvider as provider, resetRuleReadCache } from "./provider";
import { detectionRulesProvider } from "../detection-rules/provider";
import { RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { UNKNOWN } from "../provider-kit/unknown";
import { stackConfigFor, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { queryCheckSettings } from "./query-check";

type Obj = Record<string, any>;

const emulator = useTestKibana(provider, resetRuleReadCache);

/** Points the provider at the test Kibana with extra stack config (esac:queryFieldCheck…). */
async function configure(extra: Record<string, string> = {}): Promise<void> {
  const { config } = stackConfigFor(emulator.kibana);
  await provider.configure!({ config: { get: (key: string) => extra[key] ?? config.get(key) } } as never);
}
beforeEach(() => configure());

const base = { name: "Broken query", description: "d", risk_score: 21, severity: "low", index: ["logs-*"] };

// Valid rules of each query language, written for these tests (rule bodies as Kibana's create API takes them).
const corpusKql = {
  rule_id: "esac-valid-kql",
  name: "Archive tool run by a service account",
  description: "A service account ran an archive tool",
  risk_score: 21,
  severity: "low",
  type: "query",
  language: "kuery",
  query: 'event.category: "process" and event.type: "start" and process.name: ("7z.exe" or "rar.exe") and user.name: svc-*\n',
  index: ["logs-endpoint.events.process-*"],
  from: "now-70m",
  interval: "60m",
};
const corpusEql = {
  rule_id: "esac-valid-eql",
  name: "Script host started by an office application",
  description: "An office application started a script host",
  risk_score: 47,
  severity: "medium",
  type: "eql",
  language: "eql",
  query:
    'process where event.type == "start" and\n  process.parent.name : ("winword.exe", "excel.exe") and\n\n  /* script hosts */\n' +
    '  process.name : ("wscript.exe", "cscript.exe", "mshta.exe")\n',
  index: ["logs-endpoint.events.process-*"],
  from: "now-9m",
};
const corpusEsql = {
  rule_id: "esac-valid-esql",
  name: "One destination contacted by many hosts",
  description: "Many hosts reached the same rare destination",
  risk_score: 73,
  severity: "high",
  type: "esql",
  language: "esql",
  query:
    'from logs-endpoint.events.network-*\n| where event.action == "connection_attempted" and destination.ip is not null\n' +
    "| keep host.id, destination.ip\n| stats hosts = count_distinct(host.id) by destination.ip\n" +
    "| where hosts >= 5\n",
  from: "now-9m",
};

const brokenKql = { ...base, rule_id: "broken-kql", type: "query", language: "kuery", query: 'process.name:("a" or' };
const brokenEql = { ...base, rule_id: "broken-eql", type: "eql", language: "eql", query: "process where (((" };
const brokenEsql = {
  rule_id: "broken-esql",
  name: "n",
  description: "d",
  risk_score: 21,
  severity: "low",
  type: "esql",
  language: "esql",
  query: "FROM | STATS",
};

const reasons = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => f.reason);

describe("DetectionRule check: queries", () => {
  it("fails on the issue's three broken queries, naming `query`, the line and the column, with no HTTP call", async () => {
    const before = emulator.kibana.requests().length;
    expect(await reasons(brokenKql)).toEqual([expect.stringMatching(/^query: KQL syntax error at line 1, column 19: /)]);
    expect(await reasons(brokenEql)).toEqual([expect.stringMatching(/^query: EQL syntax error at line 1, column 18: /)]);
    expect(await reasons(brokenEsql)).toEqual([expect.stringMatching(/^query: ES\|QL syntax error at line 1, column 6: /)]);
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("checks the query in the rule type's language and an indicator match rule's threat_query in threat_language", async () => {
    // `process where (((` is valid nowhere, but an EQL-only construct in a query rule is KQL's problem.
    expect(await reasons({ ...brokenKql, query: 'process where process.name == "a"' })).toEqual([
      expect.stringMatching(/^query: KQL syntax error at line 1, column \d+: /),
    ]);
    const threatMatch = {
      ...base,
      rule_id: "im",
      type: "threat_match",
      query: "source.ip:*",
      threat_index: ["logs-ti_*"],
      threat_query: "threat.indicator.ip:(",
      threat_language: "kuery",
      threat_mapping: [{ entries: [{ field: "source.ip", type: "mapping", value: "threat.indicator.ip" }] }],
    };
    expect(await reasons(threatMatch)).toEqual([expect.stringMatching(/^threat_query: KQL syntax error at line 1, column \d+: /)]);
  });

  it("reports the broken query together with the schema's problems, all at once", async () => {
    expect(await reasons({ ...brokenKql, risk_score: 150 })).toEqual([
      "risk_score: Too big: expected number to be <=100 (value: 150)",
      expect.stringMatching(/^query: KQL syntax error at line 1, column 19: /),
    ]);
  });

  it("passes valid KQL, EQL and ES|QL rules, which then create", async () => {
    const { checked, created } = providerSteps(provider);
    for (const rule of [corpusKql, corpusEql, corpusEsql]) await expect(checked(rule)).resolves.toMatchObject({ rule_id: rule.rule_id });
    const { outs } = await created(corpusEsql);
    expect(outs.query).toBe(corpusEsql.query);
  });

  it("creates a rule with an unknown field and a look-back gap (warnings, never blocking); strict mode fails on the field", async () => {
    const suspicious = { ...corpusKql, rule_id: "suspicious", query: "process.nmae:cmd.exe", interval: "1h", from: "now-6m" };
    const { created } = providerSteps(provider);
    const { outs } = await created(suspicious);
    expect(outs).toMatchObject({ rule_id: "suspicious", query: "process.nmae:cmd.exe", from: "now-6m" });
    await configure({ "esac:queryFieldCheck": "strict" });
    expect(await reasons(suspicious)).toEqual([expect.stringMatching(/^query: field "process\.nmae" is not in ECS/)]);
    await configure({ "esac:queryFieldCheck": "strict", "esac:customFields": "process.nmae" });
    expect(await reasons(suspicious)).toEqual([]);
  });

  it("leaves a query still unknown at preview to the check that runs once it is known", async () => {
    expect(await reasons({ ...brokenKql, query: UNKNOWN })).toEqual([]);
    expect(await reasons({ ...brokenKql, name: UNKNOWN })).toEqual([]);
    expect(await reasons(brokenKql)).toHaveLength(1);
  });

  it("refuses a stack config value it cannot use, naming the key and the value", async () => {
    await configure({ "esac:queryFieldCheck": "loud" });
    expect(await reasons(corpusKql)).toEqual(['stack config esac:queryFieldCheck is "loud": expected one of warn, strict, off']);
    await configure({ "esac:customFields": "[1" });
    expect(await reasons(corpusKql)).toEqual(['stack config esac:customFields: "[1" is not a JSON list of field names']);
  });
});

describe("DetectionRules check: queries", () => {
  const identity = { [RESOURCE_IDENTITY_KEY]: "proj/dev/DetectionRules/set" };
  beforeEach(async () => {
    const { config } = stackConfigFor(emulator.kibana);
    await detectionRulesProvider.configure!({ config } as never);
  });

  it("reports every broken query of the set at once, each prefixed with its rule_id, and passes the clean ones", async () => {
    const strip = ({ index: _index, ...rule }: Obj) => rule;
    const res = await detectionRulesProvider.check!({}, { ...identity, rules: [corpusKql, brokenKql, corpusEql, brokenEql, corpusEsql, strip(brokenEsql)] });
    expect((res.failures ?? []).map((f) => f.reason)).toEqual([
      expect.stringMatching(/^rule_id "broken-kql": query: KQL syntax error at line 1, column 19: /),
      expect.stringMatching(/^rule_id "broken-eql": query: EQL syntax error at line 1, column 18: /),
      expect.stringMatching(/^rule_id "broken-esql": query: ES\|QL syntax error at line 1, column 6: /),
    ]);
    const clean = await detectionRulesProvider.check!({}, { ...identity, rules: [corpusKql, corpusEql, corpusEsql] });
    expect(clean.failures ?? []).toEqual([]);
  });
});

describe("queryCheckSettings", () => {
  const read = (values: Record<string, string>) => (key: string) => values[key];

  it("defaults to warnings, no custom fields and the newest ECS", () => {
    expect(queryCheckSettings(read({}))).toEqual({ settings: { mode: "warn", customFields: [] }, problems: [] });
  });

  it("reads the mode, custom fields as a JSON list or comma-separated, and the ECS version from kibana:version", () => {
    const json = queryCheckSettings(read({ "esac:queryFieldCheck": "strict", "esac:customFields": '["custom.*", "labels.team"]', "kibana:version": "8.19.3" }));
    expect(json).toEqual({ settings: { mode: "strict", customFields: ["custom.*", "labels.team"], ecsVersion: "8.19" }, problems: [] });
    const comma = queryCheckSettings(read({ "esac:queryFieldCheck": "off", "esac:customFields": "custom.*, labels.team", "kibana:version": "9.4" }));
    expect(comma.settings).toEqual({ mode: "off", customFields: ["custom.*", "labels.team"], ecsVersion: "9.4" });
  });

  it("falls back to the default for a bad value and says why", () => {
    const bad = queryCheckSettings(read({ "esac:queryFieldCheck": "STRICT", "esac:customFields": "[1, 2]", "kibana:version": "7.1" }));
    expect(bad.settings).toEqual({ mode: "warn", customFields: [] });
    expect(bad.problems.map((p) => p.reason)).toEqual([
      'stack config esac:queryFieldCheck is "STRICT": expected one of warn, strict, off',
      'stack config esac:customFields: "[1, 2]" must list field names (strings)',
    ]);
  });
});
