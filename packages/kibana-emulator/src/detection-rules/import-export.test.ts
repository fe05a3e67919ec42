import { readFileSync } from "node:fs";
import { client, multipartFile, RULE_BODIES, RULES } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";
import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";

describe("rules _export / _import (kibana-behaviour.md §1.12)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  const importNdjson = (content: string, qs = "", filename = "rules.ndjson") => {
    const { raw, headers } = multipartFile("file", filename, content);
    return c.call("POST", `${RULES}/_import${qs}`, { raw, headers });
  };
  const parseNdjson = (text: string) =>
    text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

  it("exports every rule plus a details line", async () => {
    for (const type of ["query", "threshold", "machine_learning"] as const) await c.post(RULES, { ...RULE_BODIES[type], rule_id: `x-${type}` });
    const r = await c.post(`${RULES}/_export`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/ndjson");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="export.ndjson"');
    expect(r.text.endsWith("\n")).toBe(true);
    const lines = parseNdjson(r.text);
    expect(lines.slice(0, 3).map((l) => l.rule_id)).toEqual(["x-query", "x-threshold", "x-machine_learning"]);
    expect(lines[3]).toEqual({
      exported_count: 3,
      exported_rules_count: 3,
      missing_rules: [],
      missing_rules_count: 0,
      exported_exception_list_count: 0,
      exported_exception_list_item_count: 0,
      missing_exception_list_item_count: 0,
      missing_exception_list_items: [],
      missing_exception_lists: [],
      missing_exception_lists_count: 0,
      exported_action_connector_count: 0,
      missing_action_connection_count: 0,
      missing_action_connections: [],
      excluded_action_connection_count: 0,
      excluded_action_connections: [],
    });
  });

  it("exports selected rule_ids, reports missing ones, honours exclude_export_details and file_name", async () => {
    await c.post(RULES, { ...RULE_BODIES.query, rule_id: "a" });
    await c.post(RULES, { ...RULE_BODIES.eql, rule_id: "b" });
    const r = await c.post(`${RULES}/_export?file_name=mine.ndjson`, { objects: [{ rule_id: "b" }, { rule_id: "zzz" }] });
    const lines = parseNdjson(r.text);
    expect(lines.map((l) => l.rule_id ?? "details")).toEqual(["b", "details"]);
    expect(lines[1]).toMatchObject({ exported_count: 1, missing_rules: [{ rule_id: "zzz" }], missing_rules_count: 1 });
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="mine.ndjson"');
    const bare = await c.post(`${RULES}/_export?exclude_export_details=true`);
    expect(parseNdjson(bare.text).map((l) => l.rule_id)).toEqual(["a", "b"]);
  });

  it("round-trips export → import, then reports conflicts unless overwrite=true", async () => {
    const created: any[] = [];
    for (const type of Object.keys(RULE_BODIES) as (keyof typeof RULE_BODIES)[]) {
      created.push((await c.post(RULES, { ...RULE_BODIES[type], rule_id: `rt-${type}`, tags: [type], enabled: type === "eql" })).body);
    }
    const exported = (await c.post(`${RULES}/_export`)).text;
    emu.reset();

    const imported = await importNdjson(exported);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      success: true,
      success_count: 8,
      rules_count: 8,
      errors: [],
      exceptions_success: true,
      exceptions_success_count: 0,
      exceptions_errors: [],
      action_connectors_success: true,
      action_connectors_success_count: 0,
      action_connectors_errors: [],
      action_connectors_warnings: [],
    });
    const volatile = ["id", "created_at", "updated_at"];
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !volatile.includes(k)));
    for (const original of created) {
      const back = (await c.get(`${RULES}?rule_id=${original.rule_id}`)).body;
      expect(strip(back)).toEqual(strip(original));
    }

    const conflict = await importNdjson(exported);
    expect(conflict.status).toBe(200);
    expect(conflict.body).toMatchObject({ success: false, success_count: 0, rules_count: 8 });
    expect(conflict.body.errors[0]).toEqual({ rule_id: "rt-query", error: { status_code: 409, message: 'rule_id: "rt-query" already exists' } });
    expect(conflict.body.errors).toHaveLength(8);

    const renamed = exported.replace('"name":"Query rule"', '"name":"Query rule v2"');
    const over = await importNdjson(renamed, "?overwrite=true");
    expect(over.body).toMatchObject({ success: true, success_count: 8, errors: [] });
    const q = (await c.get(`${RULES}?rule_id=rt-query`)).body;
    expect(q.name).toBe("Query rule v2");
    expect(q.revision).toBe(1);
    expect((await c.get(`${RULES}?rule_id=rt-eql`)).body.revision).toBe(0);
  });

  it("checks the file extension (SIEM 400)", async () => {
    const r = await importNdjson("{}", "", "rules.json");
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: "Invalid file extension .json", status_code: 400 });
  });

  it("reports per-rule errors (invalid JSON, invalid rule, missing rule_id, duplicate rule_id) with 200", async () => {
    const good = JSON.stringify({ ...RULE_BODIES.query, rule_id: "good" });
    const content = [
      "{not json",
      JSON.stringify({ ...RULE_BODIES.query, rule_id: "bad", risk_score: "x" }),
      JSON.stringify({ ...RULE_BODIES.query }),
      good,
      good,
    ].join("\n");
    const r = await importNdjson(content);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: false, success_count: 1, rules_count: 5 });
    const byId = Object.fromEntries(
      r.body.errors.map((e: any) => [e.rule_id === "(unknown id)" ? `unknown-${e.error.message.slice(0, 20)}` : e.rule_id, e.error]),
    );
    expect(byId.bad).toEqual({ status_code: 400, message: "risk_score: Invalid input: expected number, received string" });
    expect(byId.good).toEqual({ status_code: 400, message: 'More than one rule with rule-id: "good" found' });
    expect(r.body.errors.filter((e: any) => e.rule_id === "(unknown id)")).toHaveLength(2);
    expect((await c.get(`${RULES}?rule_id=good`)).status).toBe(200);
  });

  it("imports the repository's own Kibana export (rules + exception lists + connectors + summary)", async () => {
    await importsKibanaExport(c, emu, ownCorpus);
  });
});

