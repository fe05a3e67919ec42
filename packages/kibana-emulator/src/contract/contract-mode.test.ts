import { client, multipartFile, RULE_BODIES, RULES } from "../__tests__/client";
import { startEmulator } from "../server";
import { EMULATOR_TEST_HOOKS, type EmulatorTestHooks } from "../testing";
import type { EmulatorOptions, RunningEmulator } from "../types";
import { describeWithSharedCorpus, ownCorpus, readNdjson, type Corpus } from "../../../../test-support/corpus";

/**
 * Up to `perType` rules of each type from a corpus, converted like the detection-rules build does
 * (repository-shaped `new_terms` → `new_terms_fields` / `history_window_start`) and disabled.
 */
function corpusSample(corpus: Corpus, perType = Infinity): Record<string, unknown>[] {
  const counts = new Map<string, number>();
  const out: Record<string, unknown>[] = [];
  for (const rule of readNdjson<Record<string, any>>(corpus.rulesFile)) {
    const n = counts.get(rule.type) ?? 0;
    if (n >= perType) continue;
    counts.set(rule.type, n + 1);
    if (rule.new_terms) {
      rule.new_terms_fields = rule.new_terms.value;
      rule.history_window_start = rule.new_terms.history_window_start[0].value;
      delete rule.new_terms;
    }
    rule.enabled = false;
    out.push(rule);
  }
  return out;
}

describe("contract mode (requests and responses checked against the official OpenAPI bundles)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  let corrupt = false;
  const hooks: EmulatorTestHooks = {
    transformResponse(req, result) {
      if (!corrupt || req.method !== "GET" || !result.body || typeof result.body !== "object") return result;
      const { rule_id: _dropped, ...rest } = result.body as Record<string, unknown>;
      return { ...result, body: { ...rest, risk_score: "high" } };
    },
  };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true, [EMULATOR_TEST_HOOKS]: hooks } as EmulatorOptions);
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    corrupt = false;
  });

  it("turns a request body the spec rejects into a loud 500 and records it", async () => {
    const before = emu.violations().length;
    const r = await c.post(RULES, { ...RULE_BODIES.query, risk_score: "high" });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      statusCode: 500,
      error: "Internal Server Error",
      message: "Contract violation request POST /api/detection_engine/rules: /risk_score must be integer",
    });
    const v = emu.violations().slice(before);
    expect(v).toEqual([{ method: "POST", path: RULES, direction: "request", errors: ["/risk_score must be integer"] }]);
    // the handler did not run
    expect((await c.get(`${RULES}/_find`)).body.total).toBe(0);
  });

  it("checks query parameters too", async () => {
    const before = emu.violations().length;
    const r = await c.get(`/s/sec${RULES}/_find?per_page=-1`);
    expect(r.status).toBe(500);
    expect(r.body.message).toBe("Contract violation request GET /s/sec/api/detection_engine/rules/_find: query.per_page must be >= 0");
    expect(emu.violations().slice(before)[0]).toMatchObject({ path: `/s/sec${RULES}/_find`, direction: "request" });
  });

  it("lets a valid request through", async () => {
    const before = emu.violations().length;
    expect((await c.post(RULES, RULE_BODIES.query)).status).toBe(200);
    expect(emu.violations().length).toBe(before);
  });

  it("catches a response that breaks the spec (forced through a test hook)", async () => {
    const created = (await c.post(RULES, { ...RULE_BODIES.query, rule_id: "resp" })).body;
    const before = emu.violations().length;
    corrupt = true;
    const r = await c.get(`${RULES}?id=${created.id}`);
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/^Contract violation response GET \/api\/detection_engine\/rules: /);
    const [v] = emu.violations().slice(before);
    expect(v).toMatchObject({ method: "GET", path: RULES, direction: "response", status: 200 });
    expect(v!.errors).toEqual(expect.arrayContaining(["/ must have required property 'rule_id'", "/risk_score must be integer"]));
  });

  it("does not check routes that are in no bundle (/api/status)", async () => {
    const before = emu.violations().length;
    expect((await c.get("/api/status")).status).toBe(200);
    expect(emu.violations().length).toBe(before);
  });

  it("a full CRUD flow over every rule type and the repository's own corpus records zero violations", async () => {
    await crudFlow(c, emu, corpusSample(ownCorpus));
  });
});

