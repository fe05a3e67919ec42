import { setTimeout as sleep } from "node:timers/promises";
import { FAST_RETRIES, sendJson, startTestServer, type TestHandler, type TestServer } from "./__tests__/test-server";
import { resolveConnection, type ConnectionConfigSource, type KibanaConnection } from "./connection";
import { KibanaConfigError, KibanaError } from "./errors";
import { LIMIT_DEFAULTS, parseDuration, parseLimit } from "./limits";
import { closeAllTransports, getTransport, KibanaTransport, type AttemptInfo, type TransportOptions } from "./transport";

const API_KEY = "bGltaXRzLWlkOmxpbWl0cy1zZWNyZXQ=";
const config = (values: Record<string, string>): ConnectionConfigSource => ({ get: (key) => values[key] });

let server: TestServer | undefined;
let transport: KibanaTransport | undefined;

afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

/** Answers after `ms`, whatever the request. */
const answerAfter =
  (ms: number): TestHandler =>
  async (_req, res) => {
    await sleep(ms);
    if (!res.destroyed) sendJson(res, 200, { ok: true });
  };

async function serve(handler: TestHandler, connection: Partial<KibanaConnection>, options: TransportOptions = {}) {
  server = await startTestServer(handler);
  const attempts: AttemptInfo[] = [];
  transport = new KibanaTransport(
    { endpoint: server.url, apiKey: API_KEY, ...connection },
    { ...FAST_RETRIES, ...options, onAttempt: (a) => attempts.push(a) },
  );
  return { server, transport, attempts };
}

async function rejection(promise: Promise<unknown>): Promise<KibanaError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KibanaError);
    return error as KibanaError;
  }
  throw new Error("expected the request to fail");
}

function configError(fn: () => unknown): KibanaConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KibanaConfigError);
    return error as KibanaConfigError;
  }
  throw new Error("expected a KibanaConfigError");
}

describe("parseLimit", () => {
  it("takes durations as Go-style strings or milliseconds, and retry counts as whole numbers", () => {
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseLimit("requestTimeout", "30s")).toEqual({ ok: true, value: 30_000 });
    expect(parseLimit("requestTimeout", "2m")).toEqual({ ok: true, value: 120_000 });
    expect(parseLimit("requestTimeout", " 1500 ")).toEqual({ ok: true, value: 1_500 });
    expect(parseLimit("requestTimeout", 250)).toEqual({ ok: true, value: 250 });
    expect(parseLimit("retryBudget", "0")).toEqual({ ok: true, value: 0 });
    expect(parseLimit("retryBudget", "24h")).toEqual({ ok: true, value: 86_400_000 });
    expect(parseLimit("maxRetries", "3")).toEqual({ ok: true, value: 3 });
    expect(parseLimit("maxRetries", 0)).toEqual({ ok: true, value: 0 });
  });

  it("refuses zero timeouts, negative, fractional, huge and non-numeric values", () => {
    for (const bad of [0, "0", "0s", -1, "-5", "abc", "30 s", "1.5", 12.5, "25h", 86_400_001, true, null, {}, Number.NaN])
      expect(parseLimit("requestTimeout", bad)).toMatchObject({ ok: false });
    for (const bad of [-1, "1m", 101, "101", 2.5, "two"]) expect(parseLimit("maxRetries", bad)).toMatchObject({ ok: false });
    for (const bad of [-1, "-1s", "forever", "25h"]) expect(parseLimit("retryBudget", bad)).toMatchObject({ ok: false });
  });
});

describe("resolveConnection: time limits", () => {
  const env = { KIBANA_ENDPOINT: "https://k:5601", KIBANA_REQUEST_TIMEOUT: "10s", KIBANA_MAX_RETRIES: "1", KIBANA_RETRY_BUDGET: "1m" };

  it("takes each limit from the first place that sets it: connection > stack config > environment", () => {
    expect(resolveConnection({ env })).toMatchObject({ requestTimeout: 10_000, maxRetries: 1, retryBudget: 60_000 });
    const cfg = config({ "kibana:requestTimeout": "20s", "kibana:maxRetries": "2" });
    expect(resolveConnection({ config: cfg, env })).toMatchObject({ requestTimeout: 20_000, maxRetries: 2, retryBudget: 60_000 });
    expect(resolveConnection({ explicit: { requestTimeout: "45s" }, config: cfg, env })).toMatchObject({
      requestTimeout: 45_000,
      maxRetries: 2,
      retryBudget: 60_000,
    });
    expect(resolveConnection({ explicit: { maxRetries: 0, retryBudget: 500 }, config: cfg, env })).toMatchObject({ maxRetries: 0, retryBudget: 500 });
  });

  it("leaves unset limits unset (blank counts as unset), so the defaults apply", () => {
    const resolved = resolveConnection({
      explicit: { requestTimeout: "" },
      config: config({ "kibana:maxRetries": " " }),
      env: { KIBANA_ENDPOINT: "https://k" },
    });
    expect(resolved).not.toHaveProperty("requestTimeout");
    expect(resolved).not.toHaveProperty("maxRetries");
    expect(resolved).not.toHaveProperty("retryBudget");
    expect(LIMIT_DEFAULTS).toEqual({ requestTimeout: 30_000, maxRetries: 5, retryBudget: 120_000 });
  });

  it("refuses a bad value, naming the setting, the value and what is expected", () => {
    expect(configError(() => resolveConnection({ env: { ...env, KIBANA_REQUEST_TIMEOUT: "soon" } })).message).toBe(
      'Invalid value "soon" in environment variable KIBANA_REQUEST_TIMEOUT; expected a duration such as "30s", "2m" or "500ms", ' +
        "or a whole number of milliseconds, above 0 and at most 24h.",
    );
    expect(configError(() => resolveConnection({ config: config({ "kibana:maxRetries": "-1" }), env })).message).toBe(
      'Invalid value "-1" in Pulumi config kibana:maxRetries; expected a whole number from 0 (no retries) to 100.',
    );
    expect(configError(() => resolveConnection({ explicit: { retryBudget: "2 minutes" }, env })).message).toBe(
      `Invalid value "2 minutes" in the resource's connection.retryBudget; expected a duration such as "2m" or "90s", ` +
        "or a whole number of milliseconds, from 0 (no retries) to 24h.",
    );
    expect(configError(() => resolveConnection({ explicit: { requestTimeout: 0 }, env })).message).toMatch(
      /^Invalid value 0 in the resource's connection\.requestTimeout; /,
    );
  });

  it("never echoes a credential written into a limit by mistake", () => {
    const error = configError(() => resolveConnection({ explicit: { apiKey: API_KEY, requestTimeout: API_KEY }, env }));
    expect(error.message).toMatch(/connection\.requestTimeout/);
    expect(error.message).not.toContain(API_KEY);
  });
});