describeWithSharedCorpus("rules _import of a real Kibana export from the shared corpus", (corpus) => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu?.stop());

  it("imports samples/main/custom-consolidated-rules.ndjson (rules + exception lists + connectors + summary)", async () => {
    await importsKibanaExport(c, emu, corpus);
  });
});

/**
 * Imports a corpus's `_export` file: every rule the export summary counts is imported, of every type in the file;
 * actions keep their exported uuid and frequency; server-managed fields (id, revision) are not taken from the file.
 */
async function importsKibanaExport(c: ReturnType<typeof client>, emu: RunningEmulator, corpus: Corpus): Promise<void> {
  emu.reset();
  const lines = readNdjson<Record<string, any>>(corpus.kibanaExportFile);
  const summary = lines.find((l) => "exported_count" in l)!;
  const fileRules = lines.filter((l) => typeof l.rule_id === "string");
  expect(fileRules).toHaveLength(summary.exported_rules_count);
  expect(lines.filter((l) => l.type === "action")).toHaveLength(summary.exported_action_connector_count);

  const { raw, headers } = multipartFile("file", "export.ndjson", readFileSync(corpus.kibanaExportFile, "utf8"));
  const r = await c.call("POST", `${RULES}/_import`, { raw, headers });
  expect(r.status).toBe(200);
  const count = summary.exported_rules_count;
  expect(r.body).toMatchObject({ success: true, success_count: count, rules_count: count, errors: [] });
  const all = (await c.get(`${RULES}/_find?per_page=100`)).body;
  expect(all.total).toBe(count);
  expect(new Set(all.data.map((d: any) => d.type))).toEqual(new Set(["query", "eql", "esql", "new_terms", "threat_match", "threshold", "machine_learning"]));

  const withActions = fileRules.filter((f) => f.actions?.length > 0);
  expect(withActions.length).toBeGreaterThan(0);
  for (const fromFile of withActions) {
    const imported = all.data.find((d: any) => d.rule_id === fromFile.rule_id);
    // exported actions already carry uuid and frequency: kept as is
    expect(imported.actions[0]).toMatchObject({ uuid: fromFile.actions[0].uuid, frequency: fromFile.actions[0].frequency });
    // server-managed fields from the file are not imported
    expect(imported.id).not.toBe(fromFile.id);
    expect(imported.revision).toBe(0);
  }
}
