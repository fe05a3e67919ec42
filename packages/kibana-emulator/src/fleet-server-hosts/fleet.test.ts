import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { EmulatorOptions, RunningEmulator } from "../types";

const H = "/api/fleet/fleet_server_hosts";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
const host = { name: "Fleet A", host_urls: ["https://fleet-a.example.com"] };
const options: EmulatorOptions = {
  fleet: { preconfiguredHosts: [{ id: "fleet-preconf", name: "From kibana.yml", host_urls: ["https://preconf.example.com:8220"] }] },
};

function suite(opts: EmulatorOptions, checkViolations: boolean) {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...options, ...opts });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());
  if (checkViolations) afterEach(() => expect(emu.violations()).toEqual([]));
  return { emu: () => emu, c: () => c };
}

describe("Fleet Server hosts (kibana-behaviour.md §5)", () => {
  const t = suite({}, false);

  it("create normalises host URLs (explicit default port) and answers {item}", async () => {
    const r = await t.c().post(H, { ...host, host_urls: ["https://fleet-a.example.com", "http://fleet-a.example.com/base/"] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      item: {
        id: expect.any(String),
        name: "Fleet A",
        host_urls: ["https://fleet-a.example.com:443", "http://fleet-a.example.com:80/base/"],
        is_default: false,
        is_preconfigured: false,
      },
    });
    expect((await t.c().get(`${H}/${r.body.item.id}`)).body).toEqual(r.body);
    // global, whatever the space prefix
    expect((await t.c().get(`/s/other${H}/${r.body.item.id}`)).status).toBe(200);
  });

  it("keeps secrets.ssl in Fleet's secret store and returns references only", async () => {
    const r = await t.c().post(H, {
      ...host,
      id: "with-tls",
      ssl: { certificate: "CERT", certificate_authorities: ["CA"], client_auth: "required" },
      secrets: { ssl: { key: KEY } },
    });
    expect(r.body.item).toMatchObject({
      id: "with-tls",
      ssl: { certificate: "CERT", certificate_authorities: ["CA"], client_auth: "required" },
      secrets: { ssl: { key: { id: expect.any(String) } } },
    });
    expect(r.text).not.toContain("MIIEv");
    expect((await t.c().get(`${H}/with-tls`)).text).not.toContain("MIIEv");
  });

  it("is_default: true unsets the previous default", async () => {
    const a = (await t.c().post(H, { ...host, is_default: true })).body.item;
    const b = (await t.c().post(H, { ...host, name: "Fleet B", is_default: true })).body.item;
    expect((await t.c().get(`${H}/${a.id}`)).body.item.is_default).toBe(false);
    expect(b.is_default).toBe(true);
    await t.c().put(`${H}/${a.id}`, { is_default: true });
    expect((await t.c().get(`${H}/${b.id}`)).body.item.is_default).toBe(false);
    const list = (await t.c().get(H)).body;
    expect(list).toMatchObject({ total: 3, page: 1, perPage: 10000 });
    expect(list.items.filter((h: any) => h.is_default).map((h: any) => h.id)).toEqual([a.id]);
  });

  it("PUT keeps omitted fields but clears proxy_id when omitted; ssl: null removes ssl; id is refused", async () => {
    const a = (await t.c().post(H, { ...host, proxy_id: "proxy-1", ssl: { certificate: "C" }, is_internal: true })).body.item;
    const r = await t.c().put(`${H}/${a.id}`, { name: "Renamed" });
    expect(r.body.item).toEqual({
      id: a.id,
      name: "Renamed",
      host_urls: ["https://fleet-a.example.com:443"],
      is_default: false,
      is_preconfigured: false,
      is_internal: true,
      ssl: { certificate: "C" },
    });
    expect((await t.c().put(`${H}/${a.id}`, { ssl: null })).body.item).not.toHaveProperty("ssl");
    expect((await t.c().put(`${H}/${a.id}`, { id: "x" })).body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "[request body.id]: definition for this key is missing",
    });
    expect((await t.c().put(`${H}/missing`, { name: "x" })).body).toEqual({ statusCode: 404, error: "Not Found", message: "Fleet server missing not found" });
  });

  it("validation: config-schema texts, id rules, duplicates, invalid URLs", async () => {
    expect((await t.c().post(H, { name: "x" })).body.message).toBe("[request body.host_urls]: expected value of type [array] but got [undefined]");
    expect((await t.c().post(H, { ...host, host_urls: [] })).body.message).toBe("[request body.host_urls]: array size is [0], but cannot be smaller than [1]");
    expect((await t.c().post(H, { ...host, ssl: { client_auth: "sometimes" } })).body.message).toBe(
      "[request body.ssl.client_auth]: types that failed validation:\n- [request body.ssl.client_auth.0]: expected value to equal [optional]\n- [request body.ssl.client_auth.1]: expected value to equal [required]\n- [request body.ssl.client_auth.2]: expected value to equal [none]",
    );
    expect((await t.c().post(H, { ...host, id: "a/b" })).body.message).toBe('id is not valid: must not contain path separators ("/") or ".."');
    await t.c().post(H, { ...host, id: "dup" });
    expect((await t.c().post(H, { ...host, id: "dup" })).body).toEqual({
      statusCode: 409,
      error: "Conflict",
      message: "Saved object [fleet-fleet-server-host/dup] conflict",
    });
    expect((await t.c().post(H, { ...host, host_urls: ["not a url"] })).body).toEqual({
      statusCode: 500,
      error: "Internal Server Error",
      message: "Invalid URL",
    });
  });

  it("delete: 200 {id}; the default and preconfigured hosts are refused with 403; missing is 404", async () => {
    const a = (await t.c().post(H, host)).body.item;
    expect((await t.c().del(`${H}/${a.id}`)).body).toEqual({ id: a.id });
    expect((await t.c().del(`${H}/${a.id}`)).status).toBe(404);
    const d = (await t.c().post(H, { ...host, is_default: true })).body.item;
    expect((await t.c().del(`${H}/${d.id}`)).body).toEqual({
      statusCode: 403,
      error: "Forbidden",
      message: `Default Fleet Server hosts ${d.id} cannot be deleted.`,
    });
    expect((await t.c().del(`${H}/fleet-preconf`)).body).toEqual({
      statusCode: 403,
      error: "Forbidden",
      message: "Cannot delete fleet-preconf preconfigured fleet server host",
    });
    expect((await t.c().get(`${H}/fleet-preconf`)).body.item).toMatchObject({ is_preconfigured: true, host_urls: ["https://preconf.example.com:8220"] });
  });
});

