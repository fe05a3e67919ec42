/**
 * Kibana's own API integration test expectations for Fleet Server hosts, replayed on the releases they hold for.
 * `FSH` = x-pack/platform/test/fleet_api_integration/apis/fleet_server_hosts/crud.ts (commit 023615d9), describe
 * `fleet_fleet_server_hosts_crud`. Numbering (F1…) follows the research notes.
 */
import { useEmulator } from "../__tests__/client";
import type { EmulatorOptions } from "../types";

const H = "/api/fleet/fleet_server_hosts";
const bad = (message: string) => ({ statusCode: 400, error: "Bad Request", message });

function on(version: string, opts: EmulatorOptions = {}) {
  const kibana = useEmulator({ version, ...opts });
  const c = kibana.c;
  return () => c;
}

for (const version of ["8.19.17", "9.4.2"]) {
  describe(`Fleet Server hosts: Kibana's expectations on ${version}`, () => {
    const c = on(version);
    const createDefault = async () =>
      (await c().post(H, { name: "Default", is_default: true, host_urls: ["https://test.fr:8080", "https://test.fr:8081"] })).body.item.id as string;

    it("F1/F18 FSH 'should return the requested fleet server host': exactly these keys, explicit ports unchanged", async () => {
      const id = await createDefault();
      const r = await c().get(`${H}/${id}`);
      expect(r.body).toEqual({
        item: { id, name: "Default", is_default: true, host_urls: ["https://test.fr:8080", "https://test.fr:8081"], is_preconfigured: false },
      });
    });

    it("F2 FSH 'should list the fleet server hosts'", async () => {
      await createDefault();
      await c().post(H, { name: "Other", host_urls: ["https://other.fr:8080"] });
      const r = await c().get(H);
      expect([r.status, r.body.items.length, r.body.total, r.body.page, r.body.perPage]).toEqual([200, 2, 2, 1, 10000]);
    });

    it("F3 FSH 'should return a 404 when retrieving a non existing fleet server host'", async () => {
      const r = await c().get(`${H}/idonotexists`);
      expect([r.status, r.body]).toEqual([404, { statusCode: 404, error: "Not Found", message: "Fleet server idonotexists not found" }]);
    });

    it("F4/F5 FSH 'should allow to create a default fleet server host with id', 'should not unset default fleet server host on id conflict'", async () => {
      const body = { name: "Default with id", is_default: true, host_urls: ["https://test.fr:8080"], id: "test-123" };
      expect((await c().post(H, body)).status).toBe(200);
      expect((await c().get(`${H}/test-123`)).body.item.is_default).toBe(true);
      expect((await c().post(H, body)).status).toBe(409);
      expect((await c().get(`${H}/test-123`)).body.item.is_default).toBe(true);
    });

    it("F6 FSH 'should not allow ssl.key and secrets.ssl.key …', '… ssl.es_key and secrets.ssl.es_key …' (POST and PUT, before the 404)", async () => {
      const base = { name: "Secrets", host_urls: ["https://test.fr:8080"] };
      for (const key of ["key", "es_key", "agent_key"]) {
        const r = await c().post(H, { ...base, ssl: { [key]: "KEY" }, secrets: { ssl: { [key]: "KEY" } } });
        expect([key, r.status, r.body]).toEqual([key, 400, bad(`Cannot specify both ssl.${key} and secrets.ssl.${key}`)]);
        const put = await c().put(`${H}/idonotexists`, { ssl: { [key]: "KEY" }, secrets: { ssl: { [key]: "KEY" } } });
        expect([key, put.status, put.body]).toEqual([key, 400, bad(`Cannot specify both ssl.${key} and secrets.ssl.${key}`)]);
      }
    });

    it("F8/F11 FSH 'should store secrets if fleet server meets minimum version', 'should allow secrets to be updated + delete unused secret'", async () => {
      const r = await c().post(H, { name: "S", host_urls: ["https://test.fr:8080"], secrets: { ssl: { key: "KEY1", es_key: "KEY2" } } });
      const { key, es_key } = r.body.item.secrets.ssl;
      expect([typeof key.id, typeof es_key.id, r.text.includes("KEY1")]).toEqual(["string", "string", false]);
      const put = await c().put(`${H}/${r.body.item.id}`, { secrets: { ssl: { key: "NEW_KEY" } } });
      expect(put.body.item.secrets.ssl.key.id).not.toBe(key.id);
    });

    it("F9 FSH 'should allow to update an existing fleet server host' (partial) and '…with SSL options'", async () => {
      const id = await createDefault();
      await c().put(`${H}/${id}`, { name: "Default updated" });
      expect((await c().get(`${H}/${id}`)).body.item).toMatchObject({
        name: "Default updated",
        host_urls: ["https://test.fr:8080", "https://test.fr:8081"],
        is_default: true,
      });
      const ssl = {
        certificate_authorities: ["cert authorities"],
        certificate: "path/to/cert",
        es_certificate: "path/to/EScert",
        es_certificate_authorities: ["es authorities"],
      };
      await c().put(`${H}/${id}`, { ssl });
      expect((await c().get(`${H}/${id}`)).body.item.ssl).toEqual(ssl);
    });

    it("F10 FSH 'should return a 404 when updating a non existing fleet server host'", async () => {
      expect((await c().put(`${H}/idonotexists`, { name: "x" })).status).toBe(404);
    });

    it("F12 FSH 'should allow to delete an a fleet server host'", async () => {
      const r = await c().post(H, { name: "Gone", host_urls: ["https://test.fr:8080"] });
      expect((await c().del(`${H}/${r.body.item.id}`)).body).toEqual({ id: r.body.item.id });
      expect((await c().get(`${H}/${r.body.item.id}`)).status).toBe(404);
    });

    it("F15 route schemas (server/types/rest_spec/fleet_server_policy_config.ts): PUT has no id/is_preconfigured, unknown keys refused", async () => {
      const id = await createDefault();
      expect((await c().put(`${H}/${id}`, { id: "x" })).body).toEqual(bad("[request body.id]: definition for this key is missing"));
      expect((await c().put(`${H}/${id}`, { is_preconfigured: true })).body).toEqual(
        bad("[request body.is_preconfigured]: definition for this key is missing"),
      );
      expect((await c().post(H, { name: "x", host_urls: ["https://a.fr"], nope: 1 })).body).toEqual(
        bad("[request body.nope]: definition for this key is missing"),
      );
    });

    it("F19 service update: making a host the default unsets the previous default", async () => {
      const first = await createDefault();
      const second = (await c().post(H, { name: "B", host_urls: ["https://b.fr:8080"] })).body.item.id as string;
      await c().put(`${H}/${second}`, { is_default: true });
      expect([(await c().get(`${H}/${first}`)).body.item.is_default, (await c().get(`${H}/${second}`)).body.item.is_default]).toEqual([false, true]);
    });
  });
}

