import type { RouteDefinition } from "../router";
import { describeWithOfficialBundles } from "./__tests__/official-bundles";
import { emulatorRoutes } from "./snapshot";
import { SNAPSHOT_FILE } from "./source";
import { ContractEngine } from "./validator";

/**
 * Routes no bundle describes (the status API, saved objects and spaces are not in the seven bundles): never checked
 * here. The spaces routes check their requests and answers with the client's `spaceBodySchema`/`spaceSchema`, the Entity
 * Store v2 routes (9.4+, absent from the security_solution entity analytics bundle) with the client's v2 schemas, the
 * internal prebuilt rules routes (version 1, in no bundle) with the client's prebuilt-rules schemas.
 */
const ROUTES_WITHOUT_OPERATION = [
  "GET /api/status",
  "GET /internal/detection_engine/prebuilt_rules/status",
  "POST /internal/detection_engine/prebuilt_rules/installation/_review",
  "POST /internal/detection_engine/prebuilt_rules/installation/_perform",
  "POST /internal/detection_engine/prebuilt_rules/upgrade/_review",
  "POST /internal/detection_engine/prebuilt_rules/upgrade/_perform",
  "POST /api/saved_objects/_import",
  "GET /api/spaces/space",
  "POST /api/spaces/space",
  "GET /api/spaces/space/{id}",
  "PUT /api/spaces/space/{id}",
  "DELETE /api/spaces/space/{id}",
  "POST /api/security/entity_store/install",
  "PUT /api/security/entity_store",
  "POST /api/security/entity_store/uninstall",
  "PUT /api/security/entity_store/start",
  "PUT /api/security/entity_store/stop",
  "GET /api/security/entity_store/status",
];

/** A concrete request path for a route template (any value stands for a parameter). */
function concrete(route: RouteDefinition): string {
  return route.path.replace(/\{[^}]+\}/g, "sample-id");
}

function operationFor(engine: ContractEngine, route: RouteDefinition): string | undefined {
  const m = engine.findOperation(route.method, concrete(route));
  return m && `${m.operation.bundle.id} ${m.operation.method.toUpperCase()} ${m.operation.originalTemplate}`;
}

/** Compiles the JSON request body and response schemas of every operation; returns the failures and the count. */
function compileAll(engine: ContractEngine): { failures: string[]; compiled: number } {
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
  return { failures, compiled };
}

/** What both sources must do alike: the snapshot keeps everything these requests reach. */
function behavesLikeTheBundles(engine: () => ContractEngine): void {
  it("matches request paths to templates, most specific first", () => {
    expect(engine().findOperation("GET", "/api/detection_engine/rules/_find")?.operation.template).toBe("/api/detection_engine/rules/_find");
    const c = engine().findOperation("GET", "/api/actions/connector/abc");
    expect(c?.operation.originalTemplate).toBe("/api/actions/connector/{connectorId}");
    expect(c?.pathParams).toEqual({ connectorId: "abc" });
    expect(engine().findOperation("GET", "/api/status")).toBeUndefined();
  });

  const rule = { name: "n", description: "d", risk_score: 21, severity: "low", type: "query", query: "*:*", language: "kuery" };

  it("rejects a rule create body the spec rejects, with the discriminated branch's errors", () => {
    const m = engine().findOperation("POST", "/api/detection_engine/rules")!;
    expect(engine().validateRequest(m, { query: {}, pathParams: {}, body: rule, mediaType: "application/json" })).toEqual([]);
    const errors = engine().validateRequest(m, { query: {}, pathParams: {}, body: { ...rule, risk_score: "high" }, mediaType: "application/json" });
    expect(errors).toContain("/risk_score must be integer");
    const noType = engine().validateRequest(m, { query: {}, pathParams: {}, body: { ...rule, type: "nope" }, mediaType: "application/json" });
    expect(noType[0]).toMatch(/^\/type must be one of: "eql", /);
    expect(engine().validateRequest(m, { query: {}, pathParams: {}, body: undefined, mediaType: "" })).toEqual(["request body is required"]);
  });

  it("keeps a rule's `description` field (a property name, not prose) required", () => {
    const m = engine().findOperation("POST", "/api/detection_engine/rules")!;
    const { description: _dropped, ...withoutDescription } = rule;
    const errors = engine().validateRequest(m, { query: {}, pathParams: {}, body: withoutDescription, mediaType: "application/json" });
    expect(errors).toContain("/ must have required property 'description'");
  });

  it("validates query parameters with coercion", () => {
    const m = engine().findOperation("GET", "/api/detection_engine/rules/_find")!;
    expect(
      engine().validateRequest(m, {
        query: { page: "2", per_page: "0", sort_field: "name", sort_order: "asc" },
        pathParams: {},
        body: undefined,
        mediaType: "",
      }),
    ).toEqual([]);
    const bad = engine().validateRequest(m, { query: { page: "0", sort_field: "bogus" }, pathParams: {}, body: undefined, mediaType: "" });
    expect(bad).toEqual(
      expect.arrayContaining(["query.page must be >= 1", expect.stringMatching(/^query\.sort_field must be equal to one of the allowed values/)]),
    );
    const read = engine().findOperation("GET", "/api/detection_engine/rules")!;
    expect(engine().validateRequest(read, { query: { id: "not-a-uuid" }, pathParams: {}, body: undefined, mediaType: "" })).toEqual([
      'query.id must match format "uuid"',
    ]);
  });

  it("validates responses for the declared status, and skips undeclared ones", () => {
    const m = engine().findOperation("GET", "/api/detection_engine/rules/_find")!;
    expect(engine().validateResponse(m, 200, "application/json", { page: 1, perPage: 20, total: 0, data: [] })).toEqual([]);
    expect(engine().validateResponse(m, 200, "application/json", { page: 1, per_page: 20, total: 0, data: [] })).toEqual([
      "/ must have required property 'perPage'",
    ]);
    expect(engine().validateResponse(m, 404, "application/json", { anything: true })).toBeUndefined();
  });

  it("applies the documented relaxations (Fleet required, lists 404 as SIEM, SIEM array messages)", () => {
    const fleet = engine().findOperation("GET", "/api/fleet/fleet_server_hosts/x")!;
    const host = { id: "x", name: "h", is_default: false, is_preconfigured: false, host_urls: ["https://h:443"] };
    expect(engine().validateResponse(fleet, 200, "application/json", { item: host })).toEqual([]);
    const listItem = engine().findOperation("POST", "/api/lists/items")!;
    expect(engine().validateResponse(listItem, 404, "application/json", { message: ["a", "b"], status_code: 404 })).toEqual([]);
  });

  it("compiles every JSON request body and response schema", () => {
    const { failures, compiled } = compileAll(engine());
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThanOrEqual(engine().operationCount());
  });
}