describe("the transport uses the connection's limits", () => {
  it("fails a GET to a 300 ms server after exactly maxRetries + 1 attempts of requestTimeout each", async () => {
    const { server, transport, attempts } = await serve(answerAfter(300), { requestTimeout: 100, maxRetries: 2 });
    const started = Date.now();
    const error = await rejection(transport.request({ method: "GET", path: "/api/slow" }));
    expect(error.code).toBe("ETIMEDOUT");
    expect(error.attempts).toBe(3);
    expect(attempts.map((a) => a.code)).toEqual(["ETIMEDOUT", "ETIMEDOUT", "ETIMEDOUT"]);
    for (const attempt of attempts) expect(attempt.durationMs).toBeLessThan(250);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("takes duration strings, and a longer timeout lets the same server answer", async () => {
    const { server, transport, attempts } = await serve(answerAfter(300), { requestTimeout: "1s", maxRetries: "0" });
    expect((await transport.request({ method: "GET", path: "/api/slow" })).body).toEqual({ ok: true });
    expect(attempts).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it("overrides the transport options, which only replace the defaults", async () => {
    const { transport, attempts } = await serve(answerAfter(300), { maxRetries: 1 }, { timeoutMs: 100, maxRetries: 4 });
    await rejection(transport.request({ method: "GET", path: "/api/slow" }));
    expect(attempts).toHaveLength(2);
  });

  it("stops retrying once the retry budget is spent, however many retries are left", async () => {
    const { transport, attempts } = await serve(answerAfter(300), { requestTimeout: 100, maxRetries: 100, retryBudget: "350ms" });
    const started = Date.now();
    const error = await rejection(transport.request({ method: "GET", path: "/api/slow" }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe("ETIMEDOUT");
    // No attempt starts after 350 ms; the last one started may run its 100 ms.
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(350 + 100 + 150);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(5);
  });

  it("makes a single attempt with a retry budget of 0", async () => {
    const { transport, attempts } = await serve(answerAfter(300), { requestTimeout: 100, retryBudget: 0 });
    await rejection(transport.request({ method: "GET", path: "/api/slow" }));
    expect(attempts).toHaveLength(1);
  });

  it("re-sends a PUT after a timeout but never blindly re-sends a create", async () => {
    const { server, transport } = await serve(answerAfter(300), { requestTimeout: 100, maxRetries: 2 });
    await rejection(transport.request({ method: "PUT", path: "/api/x", body: {} }));
    expect(server.requests.filter((r) => r.method === "PUT")).toHaveLength(3);
    const error = await rejection(transport.request({ method: "POST", path: "/api/x", body: {} }));
    expect(error.outcomeUnknown).toBe(true);
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("takes limits resolved from the environment unless stack config sets them", async () => {
    server = await startTestServer(answerAfter(300));
    const env = { KIBANA_ENDPOINT: server.url, KIBANA_API_KEY: API_KEY, KIBANA_REQUEST_TIMEOUT: "100ms", KIBANA_MAX_RETRIES: "1" };
    transport = new KibanaTransport(resolveConnection({ env }), FAST_RETRIES);
    expect((await rejection(transport.request({ method: "GET", path: "/api/slow" }))).attempts).toBe(2);
    await transport.close();
    transport = new KibanaTransport(resolveConnection({ config: config({ "kibana:requestTimeout": "2s" }), env }), FAST_RETRIES);
    expect((await transport.request({ method: "GET", path: "/api/slow" })).body).toEqual({ ok: true });
  });

  it("refuses an invalid limit when the transport is created", () => {
    const error = configError(() => new KibanaTransport({ endpoint: "http://127.0.0.1:5601", maxRetries: -2 }));
    expect(error.message).toBe("Invalid value -2 in connection.maxRetries; expected a whole number from 0 (no retries) to 100.");
  });
});

describe("shared transports and limits", () => {
  afterEach(() => closeAllTransports());
  const base = { endpoint: "http://127.0.0.1:5601", apiKey: "k1" };

  it("shares one instance for equal limits, however written, and separates differing ones", () => {
    const a = getTransport({ ...base, requestTimeout: "30s", maxRetries: 2 });
    expect(getTransport({ ...base, requestTimeout: 30_000, maxRetries: "2" })).toBe(a);
    const others = [
      getTransport(base),
      getTransport({ ...base, requestTimeout: "31s", maxRetries: 2 }),
      getTransport({ ...base, requestTimeout: "30s", maxRetries: 3 }),
      getTransport({ ...base, requestTimeout: "30s", maxRetries: 2, retryBudget: "1m" }),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
  });
});
