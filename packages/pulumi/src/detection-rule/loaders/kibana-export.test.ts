import { readFileSync } from "node:fs";
import { describeWithSharedCorpus, ownCorpus, type Corpus } from "../../../../../test-support/corpus";
import { loadRuleFiles } from "./directory";
import { parseKibanaExportNdjson } from "./kibana-export";

function exportReads(corpus: Corpus, counts: { rules: number; lists: number; items: number; connectors: number }): void {
  const loaded = loadRuleFiles(corpus.kibanaExportFile);
  const summary = JSON.parse(readFileSync(corpus.kibanaExportFile, "utf8").trim().split("\n").pop()!) as Record<string, number>;

  it("gives every rule, exception list, item and connector of the export (the summary's counts), none left out", () => {
    expect(Object.keys(loaded.rules)).toHaveLength(counts.rules);
    expect(Object.keys(loaded.exceptionLists)).toHaveLength(counts.lists);
    expect(Object.keys(loaded.exceptionListItems)).toHaveLength(counts.items);
    expect(loaded.connectors).toHaveLength(counts.connectors);
    expect(summary.exported_rules_count).toBe(counts.rules);
    expect(summary.exported_exception_list_count).toBe(counts.lists);
    expect(summary.exported_exception_list_item_count).toBe(counts.items);
    expect(summary.exported_action_connector_count).toBe(counts.connectors);
  });

  it("drops the read-only fields Kibana exports (id, revision, created_at, _version, tie_breaker_id, …)", () => {
    for (const rule of Object.values(loaded.rules)) {
      for (const k of ["id", "revision", "created_at", "updated_by", "immutable", "rule_source"]) expect(rule.body).not.toHaveProperty(k);
    }
    for (const object of [...Object.values(loaded.exceptionLists), ...Object.values(loaded.exceptionListItems)]) {
      for (const k of ["id", "_version", "tie_breaker_id", "created_at"]) expect(object.body).not.toHaveProperty(k);
    }
  });

  it("rules' exceptions_list entries and items point at the lists loaded with them", () => {
    const referenced = Object.values(loaded.rules).flatMap((r) => ((r.body.exceptions_list as { list_id: string }[] | undefined) ?? []).map((e) => e.list_id));
    expect(referenced.length).toBeGreaterThan(0);
    for (const listId of referenced) expect(loaded.exceptionLists).toHaveProperty([listId]);
    for (const item of Object.values(loaded.exceptionListItems)) expect(loaded.exceptionLists).toHaveProperty([item.body.list_id as string]);
  });

  it("lists connectors without secrets, as needing them; rules' actions refer to them by id", () => {
    for (const connector of loaded.connectors) {
      expect(connector).toMatchObject({ needs_secrets: true, id: expect.any(String), connector_type_id: expect.stringMatching(/^\./) });
      expect(connector).not.toHaveProperty("secrets");
    }
    const actionIds = Object.values(loaded.rules).flatMap((r) => ((r.body.actions as { id: string }[] | undefined) ?? []).map((a) => a.id));
    expect(actionIds.length).toBeGreaterThan(0);
    for (const actionId of actionIds) expect(loaded.connectors.map((c) => c.id)).toContain(actionId);
  });
}

describe("Kibana rules export NDJSON", () => {
  describe("the repository's own export", () => exportReads(ownCorpus, { rules: 8, lists: 2, items: 2, connectors: 2 }));
  describeWithSharedCorpus("the shared corpus's real export (custom-consolidated-rules.ndjson)", (corpus) =>
    exportReads(corpus, { rules: 9, lists: 2, items: 2, connectors: 2 }),
  );

  it("names the line of a bad line: JSON syntax, an unknown kind of object, a rule field", () => {
    const text = [
      '{"rule_id":"r","name":"n","description":"d","risk_score":"high","severity":"low","type":"query","query":"*","language":"kuery"}',
      "{oops",
      '{"hello":1}',
      '{"exported_count":1}',
    ].join("\n");
    const parsed = parseKibanaExportNdjson(text, "soc.ndjson");
    expect(parsed.problems).toEqual([
      { file: "soc.ndjson:2", reason: expect.stringMatching(/^JSON syntax error: /) },
      { file: "soc.ndjson:3", reason: "not a rule, exception list, exception item, action connector or export summary" },
    ]);
    expect(parsed.rules).toEqual([{ file: "soc.ndjson:1", at: [], body: expect.objectContaining({ rule_id: "r" }) }]);
  });
});