describe("contract engine over the committed snapshot", () => {
  const engine = new ContractEngine({ kind: "snapshot", file: SNAPSHOT_FILE });
  behavesLikeTheBundles(() => engine);

  it("has an operation for every emulator route that a bundle describes", () => {
    const unchecked = emulatorRoutes()
      .filter((r) => operationFor(engine, r) === undefined)
      .map((r) => `${r.method} ${r.path}`);
    expect(unchecked).toEqual(ROUTES_WITHOUT_OPERATION);
  });
});

describeWithOfficialBundles("contract engine over the full official bundles", (dir) => {
  let full: ContractEngine | undefined;
  const engine = () => (full ??= new ContractEngine({ kind: "bundles", dir }));
  behavesLikeTheBundles(engine);

  it("indexes the operations of all seven bundles", () => {
    const bundles = new Set(
      engine()
        .allOperations()
        .map((o) => o.bundle.id),
    );
    expect([...bundles].sort()).toEqual(["connectors", "detections", "endpoint-exceptions", "entity-analytics", "exceptions", "fleet", "lists"]);
    expect(engine().operationCount()).toBeGreaterThan(150);
    expect(compileAll(engine()).compiled).toBeGreaterThan(300);
  });

  it("matches the /s/{spaceId} variants without the prefix when no plain path exists", () => {
    const m = engine().findOperation("POST", "/api/detection_engine/rules/3f8e1e7e-4bd2-4e1a-9c55-3d2b5d2c6f10/exceptions");
    expect(m?.operation.template).toBe("/api/detection_engine/rules/{id}/exceptions");
    expect(m?.pathParams).toEqual({ id: "3f8e1e7e-4bd2-4e1a-9c55-3d2b5d2c6f10" });
    // legacy connector paths only exist with the space prefix in the bundle
    expect(engine().findOperation("GET", "/api/actions/action/abc")?.operation.originalTemplate).toBe("/s/{spaceId}/api/actions/action/{actionId}");
  });

  it("picks, for every emulator route, the same operation as the snapshot does", () => {
    const snapshot = new ContractEngine({ kind: "snapshot", file: SNAPSHOT_FILE });
    const differences = emulatorRoutes()
      .map((r) => ({ route: `${r.method} ${r.path}`, full: operationFor(engine(), r), snapshot: operationFor(snapshot, r) }))
      .filter((d) => d.full !== d.snapshot);
    expect(differences).toEqual([]);
    expect(
      emulatorRoutes()
        .filter((r) => operationFor(engine(), r) === undefined)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(ROUTES_WITHOUT_OPERATION);
  });
});
