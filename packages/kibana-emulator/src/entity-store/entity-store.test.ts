import { setTimeout as sleep } from "node:timers/promises";
import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { EmulatorOptions, RunningEmulator } from "../types";

const E = "/api/entity_store/engines";
const INSTALL_MS = 150;

function suite(opts: EmulatorOptions, checkViolations: boolean) {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...opts, entityStore: { installDurationMs: INSTALL_MS, ...opts.entityStore } });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());
  if (checkViolations) afterEach(() => expect(emu.violations()).toEqual([]));
  return { emu: () => emu, c: () => c };
}

const settle = () => sleep(INSTALL_MS + 10);

describe("entity store engines (kibana-behaviour.md §6)", () => {
  const t = suite({ entityStore: { initFailures: [{ entityType: "service", message: "Failed to create transform: index_not_found", times: 1 }] } }, false);

  it("init answers the descriptor as installing, then the engine is started", async () => {
    const r = await t
      .c()
      .post(`${E}/host/init`, { fieldHistoryLength: 5, indexPattern: "logs-custom-*", lookbackPeriod: "24h", enrichPolicyExecutionInterval: "1h" });
    expect(r.status).toBe(200);
    expect(r.headers.get("elastic-api-version")).toBe("2023-10-31");
    expect(r.body).toEqual({
      status: "installing",
      type: "host",
      indexPattern: "logs-custom-*",
      filter: "",
      fieldHistoryLength: 5,
      timestampField: "@timestamp",
    });
    expect((await t.c().get(`${E}/host`)).body.status).toBe("installing");
    await settle();
    expect((await t.c().get(`${E}/host`)).body).toEqual({ ...r.body, status: "started" });
  });

  it("an injected background failure ends in error with Kibana's reason; re-init clears it", async () => {
    await t.c().post(`${E}/service/init`, {});
    await settle();
    const failed = (await t.c().get(`${E}/service`)).body;
    expect(failed).toMatchObject({ status: "error", error: { message: "Failed to create transform: index_not_found", action: "init" } });
    expect((await t.c().post(`${E}/service/start`)).status).toBe(500);
    await t.c().post(`${E}/service/init`, {});
    await settle();
    const ok = (await t.c().get(`${E}/service`)).body;
    expect(ok.status).toBe("started");
    expect(ok).not.toHaveProperty("error");
  });

  it("stop/start only from started/stopped; otherwise a SIEM 500", async () => {
    await t.c().post(`${E}/user/init`, {});
    const early = await t.c().post(`${E}/user/stop`);
    expect(early.body).toEqual({ message: "In namespace default: Cannot stop Entity engine for user when current status is: installing", status_code: 500 });
    await settle();
    expect((await t.c().post(`${E}/user/stop`)).body).toEqual({ stopped: true });
    expect((await t.c().get(`${E}/user`)).body.status).toBe("stopped");
    expect((await t.c().post(`${E}/user/stop`)).body.message).toBe("In namespace default: Cannot stop Entity engine for user when current status is: stopped");
    expect((await t.c().post(`${E}/user/start`)).body).toEqual({ started: true });
    expect((await t.c().post(`${E}/user/start`)).body.message).toBe(
      "In namespace default: Cannot start Entity engine for user when current status is: started",
    );
  });

  it("missing engines: GET/start/stop 404 (SIEM), DELETE is idempotent", async () => {
    expect((await t.c().get(`/s/soc${E}/generic`)).body).toEqual({
      message: "Saved object [entity-engine-status/entity-engine-descriptor-generic-soc] not found",
      status_code: 404,
    });
    expect((await t.c().post(`${E}/host/start`)).status).toBe(404);
    expect((await t.c().del(`${E}/host?delete_data=true`)).body).toEqual({ deleted: true });
    await t.c().post(`${E}/host/init`, {});
    expect((await t.c().del(`${E}/host`)).body).toEqual({ deleted: true });
    expect((await t.c().get(`${E}/host`)).status).toBe(404);
  });

  it("validation: route-level Boom 400s, unknown keys stripped, the interval rule", async () => {
    expect((await t.c().post(`${E}/device/init`, {})).body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: '[request params]: entityType: Invalid option: expected one of "user"|"host"|"service"|"generic"',
    });
    expect((await t.c().post(`${E}/host/init`, { lookbackPeriod: "3w" })).body.message).toBe(
      "[request body]: lookbackPeriod: Invalid string: must match pattern /[smdh]$/",
    );
    expect((await t.c().post(`${E}/host/init`, { enrichPolicyExecutionInterval: "2h" })).body.message).toBe(
      "[request body]: The enrich policy execution interval must be less than or equal to half the duration of the lookback period.",
    );
    expect((await t.c().post(`${E}/host/init`, { unknownKey: 1 })).status).toBe(200);
    expect((await t.c().del(`${E}/host?delete_data=maybe`)).status).toBe(400);
  });

  it("engines are per space; list and store status", async () => {
    await t.c().post(`/s/soc${E}/host/init`, {});
    await t.c().post(`/s/soc${E}/user/init`, {});
    expect((await t.c().get(E)).body).toEqual({ engines: [], count: 0 });
    expect((await t.c().get("/s/soc/api/entity_store/status")).body.status).toBe("installing");
    await settle();
    expect((await t.c().get(`/s/soc${E}`)).body.count).toBe(2);
    expect((await t.c().get("/s/soc/api/entity_store/status")).body.status).toBe("running");
    await t.c().post(`/s/soc${E}/host/stop`);
    await t.c().post(`/s/soc${E}/user/stop`);
    expect((await t.c().get("/s/soc/api/entity_store/status")).body.status).toBe("stopped");
    expect((await t.c().get("/api/entity_store/status")).body).toEqual({ status: "not_installed", engines: [] });
  });
});

describe("entity store in contract mode (security_solution_entity_analytics_api_2023_10_31)", () => {
  const t = suite({ contract: true }, true);

  it("a full lifecycle records zero violations", async () => {
    const body = {
      delay: "1m",
      docsPerSecond: 42,
      enrichPolicyExecutionInterval: "1h",
      fieldHistoryLength: 10,
      filter: "host.os.type:linux",
      frequency: "1m",
      indexPattern: "logs-*",
      lookbackPeriod: "24h",
      timeout: "180s",
      timestampField: "@timestamp",
    };
    expect((await t.c().post(`${E}/host/init`, body)).status).toBe(200);
    await settle();
    expect((await t.c().get(`${E}/host`)).body.status).toBe("started");
    expect((await t.c().get(E)).body.count).toBe(1);
    expect((await t.c().post(`${E}/host/stop`)).status).toBe(200);
    expect((await t.c().post(`${E}/host/start`)).status).toBe(200);
    expect((await t.c().get("/api/entity_store/status?include_components=false")).status).toBe(200);
    expect((await t.c().del(`${E}/host?delete_data=true`)).status).toBe(200);
    expect((await t.c().get(`${E}/host`)).status).toBe(404);
  });
});
