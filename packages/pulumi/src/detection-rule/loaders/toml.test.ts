import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRuleFiles } from "./directory";
import { RuleFilesError } from "./problems";
import { parseDetectionRulesTomlFile } from "./toml";

const REPO = join(__dirname, "__tests__", "detection-rules-repo");
const id = (n: number) => `0b1d5a8e-7e2f-4c61-9b0a-1c2d3e4f5a0${n}`;

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "esac-rule-files-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleFilesError);
    return (error as RuleFilesError).problems.map((p) => `${p.file}: ${p.reason}`);
  }
  throw new Error("expected the load to fail");
}

const MINIMAL = `[metadata]
creation_date = "2025/01/01"
maturity = "production"
updated_date = "2025/01/01"

[rule]
author = ["t"]
description = "d"
name = "n"
risk_score = 21
severity = "low"
type = "query"
language = "kuery"
query = "host.name:*"
`;

describe("detection-rules TOML files", () => {
  const loaded = loadRuleFiles(REPO);

  it("reads a detection-rules repository layout: every rule type, exception lists with items, connectors", () => {
    expect(Object.keys(loaded.rules).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(id));
    expect(
      Object.values(loaded.rules)
        .map((r) => r.body.type)
        .sort(),
    ).toEqual(["eql", "esql", "machine_learning", "new_terms", "query", "saved_query", "threat_match", "threshold"]);
    expect(loaded.rules[id(8)].file).toMatch(/rules_building_block\/saved_query_bbr\.toml$/);
    expect(loaded.rules[id(8)].body).toMatchObject({ building_block_type: "default", saved_id: "esac-tests-process-starts" });
    expect(Object.keys(loaded.exceptionLists)).toEqual(["esac-tests-linux-admins"]);
    expect(loaded.exceptionListItems["esac-tests-linux-admins-ansible"].body).toMatchObject({
      list_id: "esac-tests-linux-admins",
      entries: [{ field: "user.name", operator: "included", type: "match", value: "ansible" }],
    });
    expect(loaded.connectors).toEqual([
      expect.objectContaining({
        id: "esac-tests-slack",
        name: "SOC Slack",
        connector_type_id: ".slack_api",
        config: { allowedChannels: [] },
        needs_secrets: true,
      }),
    ]);
  });

  it("drops [metadata], joins wrapped description lines, keeps the query verbatim", () => {
    const rule = loaded.rules[id(1)].body;
    expect(rule).not.toHaveProperty("metadata");
    expect(rule).not.toHaveProperty("maturity");
    expect(rule).not.toHaveProperty("integration");
    expect(rule.description).toBe("Identifies PowerShell started by an Office application, a common way to run a malicious macro's payload.");
    expect(rule.query).toBe(
      'event.category:process and event.type:start and\n  process.parent.name:("winword.exe" or "excel.exe") and process.name:"powershell.exe"\n',
    );
    expect(loaded.rules[id(5)].body.threat_query).toBe('@timestamp >= "now-30d/d" and threat.indicator.ip:*');
  });

  it("renders [transform] into note as detection-rules' build does ($investigate_0, $osquery_0, $$ → $)", () => {
    expect(loaded.rules[id(1)].body.note).toBe(
      "## Triage and analysis\n\n### Investigating Suspicious PowerShell Started by Office\n\n" +
        '- Look at the parent document: !{investigate{"label":"Alerts for the parent process","providers":[[{"excluded":false,"field":"process.entity_id",' +
        '"queryType":"phrase","value":"{{process.parent.entity_id}}","valueType":"string"}]],"relativeFrom":"now-48h/h","relativeTo":"now"}}\n' +
        '- List the host\'s startup items: !{osquery{"label":"Osquery - Startup items (\\u00c9\\u00e8)","query":"SELECT * FROM startup_items"}}\n' +
        "- Costs $5 to run; $unknown_placeholder stays.\n",
    );
  });

  it("threat: techniques filled, ATT&CK references end with a slash", () => {
    expect(loaded.rules[id(1)].body.threat).toEqual([
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0002", name: "Execution", reference: "https://attack.mitre.org/tactics/TA0002/" },
        technique: [
          {
            id: "T1059",
            name: "Command and Scripting Interpreter",
            reference: "https://attack.mitre.org/techniques/T1059/",
            subtechnique: [{ id: "T1059.001", name: "PowerShell", reference: "https://attack.mitre.org/techniques/T1059/001/" }],
          },
        ],
      },
      { framework: "MITRE ATT&CK", tactic: { id: "TA0005", name: "Defense Evasion", reference: "https://attack.mitre.org/tactics/TA0005/" }, technique: [] },
    ]);
  });

  it("new_terms: the repository's table becomes new_terms_fields and history_window_start", () => {
    const rule = loaded.rules[id(7)].body;
    expect(rule).not.toHaveProperty("new_terms");
    expect(rule).toMatchObject({ new_terms_fields: ["host.id", "user.name"], history_window_start: "now-10d" });
  });

  it("keeps the type-specific tables: threshold cardinality, alert suppression, threat mapping, ML job ids", () => {
    expect(loaded.rules[id(4)].body.threshold).toEqual({ field: ["host.id", "user.name"], value: 10, cardinality: [{ field: "process.name", value: 3 }] });
    expect(loaded.rules[id(2)].body.alert_suppression).toEqual({
      group_by: ["host.name"],
      missing_fields_strategy: "suppress",
      duration: { unit: "h", value: 1 },
    });
    expect(loaded.rules[id(5)].body.threat_mapping).toEqual([{ entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip" }] }]);
    expect(loaded.rules[id(6)].body).toMatchObject({ machine_learning_job_id: ["v3_linux_rare_process"], anomaly_threshold: 50 });
  });

  it("a syntax error names the file, line and column", () => {
    const parsed = parseDetectionRulesTomlFile('[rule]\nname = "n"\nrisk_score = = 5\n', "rules/bad.toml");
    expect(parsed.problems).toEqual([{ file: "rules/bad.toml:3:14", reason: expect.stringMatching(/^TOML syntax error: /) }]);
  });

  it("an unknown field, a wrong type and an unknown table: each named with the file and its [rule] path", () => {
    const dir = folderWith({
      "typo.toml": MINIMAL.replace("risk_score = 21", "risk_score = 21\nrisk_scor = 3").replace('type = "query"', 'type = "query"\nrule_id = "typo"'),
      "wrong.toml": MINIMAL.replace("risk_score = 21", 'risk_score = "high"').replace('type = "query"', 'type = "query"\nrule_id = "wrong"'),
      "table.toml": MINIMAL.replace('type = "query"', 'type = "query"\nrule_id = "table"') + "\n[rules]\nx = 1\n",
    });
    const problems = problemsOf(() => loadRuleFiles(dir));
    expect(problems).toEqual([
      expect.stringMatching(/table\.toml: rules: unknown table \(expected metadata, rule, transform\)$/),
      expect.stringMatching(/typo\.toml: rule\.risk_scor: unknown argument; did you mean `risk_score`\? \(value: 3\)$/),
      expect.stringMatching(/wrong\.toml: rule\.risk_score: .*expected number, received string \(value: "high"\)$/),
    ]);
  });

  it("a missing rule_id, a duplicate rule_id (both files named) and an unknown transform are reported together", () => {
    const dir = folderWith({
      "a/first.toml": MINIMAL.replace('type = "query"', 'type = "query"\nrule_id = "same"'),
      "b/second.toml": MINIMAL.replace('type = "query"', 'type = "query"\nrule_id = "same"'),
      "c/none.toml": MINIMAL,
      "d/transform.toml": MINIMAL.replace('type = "query"', 'type = "query"\nrule_id = "t"') + "\n[transform]\n[[transform.timeline]]\nlabel = 'x'\n",
    });
    const error = (() => {
      try {
        loadRuleFiles(dir);
      } catch (e) {
        return e as RuleFilesError;
      }
    })()!;
    expect(error.problems.map((p) => p.reason)).toEqual([
      "transform.timeline: unknown transform (expected osquery, investigate)",
      expect.stringMatching(/^rule\.rule_id: duplicate rule_id "same", also in .*a\/first\.toml$/),
      "rule.rule_id: required — every rule loaded from a file needs its rule_id (it names the resource)",
    ]);
    expect(error.problems[1].file).toMatch(/b\/second\.toml$/);
    expect(error.message).toMatch(/^3 problems in 3 rule files:\n/);
  });

  it("an empty folder is an error, not zero rules", () => {
    const dir = folderWith({ "README.md": "# rules\n" });
    expect(problemsOf(() => loadRuleFiles(dir))).toEqual([`${dir}: no rule files (.toml, .json, .yaml, .yml, .ndjson) here`]);
  });
});