describe("Fleet Server hosts without secret storage", () => {
  const t = suite({ fleet: { secretStorage: false } }, false);

  it("stores secrets.ssl in ssl, in plain text (what older Fleet does)", async () => {
    const r = await t.c().post(H, { ...host, secrets: { ssl: { key: KEY } } });
    expect(r.body.item.ssl).toEqual({ key: KEY });
    expect(r.body.item).not.toHaveProperty("secrets");
  });
});

describe("Fleet Server hosts in contract mode (fleet_bundled.yaml, extended with ssl/secrets)", () => {
  const t = suite({ contract: true }, true);

  it("a full lifecycle records zero violations", async () => {
    const a = (
      await t.c().post(H, {
        ...host,
        id: "contract-a",
        is_default: true,
        is_internal: false,
        ssl: { certificate_authorities: ["CA"], client_auth: "optional" },
        secrets: { ssl: { key: KEY, es_key: KEY } },
      })
    ).body.item;
    expect(a.id).toBe("contract-a");
    await t.c().post(H, { name: "Fleet B", host_urls: ["https://b.example.com:8220"], proxy_id: null });
    expect((await t.c().get(H)).body.total).toBe(3);
    expect((await t.c().put(`${H}/contract-a`, { name: "A2", proxy_id: null, ssl: null, secrets: { ssl: { key: null } } })).status).toBe(200);
    expect((await t.c().get(`${H}/contract-a`)).body.item.secrets).toEqual({ ssl: { es_key: { id: expect.any(String) } } });
    expect((await t.c().del(`${H}/contract-a`)).status).toBe(403);
    expect((await t.c().get(`${H}/nope`)).status).toBe(404);
  });
});

describe("Fleet Server hosts contract mode catches a client error", () => {
  const t = suite({ contract: true }, false);

  it("an ssl field of the wrong type is a request violation (the bundle was extended with Fleet's ssl schema)", async () => {
    const r = await t.c().post(H, { ...host, ssl: { certificate_authorities: "CA" } });
    expect(r.status).toBe(500);
    expect(t.emu().violations()[0]!.errors).toContain("/ssl/certificate_authorities must be array");
  });
});

describe("persistence", () => {
  it("hosts and Fleet secrets survive a restart with the same data file", async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), "esac-fleet-")), "data.json");
    const first = await startEmulator({ port: 0, dataFile });
    await client(first).post(H, { ...host, id: "kept", secrets: { ssl: { key: KEY } } });
    await first.stop();
    expect(readFileSync(dataFile, "utf8")).toContain("kept");
    const second = await startEmulator({ port: 0, dataFile });
    try {
      expect((await client(second).get(`${H}/kept`)).body.item.secrets.ssl.key.id).toEqual(expect.any(String));
    } finally {
      await second.stop();
    }
  });
});

describe("faults and latency apply to these routes like to any other", () => {
  it("a fault on /api/fleet/* fires for a space-prefixed call, then the call goes through", async () => {
    const emu = await startEmulator({ port: 0, latencyMs: 50, faults: [{ method: "POST", path: "/api/fleet/*", status: 503, times: 1 }] });
    try {
      const first = await client(emu).post(`/s/x${H}`, host);
      expect([first.status, first.body.message]).toEqual([503, "Kibana server is not ready yet"]);
      expect((await client(emu).post(`/s/x${H}`, host)).status).toBe(200);
      expect(emu.requests().map((r) => [r.status, r.faulted ?? false])).toEqual([
        [503, true],
        [200, false],
      ]);
      // Node timers may fire up to ~1 ms early: check the latency was applied, with a margin, not its precision.
      expect(emu.requests()[1]!.durationMs).toBeGreaterThanOrEqual(45);
    } finally {
      await emu.stop();
    }
  });
});
