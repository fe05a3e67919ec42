import { client, RULE_BODIES, RULES } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Fields Kibana omits unless they were sent (§1.4). */
const OMITTED_UNLESS_SENT = [
  "meta",
  "note",
  "license",
  "building_block_type",
  "timeline_id",
  "timeline_title",
  "rule_name_override",
  "timestamp_override",
  "investigation_fields",
  "filters",
  "data_view_id",
  "alert_suppression",
  "response_actions",
  "namespace",
  "execution_summary",
  "throttle",
];

describe("detection rules CRUD (kibana-behaviour.md §1)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  describe("create: defaults and normalisations (§1.3, §1.4)", () => {
    it.each(Object.keys(RULE_BODIES) as (keyof typeof RULE_BODIES)[])("%s rule gets every server default", async (type) => {
      const r = await c.post(RULES, RULE_BODIES[type]);
      expect(r.status).toBe(200);
      expect(r.headers.get("elastic-api-version")).toBe("2023-10-31");
      const rule = r.body;
      expect(rule).toMatchObject({
        type,
        enabled: false,
        interval: "5m",
        from: "now-6m",
        to: "now",
        max_signals: 100,
        version: 1,
        revision: 0,
        immutable: false,
        rule_source: { type: "internal" },
        risk_score_mapping: [],
        severity_mapping: [],
        exceptions_list: [],
        false_positives: [],
        references: [],
        threat: [],
        tags: [],
        author: [],
        actions: [],
        related_integrations: [],
        required_fields: [],
        setup: "",
        output_index: "",
        created_by: "elastic",
        updated_by: "elastic",
      });
      expect(rule.id).toMatch(UUID);
      expect(rule.rule_id).toMatch(UUID);
      expect(rule.id).not.toBe(rule.rule_id);
      expect(rule.created_at).toMatch(ISO_MS);
      expect(rule.updated_at).toBe(rule.created_at);
      for (const k of OMITTED_UNLESS_SENT) expect(rule).not.toHaveProperty(k);
      for (const [k, v] of Object.entries(rule)) expect([k, v]).not.toEqual([k, null]);
    });

    it("fills type-specific defaults", async () => {
      const q = (await c.post(RULES, { ...RULE_BODIES.query, query: undefined })).body;
      expect(q).toMatchObject({ language: "kuery", query: "" });
      expect(q).not.toHaveProperty("saved_id");
      const sq = (await c.post(RULES, RULE_BODIES.saved_query)).body;
      expect(sq).toMatchObject({ language: "kuery", saved_id: "my-saved-query" });
      expect(sq).not.toHaveProperty("query");
      const tm = (await c.post(RULES, RULE_BODIES.threat_match)).body;
      expect(tm).toMatchObject({ language: "kuery", threat_indicator_path: "threat.indicator" });
      const nt = (await c.post(RULES, RULE_BODIES.new_terms)).body;
      expect(nt).toMatchObject({ language: "kuery", new_terms_fields: ["user.name"], history_window_start: "now-7d" });
      const th = (await c.post(RULES, RULE_BODIES.threshold)).body;
      expect(th.language).toBe("kuery");
      const eql = (await c.post(RULES, RULE_BODIES.eql)).body;
      expect(eql.language).toBe("eql");
      const esql = (await c.post(RULES, RULE_BODIES.esql)).body;
      expect(esql.language).toBe("esql");
      expect(esql).not.toHaveProperty("index");
      const ml = (await c.post(RULES, RULE_BODIES.machine_learning)).body;
      expect(ml).not.toHaveProperty("language");
      expect(ml).not.toHaveProperty("query");
      expect(ml.anomaly_threshold).toBe(70);
    });

    it("keeps explicit values, including enabled:true and a rule_id", async () => {
      const r = await c.post(RULES, {
        ...RULE_BODIES.query,
        rule_id: "my-rule",
        enabled: true,
        interval: "1h",
        from: "now-70m",
        max_signals: 5,
        version: 3,
        tags: ["a"],
        note: "n",
        meta: { k: 1 },
      });
      expect(r.body).toMatchObject({
        rule_id: "my-rule",
        enabled: true,
        interval: "1h",
        from: "now-70m",
        max_signals: 5,
        version: 3,
        tags: ["a"],
        note: "n",
        meta: { k: 1 },
      });
    });

    it("normalises threshold.field to an array ('' → [])", async () => {
      expect((await c.post(RULES, RULE_BODIES.threshold)).body.threshold).toEqual({ field: ["source.ip"], value: 20 });
      const empty = await c.post(RULES, { ...RULE_BODIES.threshold, threshold: { field: "", value: 5, cardinality: [{ field: "user.name", value: 2 }] } });
      expect(empty.body.threshold).toEqual({ field: [], value: 5, cardinality: [{ field: "user.name", value: 2 }] });
      const arr = await c.post(RULES, { ...RULE_BODIES.threshold, threshold: { field: ["a", "b"], value: 1 } });
      expect(arr.body.threshold.field).toEqual(["a", "b"]);
    });

    it("normalises machine_learning_job_id to an array", async () => {
      expect((await c.post(RULES, RULE_BODIES.machine_learning)).body.machine_learning_job_id).toEqual(["linux_anomalous_network_activity"]);
      expect((await c.post(RULES, { ...RULE_BODIES.machine_learning, machine_learning_job_id: ["a", "b"] })).body.machine_learning_job_id).toEqual(["a", "b"]);
    });

    // Kibana `addEcsToRequiredFields`: ecsFieldMap[name]?.type === type (the ECS field list, never a prefix).
    it("adds required_fields[].ecs from the ECS field list", async () => {
      const r = await c.post(RULES, {
        ...RULE_BODIES.query,
        required_fields: [
          { name: "host.name", type: "keyword" },
          { name: "source.ip", type: "keyword" }, // ECS field, wrong type
          { name: "@timestamp", type: "date" },
          { name: "process.some.new_field", type: "keyword" }, // under an ECS field set, not an ECS field
          { name: "user.type", type: "keyword" }, // issue 11: not in ECS
          { name: "custom.field", type: "keyword" },
          { name: "winlog.event_data.TargetUserName", type: "keyword" },
        ],
      });
      expect(r.body.required_fields).toEqual([
        { name: "host.name", type: "keyword", ecs: true },
        { name: "source.ip", type: "keyword", ecs: false },
        { name: "@timestamp", type: "date", ecs: true },
        { name: "process.some.new_field", type: "keyword", ecs: false },
        { name: "user.type", type: "keyword", ecs: false },
        { name: "custom.field", type: "keyword", ecs: false },
        { name: "winlog.event_data.TargetUserName", type: "keyword", ecs: false },
      ]);
    });

    it("gives actions a uuid, group default and a frequency derived from throttle; never returns throttle", async () => {
      const action = { id: "connector-1", action_type_id: ".email", params: { to: ["a@b.c"] } };
      const hourly = await c.post(RULES, {
        ...RULE_BODIES.query,
        throttle: "1h",
        actions: [action, { ...action, group: "custom", uuid: "keep-me", frequency: { summary: false, notifyWhen: "onActiveAlert", throttle: null } }],
      });
      expect(hourly.status).toBe(200);
      expect(hourly.body).not.toHaveProperty("throttle");
      const [a1, a2] = hourly.body.actions;
      expect(a1).toEqual({
        ...action,
        group: "default",
        uuid: expect.stringMatching(UUID),
        frequency: { summary: true, notifyWhen: "onThrottleInterval", throttle: "1h" },
      });
      expect(a2).toEqual({ ...action, group: "custom", uuid: "keep-me", frequency: { summary: false, notifyWhen: "onActiveAlert", throttle: null } });
      for (const throttle of [undefined, "no_actions", "rule"]) {
        const r = await c.post(RULES, { ...RULE_BODIES.query, throttle, actions: [action] });
        expect(r.body.actions[0].frequency).toEqual({ summary: true, notifyWhen: "onActiveAlert", throttle: null });
      }
    });

    it("strips unknown keys (zod) and server-managed fields", async () => {
      const r = await c.post(RULES, {
        ...RULE_BODIES.query,
        foo: "bar",
        id: "11111111-1111-4111-8111-111111111111",
        revision: 7,
        immutable: true,
        created_by: "mallory",
      });
      expect(r.status).toBe(200);
      expect(r.body).not.toHaveProperty("foo");
      expect(r.body.id).not.toBe("11111111-1111-4111-8111-111111111111");
      expect(r.body).toMatchObject({ revision: 0, immutable: false, created_by: "elastic" });
    });

    it("creates the agnostic endpoint_list on the first rule create only (persisted store)", async () => {
      // Visible through the persisted snapshot: the exceptions family owns the store.
      const { mkdtempSync, readFileSync } = await import("node:fs");
      const { join } = await import("node:path");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const dataFile = join(mkdtempSync(join(require("node:os").tmpdir(), "emu-")), "d.json");
      const e = await startEmulator({ dataFile });
      await client(e).post(RULES, RULE_BODIES.query);
      await client(e).post(RULES, RULE_BODIES.eql);
      await e.stop();
      const lists = JSON.parse(readFileSync(dataFile, "utf8")).families.exceptions.lists;
      expect(Object.keys(lists)).toEqual(["agnostic"]);
      expect(lists.agnostic.endpoint_list).toMatchObject({
        list_id: "endpoint_list",
        type: "endpoint",
        namespace_type: "agnostic",
        name: "Endpoint Security Exception List",
        version: 1,
        immutable: false,
      });
    });
  });

  describe("validation errors", () => {
    it("route-schema failures are Boom 400 with [request body] and zod text", async () => {
      const missing = await c.post(RULES, { ...RULE_BODIES.query, name: undefined });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({
        statusCode: 400,
        error: "Bad Request",
        message: "[request body]: name: Invalid input: expected string, received undefined",
      });
      const wrong = await c.post(RULES, { ...RULE_BODIES.query, risk_score: "high", severity: "x", tags: [1] });
      expect(wrong.body.message).toMatch(/^\[request body\]: /);
      expect(wrong.body.message).toContain("risk_score: Invalid input: expected number, received string");
      expect(wrong.body.message).toContain("tags.0: Invalid input: expected string, received number");
      const noType = await c.post(RULES, { name: "n" });
      expect(noType.status).toBe(400);
      expect(noType.body.message).toMatch(/^\[request body\]: type: /);
      const eqlWithoutQuery = await c.post(RULES, { ...RULE_BODIES.eql, query: undefined });
      expect(eqlWithoutQuery.body.message).toBe("[request body]: query: Invalid input: expected string, received undefined");
    });

    it("limits stringified issues to 5 then 'and N more'", async () => {
      const r = await c.post(RULES, { type: "query", name: 1, description: 2, risk_score: "x", severity: 3, tags: [1, 2, 3] });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/^\[request body\]: name: Invalid input: expected string, received number, description: /);
      expect(r.body.message).toMatch(/, tags\.0: Invalid input: expected string, received number, and 2 more$/);
      expect(r.body.message.match(/: Invalid /g)).toHaveLength(5);
    });

    it("handler pre-checks are SIEM 400 with ARRAY messages", async () => {
      const timeline = await c.post(RULES, { ...RULE_BODIES.query, timeline_id: "t" });
      expect(timeline.status).toBe(400);
      expect(timeline.body).toEqual({ message: ['when "timeline_id" exists, "timeline_title" must also exist'], status_code: 400 });
      const fields = await c.post(RULES, { ...RULE_BODIES.threshold, threshold: { field: ["a", "b", "c", "d"], value: 1 } });
      expect(fields.body).toEqual({ message: ["Number of fields must be 3 or less"], status_code: 400 });
      const card = await c.post(RULES, { ...RULE_BODIES.threshold, threshold: { field: ["a"], value: 1, cardinality: [{ field: "a", value: 2 }] } });
      expect(card.body).toEqual({ message: ["Cardinality of a field that is being aggregated on is always 1"], status_code: 400 });
      const tm = await c.post(RULES, { ...RULE_BODIES.threat_match, concurrent_searches: 2 });
      expect(tm.body).toEqual({ message: ['when "concurrent_searches" exists, "items_per_search" must also exist'], status_code: 400 });
    });

    it("GET/DELETE need exactly one of id and rule_id (array message)", async () => {
      for (const method of ["GET", "DELETE"]) {
        const neither = await c.call(method, RULES);
        expect(neither.status).toBe(400);
        expect(neither.body).toEqual({ message: ['either "id" or "rule_id" must be set'], status_code: 400 });
        const both = await c.call(method, `${RULES}?id=6d3b5e1e-6b2f-4f55-a2a4-53e7c2b0a4c1&rule_id=x`);
        expect(both.body).toEqual({ message: ['both "id" and "rule_id" cannot exist, choose one or the other'], status_code: 400 });
      }
    });

    it("PUT/PATCH bodies need exactly one of id and rule_id (array message)", async () => {
      const put = await c.put(RULES, RULE_BODIES.query);
      expect(put.status).toBe(400);
      expect(put.body).toEqual({ message: ['either "id" or "rule_id" must be set'], status_code: 400 });
      const patch = await c.patch(RULES, { name: "x" });
      expect(patch.body).toEqual({ message: ['either "id" or "rule_id" must be set'], status_code: 400 });
      const both = await c.patch(RULES, { id: "6d3b5e1e-6b2f-4f55-a2a4-53e7c2b0a4c1", rule_id: "x", name: "x" });
      expect(both.body).toEqual({ message: ['both "id" and "rule_id" cannot exist, choose one or the other'], status_code: 400 });
    });

    it("rejects a non-UUID id in the query (route schema)", async () => {
      const r = await c.get(`${RULES}?id=nope`);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ statusCode: 400, error: "Bad Request", message: "[request query]: id: Invalid UUID" });
    });
  });

  describe("conflicts and not found (§1.2)", () => {
    it("409 on a duplicate rule_id in the same space", async () => {
      expect((await c.post(RULES, { ...RULE_BODIES.query, rule_id: "my-rule" })).status).toBe(200);
      const dup = await c.post(RULES, { ...RULE_BODIES.eql, rule_id: "my-rule" });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ message: 'rule_id: "my-rule" already exists', status_code: 409 });
    });

    it("404 texts by id and by rule_id on GET, PUT, PATCH and DELETE", async () => {
      const id = "6d3b5e1e-6b2f-4f55-a2a4-53e7c2b0a4c1";
      const byId = { message: `id: "${id}" not found`, status_code: 404 };
      const byRuleId = { message: 'rule_id: "missing" not found', status_code: 404 };
      expect((await c.get(`${RULES}?id=${id}`)).body).toEqual(byId);
      expect((await c.get(`${RULES}?rule_id=missing`)).body).toEqual(byRuleId);
      expect((await c.del(`${RULES}?rule_id=missing`)).body).toEqual(byRuleId);
      expect((await c.put(RULES, { ...RULE_BODIES.query, id })).body).toEqual(byId);
      const patch = await c.patch(RULES, { rule_id: "missing", name: "x" });
      expect(patch.status).toBe(404);
      expect(patch.body).toEqual(byRuleId);
    });

    it("rule_default exception lists: at most one per rule, not shared between rules", async () => {
      const list = (id: string) => ({ id, list_id: `l-${id}`, namespace_type: "single", type: "rule_default" });
      const two = await c.post(RULES, { ...RULE_BODIES.query, exceptions_list: [list("a"), list("b")] });
      // a plain Error in Kibana's checkDefaultRuleExceptionListReferences: 500 (create_rules.ts)
      expect(two.status).toBe(500);
      expect(two.body).toEqual({ message: "More than one default exception list found on rule", status_code: 500 });
      const first = await c.post(RULES, { ...RULE_BODIES.query, exceptions_list: [list("a")] });
      expect(first.status).toBe(200);
      const second = await c.post(RULES, { ...RULE_BODIES.query, exceptions_list: [list("a")] });
      expect(second.status).toBe(409);
      expect(second.body).toEqual({ message: `default exception list already exists in rule(s): ${first.body.id}`, status_code: 409 });
      // the owner may keep it on update
      expect((await c.put(RULES, { ...RULE_BODIES.query, id: first.body.id, exceptions_list: [list("a")] })).status).toBe(200);
    });
  });

  describe("read and delete", () => {
    it("reads by id and by rule_id", async () => {
      const created = (await c.post(RULES, { ...RULE_BODIES.query, rule_id: "r1" })).body;
      expect((await c.get(`${RULES}?id=${created.id}`)).body).toEqual(created);
      expect((await c.get(`${RULES}?rule_id=r1`)).body).toEqual(created);
    });

    it("DELETE returns the deleted rule; a second DELETE is 404", async () => {
      const created = (await c.post(RULES, { ...RULE_BODIES.query, rule_id: "r1" })).body;
      const del = await c.del(`${RULES}?rule_id=r1`);
      expect(del.status).toBe(200);
      expect(del.body).toEqual(created);
      const again = await c.del(`${RULES}?id=${created.id}`);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: `id: "${created.id}" not found`, status_code: 404 });
    });
  });

  describe("PUT (§1.7)", () => {
    it("resets omitted fields to defaults but keeps enabled, version, ids and created_*", async () => {
      const created = (
        await c.post(RULES, {
          ...RULE_BODIES.query,
          rule_id: "put-me",
          enabled: true,
          version: 4,
          tags: ["t"],
          interval: "1h",
          note: "n",
          meta: { a: 1 },
          actions: [{ id: "c", action_type_id: ".email", params: {} }],
        })
      ).body;
      const put = await c.put(RULES, { rule_id: "put-me", type: "query", name: "Renamed", description: "d", risk_score: 21, severity: "low" });
      expect(put.status).toBe(200);
      const r = put.body;
      expect(r).toMatchObject({
        id: created.id,
        rule_id: "put-me",
        name: "Renamed",
        enabled: true,
        version: 4,
        tags: [],
        interval: "5m",
        actions: [],
        query: "",
        language: "kuery",
        revision: 1,
      });
      expect(r).not.toHaveProperty("note");
      expect(r).not.toHaveProperty("meta");
      expect(r).not.toHaveProperty("index");
      expect(r.created_at).toBe(created.created_at);
      expect(r.created_by).toBe(created.created_by);
      expect(r.updated_at > created.updated_at).toBe(true);
      expect(r.immutable).toBe(false);
      expect(r.rule_source).toEqual({ type: "internal" });
    });

    it("sets enabled and version when sent", async () => {
      const created = (await c.post(RULES, { ...RULE_BODIES.query, enabled: true })).body;
      const r = (await c.put(RULES, { ...RULE_BODIES.query, id: created.id, enabled: false, version: 2 })).body;
      expect(r).toMatchObject({ enabled: false, version: 2, revision: 1 });
    });

    it("a no-op PUT keeps the revision but moves updated_at", async () => {
      const body = { ...RULE_BODIES.threshold, rule_id: "noop", tags: ["x"], required_fields: [{ name: "host.name", type: "keyword" }] };
      const created = (await c.post(RULES, body)).body;
      const put = (await c.put(RULES, body)).body;
      expect(put.revision).toBe(0);
      expect(put.updated_at > created.updated_at).toBe(true);
      const { updated_at: _a, ...rest } = put;
      const { updated_at: _b, ...restCreated } = created;
      expect(rest).toEqual(restCreated);
    });

    it("allows query ↔ saved_query but no other type change", async () => {
      const created = (await c.post(RULES, RULE_BODIES.query)).body;
      const toSaved = await c.put(RULES, { ...RULE_BODIES.saved_query, id: created.id });
      expect(toSaved.status).toBe(200);
      expect(toSaved.body.type).toBe("saved_query");
      const toEql = await c.put(RULES, { ...RULE_BODIES.eql, id: created.id });
      expect(toEql.status).toBe(400);
      expect(toEql.body.status_code).toBe(400);
      expect(toEql.body).not.toHaveProperty("error");
    });
  });

  describe("PATCH (§1.7) and revision (§1.8)", () => {
    it("merges field by field and bumps revision once per real change", async () => {
      const created = (await c.post(RULES, { ...RULE_BODIES.query, tags: ["a"], note: "keep me", index: ["logs-*"] })).body;
      const p1 = await c.patch(RULES, { id: created.id, name: "New name" });
      expect(p1.status).toBe(200);
      expect(p1.body).toMatchObject({ name: "New name", tags: ["a"], note: "keep me", index: ["logs-*"], query: "host.name:*", revision: 1, version: 1 });
      const p2 = await c.patch(RULES, { rule_id: created.rule_id, tags: ["a"] });
      expect(p2.body.revision).toBe(1); // same value: no change
      expect(p2.body.updated_at > p1.body.updated_at).toBe(true);
      const p3 = await c.patch(RULES, { id: created.id, tags: ["a", "b"], interval: "10m" });
      expect(p3.body).toMatchObject({ tags: ["a", "b"], interval: "10m", revision: 2, note: "keep me" });
    });

    it("enable-only PATCH does not bump revision", async () => {
      const created = (await c.post(RULES, RULE_BODIES.eql)).body;
      const en = await c.patch(RULES, { id: created.id, enabled: true });
      expect(en.body).toMatchObject({ enabled: true, revision: 0 });
      const dis = await c.patch(RULES, { id: created.id, enabled: false });
      expect(dis.body).toMatchObject({ enabled: false, revision: 0 });
      expect(dis.body.updated_at > en.body.updated_at).toBe(true);
    });

    it("cannot change the type (SIEM 400) and validates against the existing type", async () => {
      const created = (await c.post(RULES, RULE_BODIES.query)).body;
      const r = await c.patch(RULES, { id: created.id, type: "eql" });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message: 'type: Invalid input: expected "query"', status_code: 400 });
      const lang = await c.patch(RULES, { id: created.id, language: "eql" });
      expect(lang.status).toBe(400);
      expect(lang.body).toEqual({ message: 'language: Invalid option: expected one of "kuery"|"lucene"', status_code: 400 });
      const eql = (await c.post(RULES, RULE_BODIES.eql)).body;
      expect((await c.patch(RULES, { id: eql.id, language: "eql", query: "any where true" })).body.revision).toBe(1);
    });

    it("rejects bodies no rule type accepts at the route level (Boom 400)", async () => {
      const created = (await c.post(RULES, RULE_BODIES.query)).body;
      const r = await c.patch(RULES, { id: created.id, risk_score: "high" });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("Bad Request");
      expect(r.body.message).toMatch(/^\[request body\]: risk_score: Invalid input: expected number, received string/);
    });

    it("normalises patched fields and cannot clear fields", async () => {
      const created = (await c.post(RULES, RULE_BODIES.threshold)).body;
      const r = await c.patch(RULES, {
        id: created.id,
        threshold: { field: "host.name", value: 3 },
        required_fields: [{ name: "host.name", type: "keyword" }],
      });
      expect(r.body.threshold).toEqual({ field: ["host.name"], value: 3 });
      expect(r.body.required_fields).toEqual([{ name: "host.name", type: "keyword", ecs: true }]);
      const ml = (await c.post(RULES, RULE_BODIES.machine_learning)).body;
      expect((await c.patch(RULES, { id: ml.id, machine_learning_job_id: "other" })).body.machine_learning_job_id).toEqual(["other"]);
    });

    it("ignores type-specific fields of other types (stripped)", async () => {
      const created = (await c.post(RULES, RULE_BODIES.query)).body;
      const r = await c.patch(RULES, { id: created.id, threshold: { field: "x", value: 1 } });
      expect(r.status).toBe(200);
      expect(r.body).not.toHaveProperty("threshold");
      expect(r.body.revision).toBe(0);
    });
  });
});
