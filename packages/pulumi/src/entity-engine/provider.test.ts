import type { RunningEmulator } from "@esac/kibana-emulator";
import { getKibanaStatus } from "@esac/kibana-client";
import { transportFor } from "../provider-kit/config";
import { ResourceInitError } from "../provider-kit/init-error";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { settingsState } from "./normalize";
import { enginePolling, entityEngineProvider as provider, resetEntityEngineReadCache } from "./provider";

type Obj = Record<string, any>;

const E = "/api/entity_store/engines";
const INSTALL_MS = 60;

let kibana: RunningEmulator;
beforeAll(async () => {
  enginePolling.initialDelayMs = INSTALL_MS + 60;
  enginePolling.maxDelayMs = 400;
  // The v1 engines API: Kibana up to 9.3 (9.4+ is Entity Store v2, see provider-v2.test.ts).
  kibana = await startTestKibana({
    version: "9.3.6",
    entityStore: {
      installDurationMs: INSTALL_MS,
      initFailures: [{ entityType: "service", message: "Failed to create the entity index: resource_already_exists_exception", times: 1 }],
    },
  });
  await provider.configure!(stackConfigFor(kibana) as never);
  // The version is read once per endpoint and process; read it here so that the call counts below are the engine's.
  await getKibanaStatus(transportFor());
});
afterAll(() => kibana.stop());
beforeEach(() => {
  kibana.reset();
  resetEntityEngineReadCache();
});
afterEach(() => expect(kibana.violations()).toEqual([]));

const host = { entity_type: "host", indexPattern: "logs-custom-*", fieldHistoryLength: 5, lookbackPeriod: "24h", enrichPolicyExecutionInterval: "1h" };

const { checked, created } = providerSteps(provider);

const calls = (from: number) => callsSince(kibana, from).map((c) => `${c.method} ${c.path} ${c.status}`);

describe("check", () => {
  it("validates with the API reference's patterns and names the field, with no HTTP call", async () => {
    const before = kibana.requests().length;
    const failures = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => `${f.property}|${f.reason}`);
    expect(await failures({ ...host, entity_type: "hots" })).toEqual([
      '|entity_type: must be one of user, host, service, generic; did you mean `host`? (value: "hots")',
    ]);
    expect(await failures({ ...host, entity_type: "device" })).toEqual(['|entity_type: must be one of user, host, service, generic (value: "device")']);
    expect(await failures({ ...host, lookbackPeriod: "1w", frequency: "1 minute" })).toEqual([
      '|lookbackPeriod: lookbackPeriod must end in s, m, d or h (e.g. 1m, 3h) (value: "1w")',
      '|frequency: frequency must end in s, m, d or h (e.g. 1m, 3h) (value: "1 minute")',
    ]);
    expect(await failures({ ...host, enrichPolicyExecutionInterval: "13h" })).toEqual([
      '|enrichPolicyExecutionInterval: The enrich policy execution interval must be less than or equal to half the duration of the lookback period. (value: "13h")',
    ]);
    expect(await failures({ ...host, lookback: "3h", enabled: "yes", timeouts: { create: "ten minutes" } })).toEqual([
      '|lookback: unknown argument; did you mean `lookbackPeriod`? (value: "3h")',
      '|enabled: must be a boolean (value: "yes")',
      '|customTimeouts.create: must be a duration like "10m", "1h" or "90s" (value: "ten minutes")',
    ]);
    expect(await failures({ ...host, indexPattern: UNKNOWN, entity_type: UNKNOWN })).toEqual([]);
    expect(kibana.requests().length).toBe(before);
  });
});

