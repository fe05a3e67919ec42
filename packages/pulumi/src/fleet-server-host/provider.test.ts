import type { RunningEmulator } from "@esac/kibana-emulator";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, startTestKibana, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { fleetServerHostProvider as provider, resetFleetServerHostReadCache } from "./provider";

type Obj = Record<string, any>;

const H = "/api/fleet/fleet_server_hosts";
const SALT = "test-salt-0123456789abcdef";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-fleet\n-----END PRIVATE KEY-----";
const host = { name: "Fleet A", host_urls: ["https://fleet-a.example.com"], host_id: "fleet-a", secrets_salt: SALT };

const emulator = useTestKibana(provider, resetFleetServerHostReadCache, {
  fleet: { preconfiguredHosts: [{ id: "fleet-yml", name: "From kibana.yml", host_urls: ["https://yml.example.com:8220"] }] },
});

const { checked, created } = providerSteps(provider);

describe("check", () => {
  it("names the field and the reason, with no HTTP call; unknowns pass at preview", async () => {
    const before = emulator.kibana.requests().length;
    const failures = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => `${f.property}|${f.reason}`);
    expect(await failures({ ...host, host_urls: ["fleet-a:8220"] })).toEqual(['|host_urls.0: must be an http(s) URL (value: "fleet-a:8220")']);
    expect(await failures({ ...host, ssl: { client_auth: "always" } })).toEqual([expect.stringMatching(/^\|ssl\.client_auth: .* \(value: "always"\)$/)]);
    expect(await failures({ ...host, host_id: "a/b" })).toEqual(['|id: must not contain path separators ("/") or ".." (value: "a/b")']);
    expect(await failures({ ...host, space_id: "soc" })).toEqual([
      '|space_id: unknown argument (expected one of name, host_urls, is_default, is_internal, proxy_id, ssl, secrets, id, connection, adopt, overwrite_concurrent_edits) (value: "soc")',
    ]);
    expect(await failures({ ...host, host_id: undefined, adopt: true })).toEqual([expect.stringMatching(/^\|adopt: needs an `id`/)]);
    expect(await failures({ ...host, host_urls: UNKNOWN, secrets: UNKNOWN })).toEqual([]);
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("never shows a TLS key, in ssl or in secrets, whatever its shape", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nK3y-material\n-----END PRIVATE KEY-----";
    const failures = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => f.reason);
    const all = [
      ...(await failures({ ...host, ssl: key })),
      ...(await failures({ ...host, ssl: { certificate: "CERT", key: 5, kye: key } })),
      ...(await failures({ ...host, secrets: key })),
      ...(await failures({ ...host, secrets: { ssl: { key: 42, es_kye: key } } })),
    ];
    expect(all).toEqual([
      expect.stringMatching(/^ssl: .* \(value not shown: secret\)$/),
      expect.stringMatching(/^ssl\.key: .* \(value not shown: secret\)$/),
      "ssl.kye: unknown key; did you mean `key`? (value not shown: secret)",
      expect.stringMatching(/^secrets: .* \(value not shown: secret\)$/),
      expect.stringMatching(/^secrets\.ssl\.key: .* \(value not shown: secret\)$/),
      "secrets.ssl.es_kye: unknown key; did you mean `es_key`? (value not shown: secret)",
    ]);
    for (const line of all) expect(line).not.toContain("K3y");
  });
});