describe("Fleet Server hosts: F7 FSH 'should not store secrets if fleet server does not meet minimum version'", () => {
  const c = on("9.4.2", { fleet: { secretStorage: false } });

  it("secrets are folded into ssl and no secrets key is returned", async () => {
    const r = await c().post(H, { name: "S", host_urls: ["https://test.fr:8080"], secrets: { ssl: { key: "KEY1", es_key: "KEY2" } } });
    expect([r.status, r.body.item.secrets, r.body.item.ssl.key, r.body.item.ssl.es_key]).toEqual([200, undefined, "KEY1", "KEY2"]);
  });
});

describe("Fleet Server hosts: F13 service delete (9.x: FleetServerHostUnauthorizedError → 403)", () => {
  const c = on("9.4.2", { fleet: { preconfiguredHosts: [{ id: "preconf", name: "P", host_urls: ["https://p.fr:8220"] }] } });

  it("the default and a preconfigured host cannot be deleted", async () => {
    const id = (await c().post(H, { name: "D", is_default: true, host_urls: ["https://d.fr:8080"] })).body.item.id as string;
    expect((await c().del(`${H}/${id}`)).body).toEqual({ statusCode: 403, error: "Forbidden", message: `Default Fleet Server hosts ${id} cannot be deleted.` });
    expect((await c().del(`${H}/preconf`)).body).toEqual({
      statusCode: 403,
      error: "Forbidden",
      message: "Cannot delete preconf preconfigured fleet server host",
    });
  });
});

describe("Fleet Server hosts: F15 length bounds per version (KIBANA_FEATURES fleetServerHostBounds; none in 8.19.0–8.19.20)", () => {
  const c819 = on("8.19.17");
  it("8.19 takes a 256-character name", async () => {
    expect((await c819().post(H, { name: "n".repeat(256), host_urls: ["https://a.fr:8080"] })).status).toBe(200);
  });
});

describe("Fleet Server hosts: F15 length bounds on 9.4", () => {
  const c94 = on("9.4.2");
  it("9.4 refuses a 256-character name with config-schema's text", async () => {
    const r = await c94().post(H, { name: "n".repeat(256), host_urls: ["https://a.fr:8080"] });
    expect([r.status, r.body]).toEqual([400, bad("[request body.name]: value has length [256] but it must have a maximum length of [255].")]);
  });
});
