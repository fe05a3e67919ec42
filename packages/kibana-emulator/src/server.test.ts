import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { client, RULE_BODIES, RULES } from "./__tests__/client";
import { NEWEST_SUPPORTED_KIBANA } from "@esac/kibana-client";
import { startEmulator, withEmulator } from "./server";
import type { RunningEmulator } from "./types";

describe("cross-cutting behaviour (kibana-behaviour.md §0)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.clearRequests();
    emu.setFaults([]);
    emu.setLatency(0);
  });

  it("exposes url and default credentials", () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.username).toBe("elastic");
    expect(emu.password).toBe("changeme");
    expect(Buffer.from(emu.apiKey, "base64").toString()).toMatch(/^[\w-]+:[\w-]+$/);
  });

  describe("authentication (§0.5)", () => {
    it("401 without credentials", async () => {
      const r = await c.get(`${RULES}/_find`, { auth: "none" });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ statusCode: 401, error: "Unauthorized", message: "Unauthorized" });
    });

    it("401 with a wrong API key", async () => {
      const r = await c.get(`${RULES}/_find`, { auth: { header: "ApiKey bm9wZTpub3Bl" } });
      expect(r.status).toBe(401);
      expect(r.body.statusCode).toBe(401);
      expect(r.body.error).toBe("Unauthorized");
      expect(r.body.message).toMatch(/^\[security_exception\n\tRoot causes:\n\t\tsecurity_exception: unable to authenticate/);
    });

    it("401 with wrong basic credentials, naming the user", async () => {
      const r = await c.get(`${RULES}/_find`, { auth: { header: `Basic ${Buffer.from("elastic:wrong").toString("base64")}` } });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        statusCode: 401,
        error: "Unauthorized",
        message:
          "[security_exception\n\tRoot causes:\n\t\tsecurity_exception: unable to authenticate user [elastic] for REST request [/_security/_authenticate]]: unable to authenticate user [elastic] for REST request [/_security/_authenticate]",
      });
    });

    it("accepts the API key and basic auth; records the user as created_by", async () => {
      expect((await c.get(`${RULES}/_find`)).status).toBe(200);
      const basic = await c.post(RULES, RULE_BODIES.query, { auth: "basic" });
      expect(basic.status).toBe(200);
      expect(basic.body.created_by).toBe("elastic");
      expect(basic.body.updated_by).toBe("elastic");
    });

    it("uses the configured basic username for created_by/updated_by", async () => {
      await withEmulator({ username: "alice", password: "s3cret" }, async (e) => {
        const r = await client(e).post(RULES, RULE_BODIES.query, { auth: "basic" });
        expect(r.status).toBe(200);
        expect(r.body.created_by).toBe("alice");
        const viaKey = await client(e).post(RULES, { ...RULE_BODIES.query, rule_id: "k" });
        expect(viaKey.body.created_by).toBe("elastic");
      });
    });

    it("answers 404 for unknown routes before authentication", async () => {
      for (const auth of ["none", "apikey"] as const) {
        const r = await c.get("/api/nope", { auth });
        expect(r.status).toBe(404);
        expect(r.body).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
      }
      // wrong method on a known path is also a 404
      expect((await c.call("DELETE", `${RULES}/_find`)).status).toBe(404);
    });
  });

  describe("headers (§0.2)", () => {
    it("requires kbn-xsrf on non-GET requests (after auth)", async () => {
      const r = await c.post(RULES, RULE_BODIES.query, { xsrf: false });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ statusCode: 400, error: "Bad Request", message: "Request must contain a kbn-xsrf header." });
      // auth is checked first
      expect((await c.post(RULES, RULE_BODIES.query, { xsrf: false, auth: "none" })).status).toBe(401);
      // kbn-version replaces kbn-xsrf
      expect((await c.post(RULES, RULE_BODIES.query, { xsrf: false, headers: { "kbn-version": "9.3.0" } })).status).toBe(200);
      // GET never needs it
      expect((await c.get(`${RULES}/_find`, { xsrf: false })).status).toBe(200);
    });

    it("accepts a missing or correct elastic-api-version and echoes it", async () => {
      const none = await c.get(`${RULES}/_find`);
      expect(none.headers.get("elastic-api-version")).toBe("2023-10-31");
      const explicit = await c.get(`${RULES}/_find`, { headers: { "elastic-api-version": "2023-10-31" } });
      expect(explicit.status).toBe(200);
    });

    it("rejects malformed and unknown versions, and the apiVersion query parameter", async () => {
      const bad = await c.get(`${RULES}/_find`, { headers: { "elastic-api-version": "abc" } });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        statusCode: 400,
        error: "Bad Request",
        message: 'Invalid version. Received "abc", expected a valid date string formatted as YYYY-MM-DD.',
      });
      const unknown = await c.post(RULES, RULE_BODIES.query, { headers: { "elastic-api-version": "2024-01-01" } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toBe('No version "2024-01-01" available for [post] [/api/detection_engine/rules]. Available versions are: [2023-10-31]');
      const q = await c.get(`${RULES}/_find?apiVersion=2023-10-31`);
      expect(q.status).toBe(400);
      expect(q.body.message).toBe('Use of query parameter "apiVersion" is not allowed. Please specify the API version using the "elastic-api-version" header.');
    });

    it("answers 400 for an invalid JSON payload and 415 for other content types", async () => {
      const r = await c.call("POST", RULES, { raw: "{nope", headers: { "content-type": "application/json" } });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ statusCode: 400, error: "Bad Request", message: "Invalid request payload JSON format" });
      const t = await c.call("POST", RULES, { raw: "x", headers: { "content-type": "text/plain" } });
      expect(t.status).toBe(415);
      expect(t.body.error).toBe("Unsupported Media Type");
    });
  });

  describe("spaces (§0.1)", () => {
    it("isolates data per space, accepting unknown spaces", async () => {
      const inSec = await c.post(`/s/sec${RULES}`, { ...RULE_BODIES.query, rule_id: "space-rule" });
      expect(inSec.status).toBe(200);
      expect((await c.get(`${RULES}?rule_id=space-rule`)).status).toBe(404);
      expect((await c.get(`/s/sec${RULES}?rule_id=space-rule`)).body.id).toBe(inSec.body.id);
      expect((await c.get(`/s/other${RULES}/_find`)).body.total).toBe(0);

      const inDefault = await c.post(RULES, { ...RULE_BODIES.query, rule_id: "space-rule" }); // same rule_id, other space: no conflict
      expect(inDefault.status).toBe(200);
      expect((await c.get(`/s/sec${RULES}/_find`)).body.data.map((r: any) => r.id)).toEqual([inSec.body.id]);
      expect((await c.get(`/s/default${RULES}/_find`)).body.data.map((r: any) => r.id)).toEqual([inDefault.body.id]);
    });

    it("does not treat an invalid space id as a prefix", async () => {
      const r = await c.get(`/s/Not-Valid${RULES}/_find`);
      expect(r.status).toBe(404);
    });

    it("records the space of each request", async () => {
      await c.get(`/s/sec${RULES}/_find?page=2`);
      const rec = emu.requests().at(-1)!;
      expect(rec).toMatchObject({ method: "GET", path: `/s/sec${RULES}/_find`, query: { page: "2" }, status: 200, spaceId: "sec" });
    });
  });

  describe("GET /api/status (§0.7)", () => {
    it("redacts the body without credentials", async () => {
      const r = await c.get("/api/status", { auth: "none" });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: { overall: { level: "available" } } });
    });

    it("returns the full v8 body when authenticated", async () => {
      const r = await c.get("/api/status");
      expect(r.status).toBe(200);
      expect(r.body.name).toBe("kibana");
      expect(r.body.version).toMatchObject({ number: NEWEST_SUPPORTED_KIBANA, build_flavor: "traditional", build_snapshot: false });
      expect(r.body.status.overall.level).toBe("available");
      expect(r.body.status.core.elasticsearch.level).toBe("available");
      expect(r.headers.get("elastic-api-version")).toBe("2023-10-31");
    });

    it.each([
      ["8.19", "8.19.0"],
      ["8.19.17", "8.19.17"],
      ["9.3.6", "9.3.6"],
    ])("reports the release it was started as (version %s → %s)", async (requested, number) => {
      await withEmulator({ version: requested }, async (e) => {
        const r = await client(e).get("/api/status");
        expect(r.body.version.number).toBe(number);
      });
    });

    it.each([
      ["8.18.4", "esac supports Kibana 8.19.0 and later"],
      ["9.5.0", "esac knows Kibana up to 9.4.x"],
      ["latest", "must be a Kibana version such as 8.19.17 or 9.4"],
    ])("refuses to start as %s, naming the value and the reason", async (requested, reason) => {
      await expect(startEmulator({ version: requested })).rejects.toThrow(`version: ${reason}, got "${requested}"`);
    });

    it("supports v7format and rejects both formats", async () => {
      expect((await c.get("/api/status?v7format=true")).body.status.overall.state).toBe("green");
      const both = await c.get("/api/status?v7format=true&v8format=true");
      expect(both.status).toBe(400);
      expect(both.body.message).toBe("[request query]: provide only one format option: v7format or v8format");
    });
  });

  describe("faults", () => {
    it("injects a 429 with Retry-After, `times` times, then stops", async () => {
      emu.setFaults([{ path: `${RULES}/_find`, status: 429, retryAfterSeconds: 7, times: 2 }]);
      const a = await c.get(`${RULES}/_find`);
      expect(a.status).toBe(429);
      expect(a.headers.get("retry-after")).toBe("7");
      expect(a.body).toEqual({ statusCode: 429, error: "Too Many Requests", message: "Server is overloaded" });
      expect((await c.get(`${RULES}/_find`)).status).toBe(429);
      expect((await c.get(`${RULES}/_find`)).status).toBe(200);
      const log = emu.requests();
      expect(log.map((r) => [r.status, r.faulted ?? false])).toEqual([
        [429, true],
        [429, true],
        [200, false],
      ]);
    });

    it("injects a 503 by method and regex path (space prefix stripped), before auth", async () => {
      emu.setFaults([{ method: "post", path: /^\/api\/detection_engine\/rules$/, status: 503 }]);
      const r = await c.post(`/s/sec${RULES}`, RULE_BODIES.query, { auth: "none" });
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ statusCode: 503, error: "Service Unavailable", message: "Kibana server is not ready yet" });
      expect((await c.get(`${RULES}/_find`)).status).toBe(200);
    });

    it("resets the connection", async () => {
      emu.setFaults([{ path: "/api/detection_engine/*", reset: true, times: 1 }]);
      await expect(fetch(`${emu.url}${RULES}/_find`, { headers: { authorization: `ApiKey ${emu.apiKey}` } })).rejects.toThrow();
      expect(emu.requests()[0]).toMatchObject({ status: 0, faulted: true });
      expect((await c.get(`${RULES}/_find`)).status).toBe(200);
    });

    it("applies `rate` deterministically with a seed", async () => {
      const run = async () =>
        withEmulator({ seed: 42, faults: [{ rate: 0.5, status: 500 }] }, async (e) => {
          const statuses: number[] = [];
          for (let i = 0; i < 20; i++) statuses.push((await client(e).get(`${RULES}/_find`)).status);
          return statuses;
        });
      const first = await run();
      expect(await run()).toEqual(first);
      expect(first).toContain(500);
      expect(first).toContain(200);
    });

    it("rejects invalid rules", () => {
      expect(() => emu.setFaults([{ rate: 2 }])).toThrow(/rate/);
    });
  });

  describe("latency", () => {
    it("delays every request by the configured amount", async () => {
      emu.setLatency(250);
      const t0 = performance.now();
      expect((await c.get(`${RULES}/_find`)).status).toBe(200);
      const elapsed = performance.now() - t0;
      expect(elapsed).toBeGreaterThanOrEqual(245);
      expect(emu.requests()[0]!.durationMs).toBeGreaterThanOrEqual(245);
      emu.setLatency(0);
      const t1 = performance.now();
      await c.get(`${RULES}/_find`);
      expect(performance.now() - t1).toBeLessThan(200);
      expect(emu.requests()[1]!.durationMs).toBeLessThan(200);
    });

    it("adds bounded jitter", async () => {
      await withEmulator({ latencyMs: 20, latencyJitterMs: 40, seed: 1 }, async (e) => {
        for (let i = 0; i < 5; i++) await client(e).get(`${RULES}/_find`);
        const d = e.requests().map((r) => r.durationMs);
        expect(Math.min(...d)).toBeGreaterThanOrEqual(19);
        expect(Math.max(...d)).toBeLessThan(60 + 50);
        expect(new Set(d.map((x) => Math.round(x / 5))).size).toBeGreaterThan(1);
      });
    });
  });

  it("reset() wipes data but keeps faults", async () => {
    await c.post(RULES, RULE_BODIES.query);
    emu.setFaults([{ path: "/api/nothing-here", status: 500 }]);
    emu.reset();
    expect((await c.get(`${RULES}/_find`)).body.total).toBe(0);
    expect((await c.get("/api/nothing-here")).status).toBe(500);
  });

  it("logs requests as received", async () => {
    await c.get(`${RULES}/_find?per_page=5&tags=a&tags=b`);
    await c.post(RULES, { name: "x" });
    const log = emu.requests();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: "GET", path: `${RULES}/_find`, query: { per_page: "5", tags: ["a", "b"] }, status: 200, spaceId: "default" });
    expect(log[1]).toMatchObject({ method: "POST", path: RULES, query: {}, status: 400 });
    expect(log[1]!.faulted).toBeUndefined();
    emu.clearRequests();
    expect(emu.requests()).toEqual([]);
  });
});

