import { findOpenApiDir } from "../shared-dir";
import { getContractEngine } from "./validator";

const engine = getContractEngine(findOpenApiDir());

describe("contract engine (Ajv over the official bundles)", () => {
  it("indexes the operations of all seven bundles", () => {
    const bundles = new Set(engine.allOperations().map((o) => o.bundle.id));
    expect([...bundles].sort()).toEqual(["connectors", "detections", "endpoint-exceptions", "entity-analytics", "exceptions", "fleet", "lists"]);
    expect(engine.operationCount()).toBeGreaterThan(150);
  });

  it("compiles every JSON request body and response schema", () => {
    const failures: string[] = [];
    let compiled = 0;
    for (const op of engine.allOperations()) {
      const rb = op.op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
      const pointers: string[] = [];
      if (rb?.content?.["application/json"]?.schema) pointers.push(`${op.pointer}/requestBody/content/application~1json/schema`);
      for (const [status, r] of Object.entries((op.op.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>) ?? {})) {
        if (r?.content?.["application/json"]?.schema) pointers.push(`${op.pointer}/responses/${status}/content/application~1json/schema`);
      }
      for (const p of pointers) {
        try {
          engine.validateAt(op, p, {});
          compiled++;
        } catch (e) {
          failures.push(`${op.method.toUpperCase()} ${op.originalTemplate} ${p}: ${(e as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(300);
  });

  it("matches request paths to templates, most specific first, ignoring the /s/{spaceId} variants", () => {
    expect(engine.findOperation("GET", "/api/detection_engine/rules/_find")?.operation.template).toBe("/api/detection_engine/rules/_find");
    const m = engine.findOperation("POST", "/api/detection_engine/rules/3f8e1e7e-4bd2-4e1a-9c55-3d2b5d2c6f10/exceptions");
    expect(m?.operation.template).toBe("/api/detection_engine/rules/{id}/exceptions");
    expect(m?.pathParams).toEqual({ id: "3f8e1e7e-4bd2-4e1a-9c55-3d2b5d2c6f10" });
    const c = engine.findOperation("GET", "/api/actions/connector/abc");
    expect(c?.operation.originalTemplate).toBe("/api/actions/connector/{connectorId}");
    // legacy connector paths only exist with the space prefix in the bundle
    expect(engine.findOperation("GET", "/api/actions/action/abc")?.operation.originalTemplate).toBe("/s/{spaceId}/api/actions/action/{actionId}");
    expect(engine.findOperation("GET", "/api/status")).toBeUndefined();
  });

  const rule = { name: "n", description: "d", risk_score: 21, severity: "low", type: "query", query: "*:*", language: "kuery" };

  it("rejects a rule create body the spec rejects, with the discriminated branch's errors", () => {
    const m = engine.findOperation("POST", "/api/detection_engine/rules")!;
    expect(engine.validateRequest(m, { query: {}, pathParams: {}, body: rule, mediaType: "application/json" })).toEqual([]);
    const errors = engine.validateRequest(m, { query: {}, pathParams: {}, body: { ...rule, risk_score: "high" }, mediaType: "application/json" });
    expect(errors).toContain("/risk_score must be integer");
    const noType = engine.validateRequest(m, { query: {}, pathParams: {}, body: { ...rule, type: "nope" }, mediaType: "application/json" });
    expect(noType[0]).toMatch(/^\/type must be one of: "eql", /);
    expect(engine.validateRequest(m, { query: {}, pathParams: {}, body: undefined, mediaType: "" })).toEqual(["request body is required"]);
  });

  it("validates query parameters with coercion", () => {
    const m = engine.findOperation("GET", "/api/detection_engine/rules/_find")!;
    expect(engine.validateRequest(m, { query: { page: "2", per_page: "0", sort_field: "name", sort_order: "asc" }, pathParams: {}, body: undefined, mediaType: "" })).toEqual([]);
    const bad = engine.validateRequest(m, { query: { page: "0", sort_field: "bogus" }, pathParams: {}, body: undefined, mediaType: "" });
    expect(bad).toEqual(expect.arrayContaining(["query.page must be >= 1", expect.stringMatching(/^query\.sort_field must be equal to one of the allowed values/)]));
    const read = engine.findOperation("GET", "/api/detection_engine/rules")!;
    expect(engine.validateRequest(read, { query: { id: "not-a-uuid" }, pathParams: {}, body: undefined, mediaType: "" })).toEqual(['query.id must match format "uuid"']);
  });

  it("validates responses for the declared status, and skips undeclared ones", () => {
    const m = engine.findOperation("GET", "/api/detection_engine/rules/_find")!;
    expect(engine.validateResponse(m, 200, "application/json", { page: 1, perPage: 20, total: 0, data: [] })).toEqual([]);
    expect(engine.validateResponse(m, 200, "application/json", { page: 1, per_page: 20, total: 0, data: [] })).toEqual(["/ must have required property 'perPage'"]);
    expect(engine.validateResponse(m, 404, "application/json", { anything: true })).toBeUndefined();
  });

  it("applies the documented relaxations (nullable $ref, SIEM array messages, Fleet required)", () => {
    const fleet = engine.findOperation("GET", "/api/fleet/fleet_server_hosts/x")!;
    const host = { id: "x", name: "h", is_default: false, is_preconfigured: false, host_urls: ["https://h:443"] };
    expect(engine.validateResponse(fleet, 200, "application/json", { item: host })).toEqual([]);
    const signals = engine.findOperation("POST", "/api/detection_engine/signals/status")!;
    expect(engine.validateResponse(signals, 400, "application/json", { message: ["a", "b"], status_code: 400 })).toEqual([]);
  });
});
