import { setTimeout as sleep } from "node:timers/promises";
import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const V2 = "/api/security/entity_store";
const INSTALL_MS = 80;
const settle = () => sleep(INSTALL_MS + 20);

/** A status engine (status.ts `toPublicEngine`) with the shared configuration's defaults (global_state/constants.ts). */
const engine = (type: string, status: string, frequency = "1m") => ({
  type,
  status,
  filter: "",
  delay: "1m",
  timeout: "59s",
  frequency,
  lookbackPeriod: "30d",
  fieldHistoryLength: 10,
  maxLogsPerPage: 40000,
  maxTimeWindowSize: "1d",
  maxLogsPerWindow: 500000,
  maxLogsPerWindowCapBehavior: "defer",
  docsPerSecond: -1,
  indexPattern: "",
  enrichPolicyExecutionInterval: null,
  timestampField: "@timestamp",
  maxPageSearchSize: 10000,
});

describe("Entity Store v2 on 9.4 (entity_store plugin routes/apis)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true, version: "9.4.2", entityStore: { installDurationMs: INSTALL_MS } });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());
  afterEach(() => expect(emu.violations()).toEqual([]));

  it("status before any install: 200 exactly { status: not_installed, engines: [] } (entity_store_status.yaml notInstalledExample)", async () => {
    const r = await c.get(`${V2}/status`);
    expect([r.status, r.body]).toEqual([200, { status: "not_installed", engines: [] }]);
    expect(r.headers.get("elastic-api-version")).toBe("2023-10-31");
  });

  it("install: 201 {ok:true} when it installs something, 200 when every type is installed; installing, then started", async () => {
    const first = await c.post(`${V2}/install`, { entityTypes: ["host"], logExtraction: { lookbackPeriod: "24h", fieldHistoryLength: 5 } });
    expect([first.status, first.body]).toEqual([201, { ok: true }]);
    expect((await c.get(`${V2}/status`)).body).toEqual({
      status: "installing",
      engines: [{ ...engine("host", "installing"), lookbackPeriod: "24h", fieldHistoryLength: 5 }],
    });
    const again = await c.post(`${V2}/install`, { entityTypes: ["host"], logExtraction: { lookbackPeriod: "12h" } });
    expect([again.status, again.body]).toEqual([200, { ok: true }]);
    await settle();
    // A re-install of installed types leaves the configuration as it was.
    expect((await c.get(`${V2}/status`)).body).toEqual({
      status: "running",
      engines: [{ ...engine("host", "started"), lookbackPeriod: "24h", fieldHistoryLength: 5 }],
    });
  });

  it("install without entityTypes installs all four; service and generic keep their slower default cadence", async () => {
    expect((await c.post(`${V2}/install`, {})).status).toBe(201);
    await settle();
    const r = await c.get(`${V2}/status`);
    expect(r.body.engines.map((e: { type: string; frequency: string }) => `${e.type}:${e.frequency}`)).toEqual([
      "user:1m",
      "host:1m",
      "service:10m",
      "generic:30m",
    ]);
  });

  it("refuses unknown keys at any depth and the validator's rules, with its texts (install/validator.ts)", async () => {
    const bad = async (body: unknown) => {
      const r = await c.post(`${V2}/install`, body);
      return [r.status, r.body.error, r.body.message];
    };
    expect(await bad({ entityTypes: ["host"], indexPattern: "logs-*" })).toEqual([
      400,
      "Bad Request",
      expect.stringMatching(/^\[request body\]: .*indexPattern/),
    ]);
    expect(await bad({ logExtraction: { timestampField: "ts" } })).toEqual([400, "Bad Request", expect.stringMatching(/^\[request body\]: .*timestampField/)]);
    expect(await bad({ logExtraction: { frequency: "10s" } })).toEqual([
      400,
      "Bad Request",
      "[request body]: logExtraction.frequency: must be a valid duration of at least 30 seconds (e.g. 1m, 30s)",
    ]);
    expect(await bad({ logExtraction: { additionalIndexPatterns: ["logs custom"] } })).toEqual([
      400,
      "Bad Request",
      "[request body]: logExtraction.additionalIndexPatterns.0: must be a non-empty, valid index pattern (no spaces or illegal characters)",
    ]);
    expect(await bad({ logExtraction: { delay: "2h", lookbackPeriod: "1h" } })).toEqual([
      400,
      "Bad Request",
      "[request body]: logExtraction.delay: must be less than lookbackPeriod",
    ]);
    expect(await bad({ historySnapshot: { frequency: "30m" } })).toEqual([
      400,
      "Bad Request",
      "[request body]: historySnapshot.frequency: must be a valid duration of at least 1 hour (e.g. 1h, 24h)",
    ]);
    expect(await bad({ logExtraction: { filter: "host.name" } })).toEqual([
      400,
      "Bad Request",
      "[request body]: logExtraction.filter: Field-based KQL is required",
    ]);
    expect((await c.get(`${V2}/status`)).body.status).toBe("not_installed");
  });

  it("update: 404 'Entity store is not installed' before install (update.ts); then the shared configuration of every type", async () => {
    const before = await c.put(V2, { logExtraction: { lookbackPeriod: "6h" } });
    expect([before.status, before.body]).toEqual([404, { statusCode: 404, error: "Not Found", message: "Entity store is not installed" }]);
    await c.post(`${V2}/install`, { entityTypes: ["host", "user"] });
    const r = await c.put(V2, { logExtraction: { lookbackPeriod: "6h", frequency: "5m" } });
    expect([r.status, r.body]).toEqual([200, { ok: true }]);
    const status = (await c.get(`${V2}/status`)).body;
    expect(status.engines.map((e: { lookbackPeriod: string; frequency: string }) => `${e.lookbackPeriod}/${e.frequency}`)).toEqual(["6h/5m", "6h/5m"]);
  });

  it("stop and start act on the named types in the right state only, never an error (start.ts, stop.ts)", async () => {
    await c.post(`${V2}/install`, { entityTypes: ["host", "user"] });
    const early = await c.put(`${V2}/start`, { entityTypes: ["host"] });
    expect([early.status, early.body]).toEqual([200, { ok: true }]);
    await settle();
    expect((await c.put(`${V2}/stop`, { entityTypes: ["host"] })).body).toEqual({ ok: true });
    let status = (await c.get(`${V2}/status`)).body;
    expect([status.status, status.engines.map((e: { status: string }) => e.status)]).toEqual(["running", ["stopped", "started"]]);
    await c.put(`${V2}/stop`, {});
    expect((await c.get(`${V2}/status`)).body.status).toBe("stopped");
    await c.put(`${V2}/start`, { entityTypes: ["user"] });
    status = (await c.get(`${V2}/status`)).body;
    expect(status.engines.map((e: { type: string; status: string }) => `${e.type}:${e.status}`)).toEqual(["host:stopped", "user:started"]);
  });

  it("uninstall removes the named installed types, ignores the others; the last one resets the store (uninstall.ts)", async () => {
    await c.post(`${V2}/install`, { entityTypes: ["host", "user"], logExtraction: { fieldHistoryLength: 3 } });
    expect((await c.post(`${V2}/uninstall`, { entityTypes: ["host", "service"] })).body).toEqual({ ok: true });
    expect((await c.get(`${V2}/status`)).body.engines.map((e: { type: string }) => e.type)).toEqual(["user"]);
    await c.post(`${V2}/uninstall`, {});
    expect((await c.get(`${V2}/status`)).body).toEqual({ status: "not_installed", engines: [] });
    await c.post(`${V2}/install`, { entityTypes: ["host"] });
    expect((await c.get(`${V2}/status`)).body.engines[0].fieldHistoryLength).toBe(10);
  });

  it("is per space, and the v1 engines API is still served (deprecated in 9.4, not removed)", async () => {
    await c.post(`/s/soc${V2}/install`, { entityTypes: ["host"] });
    expect((await c.get(`${V2}/status`)).body.status).toBe("not_installed");
    expect((await c.get(`/s/soc${V2}/status`)).body.engines).toHaveLength(1);
    expect((await c.get("/api/entity_store/engines")).status).toBe(200);
  });
});

describe("Entity Store v2 before 9.4", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true, version: "9.3.6" });
  });
  afterAll(() => emu.stop());

  it("is not served: 404 on every v2 route, while the v1 engines API answers", async () => {
    const c = client(emu);
    expect((await c.get(`${V2}/status`)).status).toBe(404);
    expect((await c.post(`${V2}/install`, {})).status).toBe(404);
    expect((await c.get("/api/entity_store/status")).body).toEqual({ status: "not_installed", engines: [] });
  });
});
