import { setTimeout as sleep } from "node:timers/promises";
import { FAST_RETRIES, sendJson, startTestServer, type TestHandler, type TestServer } from "./__tests__/test-server";
import { KibanaError } from "./errors";
import { clearKibanaStatusCache, getKibanaStatus } from "./status";
import { KibanaTransport } from "./transport";

// kibana-behaviour.md §0.7, trimmed.
const FULL_STATUS = {
  name: "kibana",
  uuid: "5b2de169-2785-441b-ae8c-186a1936b17d",
  version: { number: "9.3.0", build_hash: "ad8f0fa4", build_number: 100200, build_snapshot: false, build_flavor: "traditional" },
  status: { overall: { level: "available", summary: "All services are available" } },
};
const REDACTED_STATUS = { status: { overall: { level: "available" } } };

const servers: TestServer[] = [];
const transports: KibanaTransport[] = [];

beforeEach(() => clearKibanaStatusCache());

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  clearKibanaStatusCache();
});

async function serve(handler: TestHandler): Promise<TestServer> {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
}

function transportFor(endpoint: string): KibanaTransport {
  const transport = new KibanaTransport({ endpoint, apiKey: "c3RhdHVzLWlkOnN0YXR1cy1zZWNyZXQ=" }, { ...FAST_RETRIES, maxRetries: 0 });
  transports.push(transport);
  return transport;
}

const statusRequests = (server: TestServer) => server.requests.filter((r) => r.url.endsWith("/api/status"));

/** Answers /api/status after `delayMs` with whatever `respond` returns for the n-th status request. */
function statusHandler(respond: (n: number) => { status: number; body: unknown }, delayMs = 30): TestHandler {
  let n = 0;
  return async (req, res) => {
    if (!req.url?.endsWith("/api/status")) return sendJson(res, 200, { other: true });
    const { status, body } = respond(++n);
    await sleep(delayMs);
    sendJson(res, status, body);
  };
}

describe("getKibanaStatus", () => {
  it("returns the version and build flavor", async () => {
    const server = await serve(statusHandler(() => ({ status: 200, body: FULL_STATUS })));
    await expect(getKibanaStatus(transportFor(server.url))).resolves.toEqual({ version: "9.3.0", buildFlavor: "traditional" });
    const [request] = statusRequests(server);
    expect(request.method).toBe("GET");
    expect(request.url).toBe("/api/status");
  });

  it("omits buildFlavor for old builds that do not report it", async () => {
    const { build_flavor: _omitted, ...oldVersion } = FULL_STATUS.version;
    const server = await serve(statusHandler(() => ({ status: 200, body: { ...FULL_STATUS, version: { ...oldVersion, number: "8.9.2" } } })));
    const status = await getKibanaStatus(transportFor(server.url));
    expect(status).toEqual({ version: "8.9.2" });
    expect(status).not.toHaveProperty("buildFlavor");
  });

  it("is fetched once per endpoint: sequential and concurrent callers, several transports, share one request", async () => {
    const server = await serve(statusHandler(() => ({ status: 200, body: FULL_STATUS }), 50));
    const a = transportFor(server.url);
    const b = transportFor(`${server.url}/`);
    const concurrent = await Promise.all([getKibanaStatus(a), getKibanaStatus(a), getKibanaStatus(b), getKibanaStatus(a), getKibanaStatus(b)]);
    expect(new Set(concurrent).size).toBe(1);
    expect(concurrent[0]).toEqual({ version: "9.3.0", buildFlavor: "traditional" });
    const later = await getKibanaStatus(b);
    expect(later).toBe(concurrent[0]);
    expect(statusRequests(server)).toHaveLength(1);
  });

  it("is not fetched unless asked for", async () => {
    const server = await serve(statusHandler(() => ({ status: 200, body: FULL_STATUS })));
    const transport = transportFor(server.url);
    await transport.request({ method: "GET", path: "/api/detection_engine/rules/_find" });
    await transport.request({ method: "POST", path: "/api/detection_engine/rules", body: {} });
    expect(server.requests).toHaveLength(2);
    expect(statusRequests(server)).toHaveLength(0);
  });

  it("keeps endpoints apart, including base paths on one host", async () => {
    const first = await serve(statusHandler(() => ({ status: 200, body: FULL_STATUS })));
    const second = await serve(statusHandler(() => ({ status: 200, body: { ...FULL_STATUS, version: { number: "8.19.0", build_flavor: "serverless" } } })));
    const [s1, s2, s3] = await Promise.all([
      getKibanaStatus(transportFor(first.url)),
      getKibanaStatus(transportFor(second.url)),
      getKibanaStatus(transportFor(`${first.url}/kibana`)),
    ]);
    expect(s1.version).toBe("9.3.0");
    expect(s2).toEqual({ version: "8.19.0", buildFlavor: "serverless" });
    expect(s3.version).toBe("9.3.0");
    expect(first.requests.map((r) => r.url).sort()).toEqual(["/api/status", "/kibana/api/status"]);
    expect(statusRequests(second)).toHaveLength(1);
  });

  it("does not cache a failure: concurrent callers share it, the next call asks again", async () => {
    const server = await serve(
      statusHandler((n) =>
        n === 1 ? { status: 500, body: { statusCode: 500, error: "Internal Server Error", message: "status broke" } } : { status: 200, body: FULL_STATUS },
      ),
    );
    const transport = transportFor(server.url);
    const results = await Promise.allSettled([getKibanaStatus(transport), getKibanaStatus(transport), getKibanaStatus(transport)]);
    expect(statusRequests(server)).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason as KibanaError;
      expect(reason).toBeInstanceOf(KibanaError);
      expect(reason.status).toBe(500);
      expect(reason.kibanaMessage).toBe("status broke");
    }
    await expect(getKibanaStatus(transport)).resolves.toEqual({ version: "9.3.0", buildFlavor: "traditional" });
    await getKibanaStatus(transport);
    expect(statusRequests(server)).toHaveLength(2);
  });

  it("explains a redacted (unauthenticated) status body, and does not cache it", async () => {
    const server = await serve(statusHandler((n) => (n === 1 ? { status: 200, body: REDACTED_STATUS } : { status: 200, body: FULL_STATUS })));
    const transport = transportFor(server.url);
    await expect(getKibanaStatus(transport)).rejects.toThrow(/returned no version number.*authenticated/);
    await expect(getKibanaStatus(transport)).resolves.toMatchObject({ version: "9.3.0" });
    expect(statusRequests(server)).toHaveLength(2);
  });

  it("waits out a booting Kibana (503) through the transport's retries", async () => {
    const server = await serve(
      statusHandler(
        (n) =>
          n < 3
            ? { status: 503, body: { statusCode: 503, error: "Service Unavailable", message: "Kibana server is not ready yet" } }
            : { status: 200, body: FULL_STATUS },
        1,
      ),
    );
    const transport = new KibanaTransport({ endpoint: server.url }, { ...FAST_RETRIES, maxRetries: 3 });
    transports.push(transport);
    await expect(getKibanaStatus(transport)).resolves.toMatchObject({ version: "9.3.0" });
    expect(statusRequests(server)).toHaveLength(3);
  });

  it("clearKibanaStatusCache forgets the memoized status", async () => {
    const server = await serve(statusHandler(() => ({ status: 200, body: FULL_STATUS }), 1));
    const transport = transportFor(server.url);
    await getKibanaStatus(transport);
    await getKibanaStatus(transport);
    expect(statusRequests(server)).toHaveLength(1);
    clearKibanaStatusCache();
    await getKibanaStatus(transport);
    expect(statusRequests(server)).toHaveLength(2);
  });
});
