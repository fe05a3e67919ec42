import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadRuleFiles } from "./directory";
import { parseRuleDocument } from "./json-yaml";
import { RuleFilesError } from "./problems";

const common = { author: ["t"], description: "d", risk_score: 21, severity: "low" };

/** One rule of each type, in Kibana's field names. */
const RULES: Record<string, Record<string, unknown>> = {
  query: { type: "query", language: "kuery", query: "host.name:*", index: ["logs-*"] },
  eql: { type: "eql", language: "eql", query: 'process where process.name == "x"', index: ["logs-*"] },
  esql: { type: "esql", language: "esql", query: "from logs-* metadata _id, _version, _index | keep host.name" },
  threshold: { type: "threshold", language: "kuery", query: "*", index: ["logs-*"], threshold: { field: ["host.id"], value: 5 } },
  threat_match: {
    type: "threat_match",
    language: "kuery",
    query: "destination.ip:*",
    index: ["logs-*"],
    threat_index: ["logs-ti_*"],
    threat_query: "threat.indicator.ip:*",
    threat_mapping: [{ entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip" }] }],
  },
  machine_learning: { type: "machine_learning", anomaly_threshold: 75, machine_learning_job_id: "rare_process" },
  new_terms: { type: "new_terms", language: "kuery", query: "*", index: ["logs-*"], new_terms_fields: ["user.name"], history_window_start: "now-7d" },
  saved_query: { type: "saved_query", saved_id: "my-query", index: ["logs-*"] },
};

describe("JSON and YAML rule files in Kibana's field names", () => {
  const dir = mkdtempSync(join(tmpdir(), "esac-json-yaml-"));
  for (const [type, fields] of Object.entries(RULES)) {
    writeFileSync(join(dir, `${type}.json`), JSON.stringify({ ...common, name: `${type} json`, rule_id: `${type}-json`, ...fields }, null, 2));
    writeFileSync(join(dir, `${type}.yaml`), stringify({ ...common, name: `${type} yaml`, rule_id: `${type}-yaml`, ...fields }));
  }
  const loaded = loadRuleFiles(dir, { defaults: { enabled: false, tags: ["from-files"] } });

  it.each(Object.keys(RULES))("reads a %s rule from JSON and from YAML, unchanged, with the defaults under it", (type) => {
    for (const format of ["json", "yaml"]) {
      expect(loaded.rules[`${type}-${format}`].body).toEqual({
        enabled: false,
        tags: ["from-files"],
        ...common,
        name: `${type} ${format}`,
        rule_id: `${type}-${format}`,
        ...RULES[type],
      });
    }
  });

  it("a file's own value wins over a default", () => {
    const one = mkdtempSync(join(tmpdir(), "esac-json-yaml-"));
    writeFileSync(join(one, "r.yml"), stringify({ ...common, name: "n", rule_id: "r", enabled: true, ...RULES.query }));
    expect(loadRuleFiles(one, { defaults: { enabled: false } }).rules.r.body.enabled).toBe(true);
  });

  it("an array file gives one rule per element; a problem names the element", () => {
    const parsed = parseRuleDocument(JSON.stringify([{ rule_id: "a" }, 5]), "two.json", "json");
    expect(parsed.rules).toEqual([{ file: "two.json", at: [0], body: { rule_id: "a" } }]);
    expect(parsed.problems).toEqual([{ file: "two.json", reason: "1: expected a rule (an object in Kibana's field names)" }]);
  });

  it("a YAML syntax error names the line; a JSON one the reason", () => {
    expect(parseRuleDocument("name: n\nrisk_score: [1\n", "bad.yaml", "yaml").problems[0]).toEqual({
      file: expect.stringMatching(/^bad\.yaml:\d+:\d+$/),
      reason: expect.stringMatching(/^YAML syntax error: .*sufficiently indented and end with a \]$/),
    });
    expect(parseRuleDocument("{", "bad.json", "json").problems).toEqual([{ file: "bad.json", reason: expect.stringMatching(/^JSON syntax error: /) }]);
  });

  it("refuses what DetectionRule refuses: a wrong enum, an unknown field, a default of the wrong type", () => {
    const bad = mkdtempSync(join(tmpdir(), "esac-json-yaml-"));
    writeFileSync(join(bad, "sev.yaml"), stringify({ ...common, name: "n", rule_id: "sev", ...RULES.query, severity: "hgih" }));
    writeFileSync(join(bad, "field.json"), JSON.stringify({ ...common, name: "n", rule_id: "field", ...RULES.query, intervall: "5m" }));
    let error: RuleFilesError | undefined;
    try {
      loadRuleFiles(bad, { defaults: { max_signals: -1 } });
    } catch (e) {
      error = e as RuleFilesError;
    }
    expect(error).toBeInstanceOf(RuleFilesError);
    const reasons = error!.problems.map((p) => `${p.file.split("/").pop()}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^field\.json: intervall: unknown argument; did you mean `interval`\?/),
        expect.stringMatching(/^sev\.yaml: severity: .*; did you mean `high`\?/),
        expect.stringMatching(/^sev\.yaml: max_signals: /),
      ]),
    );
  });
});
