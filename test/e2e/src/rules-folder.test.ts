import { cpSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { changes, E2EBench, EXAMPLES, expectFailure, REPO_ROOT, stepCollector } from "./harness";

/** examples/rules-folder's space (Pulumi.yaml's default) and the rules of its rules/ folder, one per file. */
const SPACE = "rules-folder";
const EXAMPLE_RULES = [
  "rf-aws-console-login-failures", // cloud/aws_console_login_failures.json
  "rf-dns-long-subdomains", // network/dns_long_subdomains.yaml
  "rf-linux-ssh-authorized-keys", // linux/persistence_ssh_authorized_keys.toml (new_terms)
  "rf-windows-office-child-powershell", // windows/execution_office_child_powershell.toml ([transform])
  "rf-windows-scheduled-task-from-temp", // exports/kibana_export.ndjson
];
/** The space, the exception list and its item (exceptions/linux_admins_exceptions.toml). */
const OTHERS = 3;
const RULES_API = `/s/${SPACE}/api/detection_engine/rules`;

function jsonRule(ruleId: string): string {
  const rule = {
    rule_id: ruleId,
    type: "query",
    language: "kuery",
    name: `Rule ${ruleId}`,
    description: "Added by the e2e test",
    severity: "low",
    risk_score: 21,
    index: ["logs-*"],
    query: "event.kind:alert",
  };
  return JSON.stringify(rule, null, 2);
}

describe("examples/rules-folder through the real Pulumi CLI: one rule per file", () => {
  let bench: E2EBench;
  let work: string;
  let stack: Stack;

  beforeAll(async () => {
    bench = await E2EBench.start({ contract: true });
    // A copy of the example, so the test can add, rename and delete rule files.
    work = join(bench.dir, "rules-folder");
    for (const entry of ["Pulumi.yaml", "package.json", "dist", "rules"]) cpSync(join(EXAMPLES, "rules-folder", entry), join(work, entry), { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules"), join(work, "node_modules"), "dir");
    stack = await bench.stack(work);
  });

  afterAll(async () => {
    await bench?.close();
  });

  it("up creates one rule per file, with [transform] rendered into note and new_terms converted", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: EXAMPLE_RULES.length + OTHERS + 1 });
    expect(up.outputs.ruleIds.value).toEqual(EXAMPLE_RULES);
    expect(up.outputs.exceptionListIds.value).toEqual(["rf-linux-config-management"]);

    const rules = await bench.rules(SPACE);
    expect([...rules.keys()].sort()).toEqual(EXAMPLE_RULES);
    const office = rules.get("rf-windows-office-child-powershell");
    // detection-rules' build step: each [transform] entry as `!{plugin<json, keys sorted>}` in place of its placeholder.
    expect(office.note).toContain('- Startup items of the host: !{osquery{"label":"Osquery - Startup items","query":"SELECT * FROM startup_items"}}\n');
    expect(office.note).toContain(
      '- Alerts for the Office process: !{investigate{"label":"Alerts for the parent process","providers":[[{"excluded":false,"field":"process.entity_id",' +
        '"queryType":"phrase","value":"{{process.parent.entity_id}}","valueType":"string"}]],"relativeFrom":"now-48h/h","relativeTo":"now"}}\n',
    );
    expect(office.note).not.toMatch(/\$(osquery|investigate)_/);
    expect(office.enabled).toBe(true); // the file says so

    const newTerms = rules.get("rf-linux-ssh-authorized-keys");
    expect(newTerms).toMatchObject({ type: "new_terms", new_terms_fields: ["host.id", "user.name"], history_window_start: "now-14d", enabled: false });
    // The rule's exceptions_list points at the list the exceptions TOML created, by its saved-object id.
    const list = await bench.kibana("GET", `/s/${SPACE}/api/exception_lists?list_id=rf-linux-config-management&namespace_type=single`);
    expect(list.status).toBe(200);
    expect(newTerms.exceptions_list).toEqual([{ id: list.body.id, list_id: "rf-linux-config-management", namespace_type: "single", type: "detection" }]);

    // The defaults fill what a file leaves out; a file's own value wins.
    expect(rules.get("rf-aws-console-login-failures")).toMatchObject({ enabled: false, author: ["SOC"], threshold: { field: ["user.name"], value: 10 } });
    expect(rules.get("rf-dns-long-subdomains")).toMatchObject({ enabled: true, type: "esql" });
    expect(rules.get("rf-windows-scheduled-task-from-temp")).toMatchObject({ type: "eql", enabled: false, author: ["SOC"], revision: 0 });
  });

  it("a preview right after shows no change and makes no HTTP call", async () => {
    const mark = bench.mark();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: EXAMPLE_RULES.length + OTHERS + 1 });
    expect(bench.callsSince(mark)).toEqual([]);
  });

  it("adding a file adds its rule on the next up, and nothing else changes", async () => {
    mkdirSync(join(work, "rules", "added"));
    writeFileSync(join(work, "rules", "added", "new_rule.json"), jsonRule("rf-added"));
    const { steps, onEvent } = stepCollector();
    const up = await stack.up({ onEvent });
    expect(changes(steps).map((s) => [s.op, s.name])).toEqual([["create", "rule-rf-added"]]);
    expect(up.outputs.ruleIds.value).toEqual([...EXAMPLE_RULES, "rf-added"].sort());
    expect((await bench.rules(SPACE)).get("rf-added")).toMatchObject({ name: "Rule rf-added", enabled: false });
  });

  it("renaming or moving a file changes nothing", async () => {
    renameSync(join(work, "rules", "added", "new_rule.json"), join(work, "rules", "cloud", "renamed.json"));
    renameSync(join(work, "rules", "linux", "persistence_ssh_authorized_keys.toml"), join(work, "rules", "windows", "moved.toml"));
    const mark = bench.mark();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: EXAMPLE_RULES.length + 1 + OTHERS + 1 });
    expect(bench.callsSince(mark)).toEqual([]);
  });

  it("deleting a file deletes its rule on the next up", async () => {
    rmSync(join(work, "rules", "network", "dns_long_subdomains.yaml"));
    const mark = bench.mark();
    const { steps, onEvent } = stepCollector();
    await stack.up({ onEvent });
    expect(changes(steps).map((s) => [s.op, s.name])).toEqual([["delete", "rule-rf-dns-long-subdomains"]]);
    expect(bench.callsSince(mark).filter((c) => c.method !== "GET")).toEqual([expect.objectContaining({ method: "DELETE" })]);
    const rules = await bench.rules(SPACE);
    expect(rules.has("rf-dns-long-subdomains")).toBe(false);
    expect(rules.size).toBe(EXAMPLE_RULES.length);
  });

  it("a bad file fails the preview naming the file and the field, with no HTTP call", async () => {
    const bad = join(work, "rules", "windows", "bad_risk.toml");
    writeFileSync(
      bad,
      [
        "[rule]",
        'rule_id = "rf-bad"',
        'name = "Bad"',
        'description = "d"',
        'type = "query"',
        'language = "kuery"',
        'query = "*"',
        'severity = "low"',
        'risk_score = "high"',
        "",
      ].join("\n"),
    );
    const mark = bench.mark();
    const text = await expectFailure(stack.preview());
    expect(text).toContain('  rules/windows/bad_risk.toml: rule.risk_score: Invalid input: expected number, received string (value: "high")');
    expect(bench.callsSince(mark)).toEqual([]);
    rmSync(bad);
  });

  it("destroy deletes every rule of the folder, then the space", async () => {
    const mark = bench.mark();
    await stack.destroy();
    const calls = bench.callsSince(mark);
    const ruleDeletes = calls.filter((c) => c.method === "DELETE" && c.path.startsWith(RULES_API));
    // The 5 rules left: the example's, plus rf-added, minus the deleted rf-dns-long-subdomains.
    expect(ruleDeletes).toHaveLength(5);
    expect(ruleDeletes.every((c) => c.status === 200)).toBe(true);
    expect((await bench.kibana("GET", `/api/spaces/space/${SPACE}`)).status).toBe(404);
  });
});