describeWithSharedCorpus("contract mode over real rules of the shared corpus", (corpus) => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true });
    c = client(emu);
  });
  afterAll(() => emu?.stop());

  it("a full CRUD flow over every rule type and three shared-corpus rules of each type records zero violations", async () => {
    await crudFlow(c, emu, corpusSample(corpus, 3));
  });
});

/** Create, read, find, patch, put every rule, bulk actions, export/import and delete over the rule bodies and `extra`. */
async function crudFlow(c: ReturnType<typeof client>, emu: RunningEmulator, extra: Record<string, unknown>[]): Promise<void> {
  const before = emu.violations().length;
  const bodies = [
    ...Object.values(RULE_BODIES).map((b) => ({
      ...b,
      actions: [{ id: "c1", action_type_id: ".email", params: { to: ["x@y.z"] } }],
      throttle: "1h",
      required_fields: [{ name: "host.name", type: "keyword" }],
    })),
    ...extra,
  ];
  const created: any[] = [];
  for (const body of bodies) {
    const r = await c.post(`/s/contract${RULES}`, body);
    expect([body.name, r.status, r.body?.message]).toEqual([body.name, 200, undefined]);
    created.push(r.body);
  }
  const first = created[0];
  const S = `/s/contract${RULES}`;
  expect((await c.get(`${S}?id=${first.id}`)).status).toBe(200);
  expect((await c.get(`${S}?rule_id=${first.rule_id}`)).status).toBe(200);
  expect((await c.get(`${S}/_find?page=2&per_page=5&sort_field=name&sort_order=asc`)).status).toBe(200);
  expect((await c.get(`${S}/_find?filter=${encodeURIComponent('alert.attributes.tags:("Domain: Endpoint" OR "OS: Windows")')}`)).status).toBe(200);
  expect((await c.patch(S, { id: first.id, name: "patched", enabled: true })).status).toBe(200);
  for (const rule of created) {
    expect([rule.name, (await c.get(`${S}?id=${rule.id}`)).status]).toEqual([rule.name, 200]);
    const {
      id,
      rule_id: _r,
      created_at: _ca,
      created_by: _cb,
      updated_at: _ua,
      updated_by: _ub,
      revision: _rev,
      immutable: _im,
      rule_source: _rs,
      required_fields,
      ...rest
    } = rule;
    const put = await c.put(S, { ...rest, id, required_fields: required_fields.map(({ name, type }: any) => ({ name, type })), tags: ["put"] });
    expect([rule.name, put.status, put.body?.message]).toEqual([rule.name, 200, undefined]);
  }
  const bulk = async (body: unknown) => {
    const r = await c.post(`${S}/_bulk_action`, body);
    expect([r.status, r.body?.message]).toEqual([200, undefined]);
  };
  await bulk({ action: "enable", ids: created.slice(0, 4).map((r) => r.id) });
  await bulk({ action: "disable", query: 'alert.attributes.tags:"put"' });
  await bulk({ action: "duplicate", ids: [created[1].id], duplicate: { include_exceptions: true, include_expired_exceptions: false } });
  await bulk({ action: "edit", ids: [created[2].id], edit: [{ type: "add_tags", value: ["edited"] }] });
  const exported = await c.post(`${S}/_export`, { objects: created.slice(0, 3).map((r) => ({ rule_id: r.rule_id })) });
  expect(exported.status).toBe(200);
  const { raw, headers } = multipartFile("file", "x.ndjson", exported.text);
  const imported = await c.call("POST", `${S}/_import?overwrite=true`, { raw, headers });
  expect([imported.status, imported.body.success]).toEqual([200, true]);
  await bulk({ action: "delete", ids: [created[3].id] });
  expect((await c.del(`${S}?id=${created[4].id}`)).status).toBe(200);
  // errors are fine too, as long as they match the spec where it declares them
  expect((await c.get(`${S}?rule_id=does-not-exist`)).status).toBe(404);
  expect((await c.post(S, { ...RULE_BODIES.query, rule_id: created[5].rule_id })).status).toBe(409);
  expect(emu.violations().slice(before)).toEqual([]);
}
