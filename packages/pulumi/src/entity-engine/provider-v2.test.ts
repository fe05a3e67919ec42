import type { RunningEmulator } from "@esac/kibana-emulator";
import { clearKibanaStatusCache } from "@esac/kibana-client";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { enginePolling, entityEngineProvider as provider, resetEntityEngineReadCache } from "./provider";
import { logExtractionOf } from "./v2-arguments";

type Obj = Record<string, any>;

// Kibana 9.4+ runs entity engines with Entity Store v2 (/api/security/entity_store; the v1 engines API is deprecated
// there): the same EntityEngine arguments, mapped as research row 6.7 says (init ≈ install {entityTypes:[type]},
// start/stop per type, delete ≈ uninstall {entityTypes:[type]}; indexPattern → logExtraction.additionalIndexPatterns).
const V2 = "/api/security/entity_store";
const INSTALL_MS = 60;

let kibana: RunningEmulator;
beforeAll(async () => {
  enginePolling.initialDelayMs = INSTALL_MS + 40;
  enginePolling.maxDelayMs = 300;
  kibana = await startTestKibana({ version: "9.4.2", entityStore: { installDurationMs: INSTALL_MS } });
});
afterAll(() => kibana.stop());
beforeEach(async () => {
  kibana.reset();
  resetEntityEngineReadCache();
  clearKibanaStatusCache();
  await configure();
});
afterEach(() => expect(kibana.violations()).toEqual([]));

async function configure(version?: string): Promise<void> {
  const { config } = stackConfigFor(kibana);
  await provider.configure!({ config: { get: (key: string) => (key === "kibana:version" ? version : config.get(key)) } } as never);
}

const host = { entity_type: "host", lookbackPeriod: "24h", fieldHistoryLength: 5 };
const { checked, created } = providerSteps(provider);
const calls = (from: number) => callsSince(kibana, from).map((c) => `${c.method} ${c.path} ${c.status}`);
const failures = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => f.reason);
const NO_V2 = "has no Entity Store v2 equivalent: Kibana 9.4 and later run engines with Entity Store v2 (/api/security/entity_store)";

describe("check with kibana:version", () => {
  it("9.4: refuses the v1-only arguments naming each, and the v2 validator's rules; 9.3 takes them; no HTTP call", async () => {
    await configure("9.4");
    const before = kibana.requests().length;
    expect(await failures({ ...host, timestampField: "event.ingested", docsPerSecond: 100, delete_data: true })).toEqual([
      `timestampField: ${NO_V2}, whose log extraction settings have no \`timestampField\`; remove it, or target Kibana 9.3 or older (value: "event.ingested")`,
      `docsPerSecond: ${NO_V2}, whose log extraction settings have no \`docsPerSecond\`; remove it, or target Kibana 9.3 or older (value: 100)`,
      `delete_data: ${NO_V2}, whose uninstall takes no delete_data; remove it, or target Kibana 9.3 or older (value: true)`,
    ]);
    expect(await failures({ ...host, frequency: "10s", indexPattern: "logs custom" })).toEqual([
      'frequency: must be a valid duration of at least 30 seconds (e.g. 1m, 30s) (value: "10s")',
      'indexPattern: must be a non-empty, valid index pattern (no spaces or illegal characters) (value: "logs custom")',
    ]);
    await configure("9.3");
    expect(await failures({ ...host, timestampField: "event.ingested", docsPerSecond: 100, delete_data: true, frequency: "10s" })).toEqual([]);
    expect(kibana.requests().length).toBe(before);
  });
});

describe("lifecycle on Entity Store v2", () => {
  it("create: reads the version, checks the type is not installed, installs it with the settings, waits until started", async () => {
    const inputs = await checked(host);
    const before = kibana.requests().length;
    const { id, outs } = await provider.create(inputs);
    const made = calls(before);
    expect(made.slice(0, 3)).toEqual(["GET /api/status 200", `GET ${V2}/status 200`, `POST ${V2}/install 201`]);
    expect(made.slice(3).every((c) => c === `GET ${V2}/status 200`)).toBe(true);
    expect(id).toBe("host");
    expect(outs).toMatchObject({ entity_type: "host", status: "started", enabled: true, lookbackPeriod: "24h", fieldHistoryLength: 5 });
    expect((await provider.diff!(id, outs, inputs)).changes).toBe(false);
    const status = (await kibanaFetch(kibana, "GET", `${V2}/status`)).body;
    expect(status.engines).toMatchObject([{ type: "host", status: "started", lookbackPeriod: "24h", fieldHistoryLength: 5 }]);
  });

  it("indexPattern goes to logExtraction.additionalIndexPatterns; the install (strictly validated by Kibana) passes", async () => {
    const inputs = await checked({ ...host, indexPattern: "logs-custom-*", filter: "host.os.type: linux" });
    expect(logExtractionOf(inputs)).toEqual({
      filter: "host.os.type: linux",
      fieldHistoryLength: 5,
      lookbackPeriod: "24h",
      additionalIndexPatterns: ["logs-custom-*"],
    });
    const { outs } = await provider.create(inputs);
    expect(outs).toMatchObject({ status: "started", indexPattern: "logs-custom-*", filter: "host.os.type: linux" });
  });

  it("enabled → one PUT stop/start per type; a setting → PUT update of the shared configuration; drift seen on refresh", async () => {
    const { id, inputs, outs } = await created(host);
    let before = kibana.requests().length;
    const stopped = await provider.update!(id, outs, await checked({ ...host, enabled: false }, inputs));
    expect(calls(before)).toEqual([`PUT ${V2}/stop 200`]);
    expect(stopped.outs).toMatchObject({ status: "stopped", enabled: false });
    before = kibana.requests().length;
    const news = await checked({ ...host, enabled: false, lookbackPeriod: "12h" }, inputs);
    const changed = await provider.update!(id, stopped.outs, news);
    expect(calls(before).slice(0, 2)).toEqual([`POST ${V2}/install 200`, `PUT ${V2} 200`]);
    expect(changed.outs).toMatchObject({ lookbackPeriod: "12h", status: "stopped" });
    await kibanaFetch(kibana, "PUT", V2, { logExtraction: { lookbackPeriod: "2h" } });
    resetEntityEngineReadCache();
    const read = await provider.read!(id, changed.outs);
    expect(read.props).toMatchObject({ lookbackPeriod: "2h" });
    expect((await provider.diff!(id, read.props!, news)).changes).toBe(true);
  });

  it("an installed type fails with the way to adopt; delete uninstalls the one type", async () => {
    await kibanaFetch(kibana, "POST", `${V2}/install`, { entityTypes: ["host", "user"] });
    await expect(provider.create(await checked(host))).rejects.toThrow('an entity engine for "host" already exists in this space');
    const adopted = await provider.create(await checked({ ...host, adopt: true }));
    expect(adopted.outs).toMatchObject({ status: "started", lookbackPeriod: "24h" });
    const before = kibana.requests().length;
    await provider.delete!("host", adopted.outs);
    expect(calls(before)).toEqual([`POST ${V2}/uninstall 200`]);
    expect((await kibanaFetch(kibana, "GET", `${V2}/status`)).body.engines.map((e: Obj) => e.type)).toEqual(["user"]);
  });

  it("without kibana:version, a v1-only argument is refused at create before any write", async () => {
    const inputs = await checked({ ...host, maxPageSearchSize: 500 });
    const before = kibana.requests().length;
    await expect(provider.create(inputs)).rejects.toThrow(`EntityEngine "host" in space "default": maxPageSearchSize: ${NO_V2}`);
    expect(calls(before)).toEqual(["GET /api/status 200"]);
  });
});