describe("lifecycle", () => {
  it("create: checks the engine is not there, inits, waits until started — and shows no diff after", async () => {
    const before = kibana.requests().length;
    const { id, inputs, outs } = await created(host);
    expect(calls(before)).toEqual([`GET ${E}/host 404`, `POST ${E}/host/init 200`, `GET ${E}/host 200`]);
    expect(id).toBe("host");
    expect(outs).toEqual({
      entity_type: "host",
      indexPattern: "logs-custom-*",
      filter: "",
      fieldHistoryLength: 5,
      timestampField: "@timestamp",
      lookbackPeriod: "24h",
      enrichPolicyExecutionInterval: "1h",
      enabled: true,
      status: "started",
      delete_data: false,
      space_id: "default",
    });
    expect(await provider.diff!(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("enabled: false stops it once started", async () => {
    const before = kibana.requests().length;
    const { outs } = await created({ ...host, enabled: false });
    expect(calls(before).slice(-1)).toEqual([`POST ${E}/host/stop 200`]);
    expect(outs).toMatchObject({ enabled: false, status: "stopped" });
  });

  it("an init that fails reports Kibana's reason and records the engine; the next up re-initializes it", async () => {
    const inputs = { ...(await checked({ entity_type: "service" })), __provider: "serialized-provider-code" };
    const error = await provider.create(inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    const init = error as ResourceInitError;
    expect(init.message).toMatch(/EntityEngine "service".*failed to initialize: Failed to create the entity index: resource_already_exists_exception/);
    expect(init.id).toBe("service");
    // recorded with the serialized provider, so refresh and destroy can still load it
    expect(init.properties).toMatchObject({
      status: "error",
      error: "Failed to create the entity index: resource_already_exists_exception",
      __provider: "serialized-provider-code",
    });
    expect(await provider.diff!("service", init.properties, inputs)).toMatchObject({ changes: true, replaces: [] });
    const before = kibana.requests().length;
    const fixed = await provider.update!("service", init.properties, inputs);
    expect(calls(before)).toEqual([`POST ${E}/service/init 200`, `GET ${E}/service 200`]);
    expect(fixed.outs).toMatchObject({ status: "started", enabled: true });
    expect(fixed.outs).not.toHaveProperty("error");
  });

  it("enabled alone → one start/stop call; delete_data alone → no call; a setting → re-init and wait", async () => {
    const { id, inputs, outs } = await created(host);
    const stop = await checked({ ...host, enabled: false }, inputs);
    expect(await provider.diff!(id, outs, stop)).toMatchObject({ changes: true, replaces: [] });
    let before = kibana.requests().length;
    const stopped = await provider.update!(id, outs, stop);
    expect(calls(before)).toEqual([`POST ${E}/host/stop 200`]);
    const keepData = await checked({ ...host, enabled: false, delete_data: true }, stop);
    before = kibana.requests().length;
    const flagged = await provider.update!(id, stopped.outs, keepData);
    expect(calls(before)).toEqual([]);
    expect(flagged.outs).toMatchObject({ delete_data: true, status: "stopped" });
    const changed = await checked({ ...host, enabled: false, delete_data: true, filter: "host.os.type:linux" }, keepData);
    before = kibana.requests().length;
    const reinit = await provider.update!(id, flagged.outs, changed);
    expect(calls(before)).toEqual([`POST ${E}/host/init 200`, `GET ${E}/host 200`, `POST ${E}/host/stop 200`]);
    expect(reinit.outs).toMatchObject({ filter: "host.os.type:linux", status: "stopped", enabled: false });
  });

  it("refresh: one listing per space for all engines; a stop in the UI is drift, fixed by a start", async () => {
    const engines = [await created(host), await created({ entity_type: "user" }), await created({ entity_type: "generic" })];
    resetEntityEngineReadCache();
    const before = kibana.requests().length;
    const reads = await Promise.all(engines.map((e) => provider.read!(e.id, e.outs)));
    expect(calls(before)).toEqual([`GET ${E} 200`]);
    reads.forEach((r, i) => expect(r.props).toEqual(engines[i]!.outs));
    await kibanaFetch(kibana, "POST", `${E}/user/stop`);
    resetEntityEngineReadCache();
    const drifted = await provider.read!("user", engines[1]!.outs);
    expect(drifted.props).toMatchObject({ enabled: false, status: "stopped" });
    expect((await provider.diff!("user", drifted.props!, engines[1]!.inputs)).changes).toBe(true);
    const started = await provider.update!("user", drifted.props!, engines[1]!.inputs);
    expect(started.outs).toMatchObject({ enabled: true, status: "started" });
    await kibanaFetch(kibana, "DELETE", `${E}/generic`);
    resetEntityEngineReadCache();
    expect(await provider.read!("generic", engines[2]!.outs)).toEqual({});
  });

  it("replaces (delete first) on entity_type or space change", async () => {
    const { id, inputs, outs } = await created(host);
    expect(await provider.diff!(id, outs, await checked({ ...host, entity_type: "user" }, inputs))).toMatchObject({
      replaces: ["entity_type"],
      deleteBeforeReplace: true,
    });
    expect(await provider.diff!(id, outs, await checked({ ...host, space_id: "soc" }, inputs))).toMatchObject({ replaces: ["space_id"] });
  });

  it("an existing engine fails with the way to adopt (one GET); adopt re-inits it", async () => {
    await kibanaFetch(kibana, "POST", `${E}/host/init`, {});
    let before = kibana.requests().length;
    await expect(provider.create(await checked(host))).rejects.toThrow(/already exists.*adopt: true/s);
    expect(calls(before)).toEqual([`GET ${E}/host 200`]);
    before = kibana.requests().length;
    const { outs } = await provider.create(await checked({ ...host, adopt: true }));
    expect(calls(before)).toEqual([`POST ${E}/host/init 200`, `GET ${E}/host 200`]);
    expect(outs).toMatchObject({ indexPattern: "logs-custom-*", status: "started", adopt: true });
  });

  it("delete passes delete_data and is idempotent", async () => {
    const { id, outs } = await created({ ...host, delete_data: true });
    const before = kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    const log = kibana.requests().slice(before);
    expect(log.map((r) => [r.method, r.path, r.status, r.query.delete_data])).toEqual([
      ["DELETE", `${E}/host`, 200, "true"],
      ["DELETE", `${E}/host`, 200, "true"],
    ]);
  });

  it("works in a non-default space", async () => {
    await created({ ...host, space_id: "soc" });
    expect(kibana.requests().at(-1)?.path).toBe(`/s/soc${E}/host`);
    expect((await kibanaFetch(kibana, "GET", `${E}/host`)).status).toBe(404);
  });
});

describe("the wait is bounded by the resource's timeout", () => {
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await startTestKibana({ version: "9.3.6", entityStore: { installDurationMs: 60_000 } });
  });
  afterAll(() => slow.stop());

  it("still installing at the deadline: recorded as installing, and the next up waits again", async () => {
    const connection = { endpoint: slow.url, apiKey: slow.apiKey };
    const inputs = await checked({ ...host, connection, timeouts: { create: "400ms" } });
    const started = Date.now();
    const error = (await provider.create(inputs).catch((e: unknown) => e)) as ResourceInitError;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(/still installing after 400ms.*customTimeouts/s);
    expect(error.properties).toMatchObject({ status: "installing", entity_type: "host" });
    expect(await provider.diff!("host", error.properties, inputs)).toMatchObject({ changes: true });
  });
});

describe("settings state", () => {
  const descriptor = { type: "host", status: "started", indexPattern: "", fieldHistoryLength: 10, filter: "", timestampField: "@timestamp" } as const;

  it("keeps what was sent for fields the descriptor does not echo", () => {
    expect(settingsState(descriptor, { lookbackPeriod: "24h" })).toEqual({
      indexPattern: "",
      filter: "",
      fieldHistoryLength: 10,
      timestampField: "@timestamp",
      lookbackPeriod: "24h",
    });
  });

  it("takes echoed values (newer Kibana) only for fields the resource manages", () => {
    const newer = { ...descriptor, lookbackPeriod: "12h", frequency: "30s", delay: "1m" };
    expect(settingsState(newer, { lookbackPeriod: "24h" })).toEqual({
      indexPattern: "",
      filter: "",
      fieldHistoryLength: 10,
      timestampField: "@timestamp",
      lookbackPeriod: "12h",
    });
  });
});