describe("persistence (dataFile)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kibana-emulator-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("saves writes and loads them at the next start", async () => {
    const dataFile = join(dir, "data.json");
    const first = await startEmulator({ dataFile });
    const created = await client(first).post(`/s/sec${RULES}`, { ...RULE_BODIES.threshold, rule_id: "persisted" });
    expect(created.status).toBe(200);
    await first.stop();
    const saved = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(saved.format).toBe("esac-kibana-emulator");
    expect(Object.keys(saved.families["detection-rules"])).toEqual(["sec"]);
    expect(saved.families.exceptions.lists.agnostic.endpoint_list.list_id).toBe("endpoint_list");

    const second = await startEmulator({ dataFile });
    try {
      const read = await client(second).get(`/s/sec${RULES}?rule_id=persisted`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expect((await client(second).get(`${RULES}/_find`)).body.total).toBe(0); // still per space
      // later writes are persisted as well (debounced), and reset() is a write
      await client(second).post(RULES, { ...RULE_BODIES.query, rule_id: "second" });
      second.reset();
    } finally {
      await second.stop();
    }
    const third = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(third.families["detection-rules"]).toEqual({});
  });

  it("refuses a file that is not an emulator data file", async () => {
    const dataFile = join(dir, "foreign.json");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("node:fs").writeFileSync(dataFile, JSON.stringify({ hello: "world" }));
    await expect(startEmulator({ dataFile })).rejects.toThrow(/not an emulator data file/);
  });
});

describe("raw HTTP details", () => {
  it("serves plain node:http clients and refuses connections after stop", async () => {
    const emu = await startEmulator();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${emu.url}/api/status`, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    await emu.stop();
    await expect(fetch(`${emu.url}/api/status`)).rejects.toThrow();
  });
});
