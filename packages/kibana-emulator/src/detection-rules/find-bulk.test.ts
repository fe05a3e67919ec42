import { client, RULE_BODIES, RULES } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

describe("_find (kibana-behaviour.md §1.9) and _bulk_action (§1.11)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  let ids: Record<string, string>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    emu.reset();
    ids = {};
    const seed = [
      {
        ...RULE_BODIES.query,
        rule_id: "r-alpha",
        name: "Alpha suspicious login",
        tags: ["windows", "auth"],
        risk_score: 50,
        severity: "medium",
        enabled: true,
      },
      { ...RULE_BODIES.eql, rule_id: "r-bravo", name: "bravo process", tags: ["linux"], risk_score: 10, severity: "low" },
      { ...RULE_BODIES.threshold, rule_id: "r-charlie", name: "Charlie brute force", tags: ["windows"], risk_score: 90, severity: "critical", enabled: true },
      { ...RULE_BODIES.esql, rule_id: "r-delta", name: "Delta esql", tags: [], risk_score: 30, severity: "high" },
      { ...RULE_BODIES.machine_learning, rule_id: "r-echo", name: "Echo anomaly", tags: ["ml", "auth"], risk_score: 70, severity: "high" },
    ];
    for (const body of seed) {
      const r = await c.post(RULES, body);
      expect(r.status).toBe(200);
      ids[body.rule_id] = r.body.id;
    }
  });

  const find = async (qs: string) => {
    const r = await c.get(`${RULES}/_find${qs}`);
    expect(r.status).toBe(200);
    return r.body as { page: number; perPage: number; total: number; data: { rule_id: string }[] };
  };
  const ruleIds = (b: { data: { rule_id: string }[] }) => b.data.map((r) => r.rule_id);

  describe("_find", () => {
    it("pages with camelCase perPage; defaults page 1 / perPage 20", async () => {
      const all = await find("");
      expect(all).toMatchObject({ page: 1, perPage: 20, total: 5 });
      expect(all).not.toHaveProperty("per_page");
      expect(ruleIds(all)).toEqual(["r-alpha", "r-bravo", "r-charlie", "r-delta", "r-echo"]);
      const p2 = await find("?page=2&per_page=2");
      expect(p2).toMatchObject({ page: 2, perPage: 2, total: 5 });
      expect(ruleIds(p2)).toEqual(["r-charlie", "r-delta"]);
      const past = await find("?page=9&per_page=2");
      expect(past).toEqual({ page: 9, perPage: 2, total: 5, data: [] });
      const zero = await find("?per_page=0");
      expect(zero).toMatchObject({ perPage: 0, total: 5, data: [] });
    });

    it("validates paging parameters (Boom 400 [request query])", async () => {
      const r = await c.get(`${RULES}/_find?page=0`);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe("[request query]: page: Too small: expected number to be >=1");
    });

    it("sorts, requiring sort_field and sort_order together", async () => {
      expect(ruleIds(await find("?sort_field=risk_score&sort_order=desc"))).toEqual(["r-charlie", "r-echo", "r-alpha", "r-delta", "r-bravo"]);
      expect(ruleIds(await find("?sort_field=name&sort_order=asc"))).toEqual(["r-alpha", "r-charlie", "r-delta", "r-echo", "r-bravo"]);
      expect(ruleIds(await find("?sort_field=enabled&sort_order=desc")).slice(0, 2)).toEqual(["r-alpha", "r-charlie"]);
      const only = await c.get(`${RULES}/_find?sort_field=name`);
      expect(only.status).toBe(400);
      expect(only.body).toEqual({ message: ['when "sort_order" and "sort_field" must exist together or not at all'], status_code: 400 });
      const bad = await c.get(`${RULES}/_find?sort_field=bogus&sort_order=asc`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^\[request query\]: sort_field: /);
    });

    it.each([
      ['alert.attributes.tags:"windows"', ["r-alpha", "r-charlie"]],
      ['alert.attributes.params.ruleId:"r-delta"', ["r-delta"]],
      ["alert.attributes.enabled:true", ["r-alpha", "r-charlie"]],
      ["alert.attributes.enabled:false", ["r-bravo", "r-delta", "r-echo"]],
      ["alert.attributes.name:brute", ["r-charlie"]],
      ['alert.attributes.name:"suspicious login"', ["r-alpha"]],
      ['alert.attributes.tags:("linux" OR "ml")', ["r-bravo", "r-echo"]],
      ['alert.attributes.tags:"auth" AND alert.attributes.enabled:false', ["r-echo"]],
      ['(alert.attributes.tags:"linux" OR alert.attributes.tags:"ml") AND NOT alert.attributes.params.ruleId:"r-echo"', ["r-bravo"]],
      ['alert.attributes.tags:"windows" or alert.attributes.params.type:"esql"', ["r-alpha", "r-charlie", "r-delta"]],
      ["alert.attributes.params.riskScore >= 70", ["r-charlie", "r-echo"]],
      ["alert.attributes.tags:*", ["r-alpha", "r-bravo", "r-charlie", "r-echo"]],
      ['alert.attributes.alertTypeId:"siem.eqlRule"', ["r-bravo"]],
    ])("filters with %s", async (filter, expected) => {
      const b = await find(`?filter=${encodeURIComponent(filter as string)}`);
      expect(ruleIds(b)).toEqual(expected);
      expect(b.total).toBe((expected as string[]).length);
    });

    it("rejects an invalid KQL filter with a SIEM 400", async () => {
      const r = await c.get(`${RULES}/_find?filter=${encodeURIComponent('alert.attributes.tags:("a" OR')}`);
      expect(r.status).toBe(400);
      expect(r.body.status_code).toBe(400);
      expect(r.body.message).toMatch(/^KQLSyntaxError: /);
    });
  });

  describe("_bulk_action", () => {
    const bulk = (body: unknown, qs = "") => c.post(`${RULES}/_bulk_action${qs}`, body);

    it("enable: updates disabled rules and skips already-enabled ones, without revision bumps", async () => {
      const r = await bulk({ action: "enable", ids: [ids["r-alpha"], ids["r-bravo"]] });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ success: true, rules_count: 2 });
      expect(r.body.attributes.summary).toEqual({ failed: 0, succeeded: 1, skipped: 1, total: 2 });
      expect(r.body.attributes.results.updated.map((u: any) => [u.rule_id, u.enabled, u.revision])).toEqual([["r-bravo", true, 0]]);
      expect(r.body.attributes.results.skipped).toEqual([{ id: ids["r-alpha"], name: "Alpha suspicious login", skip_reason: "RULE_NOT_MODIFIED" }]);
      expect(r.body.attributes.results.created).toEqual([]);
      expect(r.body.attributes.results.deleted).toEqual([]);
      expect((await c.get(`${RULES}?rule_id=r-bravo`)).body.enabled).toBe(true);
    });

    it("disable by KQL query", async () => {
      const r = await bulk({ action: "disable", query: 'alert.attributes.tags:"windows"' });
      expect(r.body.attributes.summary).toEqual({ failed: 0, succeeded: 2, skipped: 0, total: 2 });
      expect((await find("?filter=alert.attributes.enabled:true")).total).toBe(0);
    });

    it("delete returns the deleted rules", async () => {
      const r = await bulk({ action: "delete", ids: [ids["r-delta"]] });
      expect(r.body.attributes.results.deleted.map((d: any) => d.rule_id)).toEqual(["r-delta"]);
      expect((await c.get(`${RULES}?rule_id=r-delta`)).status).toBe(404);
    });

    it("duplicate creates a disabled custom copy with new ids and revision 0", async () => {
      await c.patch(RULES, { rule_id: "r-alpha", name: "Alpha suspicious login", tags: ["windows", "auth", "x"] }); // revision 1
      const r = await bulk({ action: "duplicate", ids: [ids["r-alpha"]], duplicate: { include_exceptions: false, include_expired_exceptions: false } });
      expect(r.status).toBe(200);
      const [copy] = r.body.attributes.results.created;
      expect(copy).toMatchObject({
        name: "Alpha suspicious login [Duplicate]",
        enabled: false,
        revision: 0,
        immutable: false,
        rule_source: { type: "internal" },
        tags: ["windows", "auth", "x"],
      });
      expect(copy.id).not.toBe(ids["r-alpha"]);
      expect(copy.rule_id).not.toBe("r-alpha");
      expect((await find("")).total).toBe(6);
    });

    it("edit: add_tags bumps revision; a no-op edit is skipped", async () => {
      const r = await bulk({ action: "edit", ids: [ids["r-bravo"]], edit: [{ type: "add_tags", value: ["new"] }] });
      expect(r.body.attributes.results.updated[0]).toMatchObject({ tags: ["linux", "new"], revision: 1 });
      const again = await bulk({ action: "edit", ids: [ids["r-bravo"]], edit: [{ type: "add_tags", value: ["new"] }] });
      expect(again.body.attributes.summary).toEqual({ failed: 0, succeeded: 0, skipped: 1, total: 1 });
      const sched = await bulk({ action: "edit", ids: [ids["r-bravo"]], edit: [{ type: "set_schedule", value: { interval: "10m", lookback: "5m" } }] });
      expect(sched.body.attributes.results.updated[0]).toMatchObject({ interval: "10m", from: "now-900s", revision: 2 });
    });

    it("partial failure: 500 Boom shape with errors, results and summary", async () => {
      const r = await bulk({ action: "enable", ids: [ids["r-bravo"], "bad-id"] });
      expect(r.status).toBe(500);
      expect(r.body).toEqual({
        statusCode: 500,
        error: "Internal Server Error",
        message: "Bulk edit partially failed",
        attributes: {
          errors: [{ message: "Rule not found", status_code: 500, rules: [{ id: "bad-id" }] }],
          results: { updated: [expect.objectContaining({ rule_id: "r-bravo", enabled: true })], created: [], deleted: [], skipped: [] },
          summary: { failed: 1, succeeded: 1, skipped: 0, total: 2 },
        },
      });
    });

    it("total failure says 'Bulk edit failed'; err_code only in dry run", async () => {
      const r = await bulk({ action: "delete", ids: ["nope-1", "nope-2"] });
      expect(r.status).toBe(500);
      expect(r.body.message).toBe("Bulk edit failed");
      expect(r.body.attributes.errors).toEqual([{ message: "Rule not found", status_code: 500, rules: [{ id: "nope-1" }, { id: "nope-2" }] }]);
      expect(r.body.attributes.summary).toEqual({ failed: 2, succeeded: 0, skipped: 0, total: 2 });
      const ml = await bulk({ action: "edit", ids: [ids["r-echo"]], edit: [{ type: "add_index_patterns", value: ["x-*"] }] });
      expect(ml.status).toBe(500);
      // perform_bulk_action.ts "should return error if index patterns action is applied to machine learning rule"
      expect(ml.body.attributes.errors[0]).toEqual({
        message: "Index patterns can't be added. Machine learning rule doesn't have index patterns property",
        status_code: 500,
        rules: [{ id: ids["r-echo"], name: "Echo anomaly" }],
      });
      const dry = await bulk({ action: "edit", ids: [ids["r-echo"]], edit: [{ type: "add_index_patterns", value: ["x-*"] }] }, "?dry_run=true");
      expect(dry.body.attributes.errors[0]).toMatchObject({ err_code: "MACHINE_LEARNING_INDEX_PATTERN" });
    });

    it("dry_run reports without changing anything", async () => {
      const r = await bulk({ action: "delete", query: "" }, "?dry_run=true");
      expect(r.status).toBe(200);
      expect(r.body.attributes.results).toEqual({ updated: [], created: [], deleted: [], skipped: [] });
      expect(r.body.attributes.summary).toEqual({ failed: 0, succeeded: 5, skipped: 0, total: 5 });
      expect((await find("")).total).toBe(5);
    });

    it("rejects ids together with query, and bad bodies", async () => {
      const both = await bulk({ action: "enable", ids: [ids["r-alpha"]], query: "x" });
      expect(both.status).toBe(400);
      expect(both.body).toEqual({ message: "Both query and ids are sent. Define either ids or query in request payload.", status_code: 400 });
      const unknown = await bulk({ action: "explode" });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toMatch(/^\[request body\]: action: /);
      const exportDry = await bulk({ action: "export" }, "?dry_run=true");
      expect(exportDry.body).toEqual({ message: "Export action doesn't support dry_run mode", status_code: 400 });
    });

    it("export returns ndjson", async () => {
      const r = await bulk({ action: "export", ids: [ids["r-alpha"]] });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/ndjson");
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="rules_export.ndjson"');
      const lines = r.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines[0].rule_id).toBe("r-alpha");
      expect(lines[1]).toMatchObject({ exported_count: 1, exported_rules_count: 1 });
    });
  });
});