describe("create / read / update / delete", () => {
  it("creates with one call; Fleet's explicit ports show no diff; key material never reaches state", async () => {
    const before = emulator.kibana.requests().length;
    const { id, inputs, outs } = await created({ ...host, ssl: { certificate_authorities: ["CA"], client_auth: "optional" }, secrets: { ssl: { key: KEY } } });
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "POST", path: H, status: 200 }]);
    expect(outs).toEqual({
      host_id: "fleet-a",
      name: "Fleet A",
      host_urls: ["https://fleet-a.example.com:443"],
      is_default: false,
      is_internal: false,
      is_preconfigured: false,
      ssl: { certificate_authorities: ["CA"], client_auth: "optional" },
      secrets_hash: expect.stringMatching(/^hmac-sha256:/),
    });
    expect(JSON.stringify(outs)).not.toContain("MIIEv");
    expect(await provider.diff!(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
    const explicit = await checked(
      {
        ...host,
        host_urls: ["https://fleet-a.example.com:443/"],
        ssl: { certificate_authorities: ["CA"], client_auth: "optional" },
        secrets: { ssl: { key: KEY } },
      },
      inputs,
    );
    expect((await provider.diff!(id, outs, explicit)).changes).toBe(false);
  });

  it("updates with one PUT: changed key → update; removed keys are removed in Fleet too", async () => {
    const { id, inputs, outs } = await created({ ...host, secrets: { ssl: { key: KEY } } });
    const rotated = await checked({ ...host, secrets: { ssl: { key: `${KEY}-rotated` } } }, inputs);
    expect((await provider.diff!(id, outs, rotated)).changes).toBe(true);
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, rotated);
    // The listing is the concurrent-edit check's (one per process); the update itself is one PUT.
    expect(callsSince(emulator.kibana, before)).toEqual([
      { method: "GET", path: H, status: 200 },
      { method: "PUT", path: `${H}/fleet-a`, status: 200 },
    ]);
    expect((await provider.diff!(id, updated.outs, rotated)).changes).toBe(false);
    const noKeys = await checked({ ...host }, rotated);
    await provider.update!(id, updated.outs, noKeys);
    expect((await kibanaFetch(emulator.kibana, "GET", `${H}/fleet-a`)).body.item).not.toHaveProperty("secrets");
  });

  it("is_default moves: refresh of the previous default shows is_default false, and the next up claims it back", async () => {
    const a = await created({ ...host, is_default: true });
    const b = await created({ ...host, host_id: "fleet-b", name: "Fleet B", is_default: true });
    expect(b.outs.is_default).toBe(true);
    const before = emulator.kibana.requests().length;
    const [readA, readB] = await Promise.all([provider.read!(a.id, a.outs), provider.read!(b.id, b.outs)]);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "GET", path: H, status: 200 }]);
    expect(readA.props).toMatchObject({ is_default: false });
    expect(readB.props).toMatchObject({ is_default: true });
    expect(await provider.diff!(a.id, readA.props!, a.inputs)).toMatchObject({ changes: true });
  });

  it("a cached listing is not served stale after a default moved in this process", async () => {
    const a = await created({ ...host, is_default: true });
    await provider.read!(a.id, a.outs); // loads the snapshot: a is default
    await created({ ...host, host_id: "fleet-b", is_default: true });
    expect((await provider.read!(a.id, a.outs)).props).toMatchObject({ is_default: false });
  });

  it("refresh shows out-of-band edits and deletion; inputs (secrets) are left alone", async () => {
    const { id, inputs, outs } = await created({ ...host, proxy_id: "proxy-1" });
    await kibanaFetch(emulator.kibana, "PUT", `${H}/fleet-a`, { name: "renamed in UI" });
    resetFleetServerHostReadCache();
    const read = await provider.read!(id, outs);
    expect(read).not.toHaveProperty("inputs");
    expect(read.props).toMatchObject({ name: "renamed in UI", secrets_hash: outs.secrets_hash });
    expect(read.props).not.toHaveProperty("proxy_id"); // Fleet clears proxy_id on a PUT without it
    expect((await provider.diff!(id, read.props!, inputs)).changes).toBe(true);
    const fixed = await provider.update!(id, read.props!, inputs);
    expect(fixed.outs).toMatchObject({ name: "Fleet A", proxy_id: "proxy-1" });
    await kibanaFetch(emulator.kibana, "DELETE", `${H}/fleet-a`);
    resetFleetServerHostReadCache();
    expect(await provider.read!(id, outs)).toEqual({});
  });

  it("replaces (delete first) on an explicit id change only", async () => {
    const { id, inputs, outs } = await created(host);
    expect(await provider.diff!(id, outs, await checked({ ...host, host_id: "fleet-z" }, inputs))).toMatchObject({
      replaces: ["host_id"],
      deleteBeforeReplace: true,
    });
    expect(await provider.diff!(id, outs, await checked({ ...host, host_id: undefined }, inputs))).toMatchObject({ changes: false, replaces: [] });
  });

  it("deletes with one call; gone counts as deleted; Fleet's refusals for the default and preconfigured hosts are explained", async () => {
    const { id, outs } = await created(host);
    const before = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    expect(callsSince(emulator.kibana, before).map((c) => `${c.method} ${c.status}`)).toEqual(["DELETE 200", "DELETE 404"]);
    const d = await created({ ...host, is_default: true });
    await expect(provider.delete!(d.id, d.outs)).rejects.toThrow(
      /Fleet's default Fleet Server host.*\(403: Default Fleet Server hosts fleet-a cannot be deleted\.\).*is_default: true on it/s,
    );
    await expect(provider.delete!("fleet-yml", { host_id: "fleet-yml", name: "From kibana.yml" })).rejects.toThrow(
      /preconfigured in kibana\.yml.*\(403: Cannot delete fleet-yml preconfigured fleet server host\)/s,
    );
  });

  it("an existing id fails with the way to adopt; adopt takes it over, but never a preconfigured host", async () => {
    await kibanaFetch(emulator.kibana, "POST", H, { id: "fleet-a", name: "UI", host_urls: ["https://ui.example.com"] });
    await expect(provider.create(await checked(host))).rejects.toThrow(/already exists.*adopt: true/s);
    const before = emulator.kibana.requests().length;
    const adopted = await provider.create(await checked({ ...host, adopt: true }));
    // The listing first: a host already as the program says is taken over without a write; this one differs.
    expect(callsSince(emulator.kibana, before).map((c) => `${c.method} ${c.status}`)).toEqual(["GET 200", "POST 409", "GET 200", "PUT 200"]);
    expect(adopted.outs).toMatchObject({ name: "Fleet A", host_urls: ["https://fleet-a.example.com:443"], adopt: true });
    await expect(provider.create(await checked({ ...host, host_id: "fleet-yml", adopt: true }))).rejects.toThrow(/preconfigured in kibana\.yml/);
  });
});

describe("without Fleet secret storage (older Fleet): keys come back in plain ssl", () => {
  let plain: RunningEmulator;
  beforeAll(async () => {
    plain = await startTestKibana({ fleet: { secretStorage: false } });
  });
  afterAll(() => plain.stop());

  it("never copies them into state, and shows no diff", async () => {
    const connection = { endpoint: plain.url, apiKey: plain.apiKey };
    const { id, inputs, outs } = await created({ ...host, connection, ssl: { certificate: "CERT", key: KEY }, secrets: { ssl: { es_key: KEY } } });
    expect((await kibanaFetch(plain, "GET", `${H}/fleet-a`)).body.item.ssl).toEqual({ certificate: "CERT", key: KEY, es_key: KEY });
    expect(outs.ssl).toEqual({ certificate: "CERT" });
    expect(JSON.stringify(outs)).not.toContain("MIIEv");
    resetFleetServerHostReadCache();
    const read = await provider.read!(id, outs);
    expect(JSON.stringify(read)).not.toContain("MIIEv");
    expect((await provider.diff!(id, read.props!, inputs)).changes).toBe(false);
  });
});
