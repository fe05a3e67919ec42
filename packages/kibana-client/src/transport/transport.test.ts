import { closedPort, FAST_RETRIES, sendJson, startTestServer, type TestHandler, type TestServer } from "./__tests__/test-server";
import { ForeignObjectError, KibanaConfigError, KibanaError } from "./errors";
import { closeAllTransports, getTransport, KibanaTransport, type AttemptInfo, type TransportOptions } from "./transport";

let server: TestServer | undefined;
let transport: KibanaTransport | undefined;

afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

async function setup(handler: TestHandler, options: TransportOptions = {}, endpointSuffix = ""): Promise<{ server: TestServer; transport: KibanaTransport }> {
  server = await startTestServer(handler);
  transport = new KibanaTransport({ endpoint: `${server.url}${endpointSuffix}`, apiKey: "a2V5LWlkOmtleS1zZWNyZXQ=" }, { ...FAST_RETRIES, ...options });
  return { server, transport };
}

const ok: TestHandler = (_req, res) => sendJson(res, 200, { ok: true });

async function rejection(promise: Promise<unknown>): Promise<KibanaError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KibanaError);
    return error as KibanaError;
  }
  throw new Error("expected the request to fail");
}

describe("request headers", () => {
  it("sends kbn-xsrf only on non-GET requests, Accept and a user agent always", async () => {
    const { server, transport } = await setup(ok);
    await transport.request({ method: "GET", path: "/api/status" });
    await transport.request({ method: "POST", path: "/api/x", body: { a: 1 } });
    await transport.request({ method: "DELETE", path: "/api/x" });
    const [get, post, del] = server.requests;
    expect(get.headers["kbn-xsrf"]).toBeUndefined();
    expect(post.headers["kbn-xsrf"]).toBe("true");
    expect(del.headers["kbn-xsrf"]).toBe("true");
    for (const request of server.requests) {
      expect(request.headers.accept).toBe("application/json");
      expect(request.headers["user-agent"]).toMatch(/^esac\/\d+\.\d+\.\d+/);
    }
    expect(get.headers["content-type"]).toBeUndefined();
    expect(post.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(post.body)).toEqual({ a: 1 });
  });

  it("sends elastic-api-version only for versioned requests", async () => {
    const { server, transport } = await setup(ok);
    await transport.request({ method: "GET", path: "/api/detection_engine/rules", versioned: true });
    await transport.request({ method: "GET", path: "/api/saved_objects/_find" });
    expect(server.requests[0].headers["elastic-api-version"]).toBe("2023-10-31");
    expect(server.requests[1].headers["elastic-api-version"]).toBeUndefined();
  });

  it("authenticates with ApiKey or Basic", async () => {
    server = await startTestServer(ok);
    const withKey = new KibanaTransport({ endpoint: server.url, apiKey: "abc123==" });
    const withBasic = new KibanaTransport({ endpoint: server.url, username: "elastic", password: "changeme" });
    const anonymous = new KibanaTransport({ endpoint: server.url });
    try {
      await withKey.request({ method: "GET", path: "/api/a" });
      await withBasic.request({ method: "GET", path: "/api/b" });
      await anonymous.request({ method: "GET", path: "/api/c" });
    } finally {
      await Promise.all([withKey.close(), withBasic.close(), anonymous.close()]);
    }
    expect(server.requests[0].headers.authorization).toBe("ApiKey abc123==");
    expect(server.requests[1].headers.authorization).toBe(`Basic ${Buffer.from("elastic:changeme").toString("base64")}`);
    expect(server.requests[2].headers.authorization).toBeUndefined();
  });

  it("honours a custom user agent", async () => {
    const { server, transport } = await setup(ok, { userAgent: "my-agent/1" });
    await transport.request({ method: "GET", path: "/api/a" });
    expect(server.requests[0].headers["user-agent"]).toBe("my-agent/1");
  });

  it("rejects basic auth without a password", () => {
    expect(() => new KibanaTransport({ endpoint: "http://127.0.0.1:1", username: "elastic" })).toThrow(KibanaConfigError);
  });
});

describe("paths", () => {
  it("prefixes non-default spaces and leaves the default space alone", async () => {
    const { server, transport } = await setup(ok);
    await transport.request({ method: "GET", path: "/api/detection_engine/rules", spaceId: "sec-ops_1" });
    await transport.request({ method: "GET", path: "/api/detection_engine/rules", spaceId: "default" });
    await transport.request({ method: "GET", path: "/api/detection_engine/rules" });
    expect(server.requests.map((r) => r.url)).toEqual([
      "/s/sec-ops_1/api/detection_engine/rules",
      "/api/detection_engine/rules",
      "/api/detection_engine/rules",
    ]);
  });

  it("rejects an invalid space id without sending anything", async () => {
    const { server, transport } = await setup(ok);
    await expect(transport.request({ method: "GET", path: "/api/x", spaceId: "Sec Ops" })).rejects.toThrow(KibanaConfigError);
    await expect(transport.request({ method: "GET", path: "/api/x", spaceId: "../x" })).rejects.toThrow(/space_id/);
    expect(server.requests).toHaveLength(0);
  });

  it("keeps the endpoint's base path, with or without a trailing slash", async () => {
    const { server, transport } = await setup(ok, {}, "/kibana/");
    expect(transport.endpoint).toBe(`${server.url}/kibana`);
    await transport.request({ method: "GET", path: "/api/status", spaceId: "sec" });
    expect(server.requests[0].url).toBe("/kibana/s/sec/api/status");
  });

  it("encodes query parameters: skips undefined, repeats arrays, escapes reserved characters", async () => {
    const { server, transport } = await setup(ok);
    await transport.request({
      method: "GET",
      path: "/api/detection_engine/rules",
      query: { rule_id: "a&b=c d", page: 2, per_page: undefined, include: true, fields: ["name", "tags"] },
    });
    const url = new URL(server.requests[0].url, server.url);
    expect(url.pathname).toBe("/api/detection_engine/rules");
    expect(url.searchParams.get("rule_id")).toBe("a&b=c d");
    expect(url.searchParams.get("page")).toBe("2");
    expect(url.searchParams.get("include")).toBe("true");
    expect(url.searchParams.has("per_page")).toBe(false);
    expect(url.searchParams.getAll("fields")).toEqual(["name", "tags"]);
  });
});

describe("bodies", () => {
  it("parses JSON, returns ndjson as text and an empty body as undefined", async () => {
    const { transport } = await setup((req, res) => {
      if (req.url === "/json") return sendJson(res, 200, { id: "r1" });
      if (req.url === "/ndjson") {
        res.writeHead(200, { "content-type": "application/ndjson" });
        return void res.end('{"a":1}\n{"b":2}\n');
      }
      res.writeHead(204);
      res.end();
    });
    const json = await transport.request<{ id: string }>({ method: "GET", path: "/json" });
    const ndjson = await transport.request({ method: "POST", path: "/ndjson" });
    const empty = await transport.request({ method: "DELETE", path: "/empty" });
    expect(json).toMatchObject({ status: 200, body: { id: "r1" } });
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    expect(ndjson.body).toBe('{"a":1}\n{"b":2}\n');
    expect(empty).toMatchObject({ status: 204, body: undefined });
  });

  it("uploads multipart/form-data for _import endpoints", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 200, { success: true }));
    await transport.request({
      method: "POST",
      path: "/api/detection_engine/rules/_import",
      query: { overwrite: true },
      multipart: { field: "file", filename: "rules.ndjson", content: '{"rule_id":"x"}\n', contentType: "application/ndjson" },
    });
    const [upload] = server.requests;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(upload.headers["content-type"] ?? "")?.[1];
    expect(boundary).toBeDefined();
    expect(upload.headers["kbn-xsrf"]).toBe("true");
    expect(upload.body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rules.ndjson"\r\n` +
        `Content-Type: application/ndjson\r\n\r\n{"rule_id":"x"}\n\r\n--${boundary}--\r\n`,
    );
  });

  it("returns okStatuses instead of throwing", async () => {
    const { transport } = await setup((_req, res) => sendJson(res, 404, { statusCode: 404, error: "Not Found", message: "gone" }));
    const response = await transport.request({ method: "GET", path: "/api/x", okStatuses: [404] });
    expect(response).toMatchObject({ status: 404, body: { message: "gone" } });
    await expect(transport.request({ method: "GET", path: "/api/x" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("keep-alive", () => {
  it("reuses connections instead of opening one per request", async () => {
    const { server, transport } = await setup(ok);
    for (let i = 0; i < 20; i++) await transport.request({ method: i % 2 ? "POST" : "GET", path: `/api/${i}`, body: i % 2 ? {} : undefined });
    expect(server.requests).toHaveLength(20);
    // undici's pool marks a socket free a tick after its response ends, so back-to-back requests alternate
    // between two sockets; what matters is that neither is opened per request.
    expect(server.connections).toBeLessThanOrEqual(2);
  });
});

describe("retries", () => {
  it("honours Retry-After on 503", async () => {
    let calls = 0;
    const { server, transport } = await setup(
      (_req, res) => (++calls === 1 ? sendJson(res, 503, { message: "not ready" }, { "retry-after": "1" }) : sendJson(res, 200, { ok: 1 })),
      { maxDelayMs: 5_000 },
    );
    const started = Date.now();
    const response = await transport.request({ method: "POST", path: "/api/x", body: {} });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("caps Retry-After by maxDelayMs", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 429, {}, { "retry-after": "30" }) : sendJson(res, 200, {})), {
      maxDelayMs: 50,
    });
    const started = Date.now();
    await transport.request({ method: "GET", path: "/api/x" });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("retries 429 for a POST (the rate limiter did not process it)", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) =>
      ++calls <= 2 ? sendJson(res, 429, { statusCode: 429, error: "Too Many Requests", message: "slow down" }) : sendJson(res, 200, { id: 1 }),
    );
    const response = await transport.request({ method: "POST", path: "/api/x", body: {} });
    expect(response.body).toEqual({ id: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it("retries 502 and 504 on GET", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => {
      calls += 1;
      if (calls === 1) return sendJson(res, 502, {});
      if (calls === 2) return sendJson(res, 504, {});
      sendJson(res, 200, { done: true });
    });
    const response = await transport.request({ method: "GET", path: "/api/x" });
    expect(response.body).toEqual({ done: true });
    expect(server.requests).toHaveLength(3);
  });

  it("stops after maxRetries with the exact attempt count", async () => {
    const attempts: AttemptInfo[] = [];
    const { server, transport } = await setup((_req, res) => sendJson(res, 503, { message: "unavailable" }), {
      maxRetries: 3,
      onAttempt: (info) => attempts.push(info),
    });
    const error = await rejection(transport.request({ method: "GET", path: "/api/x" }));
    expect(server.requests).toHaveLength(4);
    expect(error.attempts).toBe(4);
    expect(error.status).toBe(503);
    expect(error.message).toContain("after 4 attempts");
    expect(attempts.map((a) => [a.attempt, a.status, a.path])).toEqual([
      [1, 503, "/api/x"],
      [2, 503, "/api/x"],
      [3, 503, "/api/x"],
      [4, 503, "/api/x"],
    ]);
  });

  it("stops when maxRetryTimeMs is spent, cutting the wait short", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 503, {}, { "retry-after": "1" }), {
      maxRetries: 50,
      maxDelayMs: 5_000,
      maxRetryTimeMs: 250,
    });
    const started = Date.now();
    const error = await rejection(transport.request({ method: "GET", path: "/api/x" }));
    const elapsed = Date.now() - started;
    expect(server.requests).toHaveLength(2);
    expect(error.attempts).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(900);
  });

  it("does not retry other errors", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 500, { statusCode: 500, error: "Internal Server Error", message: "boom" }));
    const error = await rejection(transport.request({ method: "GET", path: "/api/x" }));
    expect(error.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });
});

describe("non-idempotent requests", () => {
  it("does not re-send a POST after a 502 without recover", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 502, {}));
    const error = await rejection(transport.request({ method: "POST", path: "/api/detection_engine/rules", body: { rule_id: "x" } }));
    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(502);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain("not idempotent");
  });

  it("re-sends a POST marked idempotent", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 504, {}) : sendJson(res, 200, {})));
    await transport.request({ method: "POST", path: "/api/x/_find", body: {}, idempotent: true });
    expect(server.requests).toHaveLength(2);
  });

  it("does not re-send a PUT marked non-idempotent", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 504, {}));
    await rejection(transport.request({ method: "PUT", path: "/api/x", body: {}, idempotent: false }));
    expect(server.requests).toHaveLength(1);
  });

  it("uses the recovered object after a 502", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 502, {}));
    const recover = jest.fn(async () => ({ status: 200, headers: {}, body: { id: "found" } }));
    const response = await transport.request({ method: "POST", path: "/api/x", body: {}, recover });
    expect(response.body).toEqual({ id: "found" });
    expect(recover).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
  });

  it("re-sends when recover finds nothing", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 504, {}) : sendJson(res, 200, { id: "created" })));
    const recover = jest.fn(async () => undefined);
    const response = await transport.request({ method: "POST", path: "/api/x", body: {}, recover });
    expect(response.body).toEqual({ id: "created" });
    expect(recover).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(2);
  });

  it("throws the original failure, outcome unknown, when recover itself fails", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 502, {}));
    const error = await rejection(
      transport.request({ method: "POST", path: "/api/x", body: {}, recover: async () => Promise.reject(new Error("lookup broke")) }),
    );
    expect(error.status).toBe(502);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain("lookup broke");
    expect(server.requests).toHaveLength(1);
  });

  it("neither takes nor re-sends when recover finds an object that is not the request's own", async () => {
    const { server, transport } = await setup((req) => void req.socket.destroy());
    const recover = async () => Promise.reject(new ForeignObjectError('an object with id "x" exists but is not ours'));
    const error = await rejection(transport.request({ method: "POST", path: "/api/x", body: {}, recover }));
    expect(error.outcomeUnknown).toBe(true);
    expect(error.foreignObject).toBe(true);
    expect(error.message).toMatch(/^Kibana POST \/api\/x failed: ECONNRESET.*\. an object with id "x" exists but is not ours$/);
    expect(server.requests).toHaveLength(1);
  });

  it("calls recover when the connection drops after the server read the POST", async () => {
    const { server, transport } = await setup((req) => void req.socket.destroy());
    const recover = jest.fn(async () => ({ status: 200, headers: {}, body: { id: "x" } }));
    const response = await transport.request({ method: "POST", path: "/api/x", body: { rule_id: "x" }, recover });
    expect(response.body).toEqual({ id: "x" });
    expect(recover).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toBe('{"rule_id":"x"}');
  });

  it("throws ECONNRESET, outcome unknown, when the connection drops after a POST without recover", async () => {
    const { server, transport } = await setup((req) => void req.socket.destroy());
    const error = await rejection(transport.request({ method: "POST", path: "/api/x", body: {} }));
    expect(error.code).toBe("ECONNRESET");
    expect(error.status).toBeUndefined();
    expect(error.outcomeUnknown).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("re-sends a GET whose connection dropped", async () => {
    let calls = 0;
    const { server, transport } = await setup((req, res) => (++calls === 1 ? void req.socket.destroy() : sendJson(res, 200, { ok: true })));
    const response = await transport.request({ method: "GET", path: "/api/x" });
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("retries a POST on ECONNREFUSED (never connected) up to maxRetries", async () => {
    const attempts: AttemptInfo[] = [];
    transport = new KibanaTransport(
      { endpoint: `http://127.0.0.1:${await closedPort()}` },
      { ...FAST_RETRIES, maxRetries: 3, onAttempt: (info) => attempts.push(info) },
    );
    const recover = jest.fn(async () => undefined);
    const error = await rejection(transport.request({ method: "POST", path: "/api/x", body: {}, recover }));
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.attempts).toBe(4);
    expect(error.outcomeUnknown).toBe(false);
    expect(attempts.map((a) => a.code)).toEqual(["ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED"]);
    expect(recover).not.toHaveBeenCalled();
  });
});

describe("timeouts", () => {
  const silent: TestHandler = () => undefined;

  it("times out a GET that gets no answer and retries it", async () => {
    const { server, transport } = await setup(silent, { timeoutMs: 150, maxRetries: 2 });
    const started = Date.now();
    const error = await rejection(transport.request({ method: "GET", path: "/api/slow" }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe("ETIMEDOUT");
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 150 - 10);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("does not re-send a POST that timed out", async () => {
    const { server, transport } = await setup(silent, { timeoutMs: 150 });
    const error = await rejection(transport.request({ method: "POST", path: "/api/slow", body: {} }));
    expect(error.code).toBe("ETIMEDOUT");
    expect(error.outcomeUnknown).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("applies a per-call timeout override", async () => {
    const { transport } = await setup(silent, { timeoutMs: 10_000, maxRetries: 0 });
    const started = Date.now();
    const error = await rejection(transport.request({ method: "GET", path: "/api/slow", timeoutMs: 100 }));
    expect(error.code).toBe("ETIMEDOUT");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("recovers a POST that timed out", async () => {
    const { server, transport } = await setup(silent, { timeoutMs: 100 });
    const recover = jest.fn(async () => ({ status: 200, headers: {}, body: { id: "late" } }));
    const response = await transport.request({ method: "POST", path: "/api/slow", body: {}, recover });
    expect(response.body).toEqual({ id: "late" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("shared transports", () => {
  afterEach(() => closeAllTransports());

  it("shares one instance for equal connections and separates different credentials", async () => {
    const a = getTransport({ endpoint: "http://127.0.0.1:5601", apiKey: "k1" });
    const b = getTransport({ endpoint: "http://127.0.0.1:5601/", apiKey: "k1" });
    const c = getTransport({ endpoint: "http://127.0.0.1:5601", apiKey: "k2" });
    const d = getTransport({ endpoint: "http://127.0.0.1:5601", username: "u", password: "p1" });
    const e = getTransport({ endpoint: "http://127.0.0.1:5601", username: "u", password: "p2" });
    const f = getTransport({ endpoint: "http://127.0.0.1:5601", apiKey: "k1", insecure: true });
    expect(b).toBe(a);
    expect(new Set([a, c, d, e, f]).size).toBe(5);
  });

  it("hands out a fresh instance after close", async () => {
    const a = getTransport({ endpoint: "http://127.0.0.1:5601", apiKey: "k1" });
    await a.close();
    const b = getTransport({ endpoint: "http://127.0.0.1:5601", apiKey: "k1" });
    expect(b).not.toBe(a);
    await closeAllTransports();
    expect(getTransport({ endpoint: "http://127.0.0.1:5601", apiKey: "k1" })).not.toBe(b);
  });

  it("refuses requests after close", async () => {
    const a = new KibanaTransport({ endpoint: "http://127.0.0.1:5601" });
    await a.close();
    await expect(a.request({ method: "GET", path: "/api/status" })).rejects.toThrow(/closed/);
  });
});

describe("Retry-After as an HTTP-date", () => {
  it("waits until the date, capped by maxDelayMs", async () => {
    let calls = 0;
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    const { server, transport } = await setup(
      (_req, res) => (++calls === 1 ? sendJson(res, 503, {}, { "retry-after": inAnHour }) : sendJson(res, 200, { ok: true })),
      { baseDelayMs: 1, maxDelayMs: 300 },
    );
    const started = Date.now();
    await transport.request({ method: "POST", path: "/api/x", body: {} });
    const elapsed = Date.now() - started;
    expect(server.requests).toHaveLength(2);
    // The backoff alone would be ≤ 1 ms; the date asked for (much) more, so the cap applied.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("a date in the past means retry now, instead of the (long) backoff", async () => {
    let calls = 0;
    const { server, transport } = await setup(
      (_req, res) => (++calls === 1 ? sendJson(res, 429, {}, { "retry-after": "Sun, 06 Nov 1994 08:49:37 GMT" }) : sendJson(res, 200, {})),
      { baseDelayMs: 5_000, maxDelayMs: 5_000 },
    );
    const started = Date.now();
    await transport.request({ method: "GET", path: "/api/x" });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("an unparseable Retry-After falls back to the backoff", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 503, {}, { "retry-after": "-1" }) : sendJson(res, 200, {})), {
      baseDelayMs: 200,
      maxDelayMs: 200,
    });
    const waits: number[] = [];
    const random = jest.spyOn(Math, "random").mockReturnValue(0.99);
    try {
      const started = Date.now();
      await transport.request({ method: "GET", path: "/api/x" });
      waits.push(Date.now() - started);
    } finally {
      random.mockRestore();
    }
    expect(server.requests).toHaveLength(2);
    // A lenient parse of "-1" as a date (year 2001: "retry now") would not have waited.
    expect(waits[0]).toBeGreaterThanOrEqual(190);
  });
});

describe("more headers", () => {
  it("sends kbn-xsrf on PUT and PATCH too, and elastic-api-version with a space prefix", async () => {
    const { server, transport } = await setup(ok);
    await transport.request({ method: "PUT", path: "/api/detection_engine/rules", body: {}, versioned: true, spaceId: "sec" });
    await transport.request({ method: "PATCH", path: "/api/detection_engine/rules", body: {}, versioned: true });
    for (const request of server.requests) {
      expect(request.headers["kbn-xsrf"]).toBe("true");
      expect(request.headers["elastic-api-version"]).toBe("2023-10-31");
      expect(request.headers["content-type"]).toBe("application/json");
    }
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["PUT /s/sec/api/detection_engine/rules", "PATCH /api/detection_engine/rules"]);
  });
});

describe("idempotency defaults", () => {
  it("re-sends PUT, PATCH and DELETE after 502/504 (idempotent by default)", async () => {
    const seen = new Map<string, number>();
    const { server, transport } = await setup((req, res) => {
      const n = (seen.get(req.method ?? "") ?? 0) + 1;
      seen.set(req.method ?? "", n);
      return n === 1 ? sendJson(res, req.method === "PATCH" ? 504 : 502, {}) : sendJson(res, 200, { method: req.method });
    });
    for (const method of ["PUT", "PATCH", "DELETE"] as const) {
      await expect(transport.request({ method, path: "/api/x", body: method === "DELETE" ? undefined : {} })).resolves.toMatchObject({ body: { method } });
    }
    expect(server.requests).toHaveLength(6);
  });

  it("re-sends a POST after 429/503 without calling recover (not processed)", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) =>
      ++calls === 1 ? sendJson(res, 429, {}) : calls === 2 ? sendJson(res, 503, {}) : sendJson(res, 200, { id: "new" }),
    );
    const recover = jest.fn(async () => undefined);
    await expect(transport.request({ method: "POST", path: "/api/x", body: {}, recover })).resolves.toMatchObject({ body: { id: "new" } });
    expect(recover).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(3);
  });

  it("gives up on a POST when recover keeps finding nothing and the retries are used up", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 502, { message: "bad gateway" }), { maxRetries: 2 });
    const recover = jest.fn(async () => undefined);
    const error = await rejection(transport.request({ method: "POST", path: "/api/x", body: {}, recover }));
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(3);
    // recover said the object does not exist, so the outcome is known: not applied.
    expect(error.outcomeUnknown).toBe(false);
    expect(recover).toHaveBeenCalledTimes(3);
    expect(server.requests).toHaveLength(3);
  });
});

describe("waiting for a pooled connection", () => {
  it("times out a request that never got a connection, and provably never sends it", async () => {
    const { server, transport } = await setup(
      async (req, res) => {
        if (req.url === "/slow") await new Promise((resolve) => setTimeout(resolve, 300));
        sendJson(res, 200, { url: req.url });
      },
      { connections: 1, maxRetries: 0 },
    );
    const slow = transport.request({ method: "GET", path: "/slow" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await rejection(transport.request({ method: "POST", path: "/api/x", body: {}, timeoutMs: 100 }));
    expect(error.code).toBe("UND_ERR_CONNECT_TIMEOUT");
    expect(error.message).toContain("no connection available within 100 ms");
    expect(error.outcomeUnknown).toBe(false);
    await slow;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.map((r) => r.url)).toEqual(["/slow"]);
    expect(server.connections).toBe(1);
  });

  it("re-sends such a POST (it was not processed) and it is delivered exactly once", async () => {
    const attempts: AttemptInfo[] = [];
    const { server, transport } = await setup(
      async (req, res) => {
        if (req.url === "/slow") await new Promise((resolve) => setTimeout(resolve, 300));
        sendJson(res, 200, { url: req.url });
      },
      { connections: 1, maxRetries: 10, onAttempt: (info) => attempts.push(info) },
    );
    const slow = transport.request({ method: "GET", path: "/slow" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const recover = jest.fn(async () => undefined);
    const response = await transport.request({ method: "POST", path: "/api/x", body: {}, timeoutMs: 120, recover });
    await slow;
    expect(response.body).toEqual({ url: "/api/x" });
    expect(recover).not.toHaveBeenCalled();
    expect(attempts.filter((a) => a.path === "/api/x" && a.code === "UND_ERR_CONNECT_TIMEOUT").length).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.map((r) => r.url)).toEqual(["/slow", "/api/x"]);
  });
});

describe("options", () => {
  it("rejects invalid numeric options", () => {
    const endpoint = "http://127.0.0.1:5601";
    expect(() => new KibanaTransport({ endpoint }, { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new KibanaTransport({ endpoint }, { maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new KibanaTransport({ endpoint }, { baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
    expect(() => new KibanaTransport({ endpoint }, { connections: 0 })).toThrow(/connections/);
  });

  it("rejects an invalid per-request timeout without sending", async () => {
    const { server, transport } = await setup(ok);
    await expect(transport.request({ method: "GET", path: "/api/x", timeoutMs: -5 })).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  it("applies the default 30 s timeout when none is given", async () => {
    const timers = jest.spyOn(global, "setTimeout");
    const { transport } = await setup(ok, { timeoutMs: undefined });
    try {
      await transport.request({ method: "GET", path: "/api/x" });
      expect(timers.mock.calls.some(([, ms]) => ms === 30_000)).toBe(true);
    } finally {
      timers.mockRestore();
    }
  });
});

describe("conditional writes re-sent after an ambiguous failure", () => {
  const conflict = (res: Parameters<TestHandler>[1]) => sendJson(res, 409, { statusCode: 409, error: "Conflict", message: "version conflict" });

  it("takes the 409 of the re-send as its own applied write when confirmApplied finds it", async () => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 504, {}) : conflict(res)));
    const confirmApplied = jest.fn(async () => ({ status: 200, headers: {}, body: { name: "new", _version: "WzIsMV0=" } }));
    const response = await transport.request({ method: "PUT", path: "/api/x", body: { name: "new", _version: "WzEsMV0=" }, confirmApplied });
    expect(response.body).toEqual({ name: "new", _version: "WzIsMV0=" });
    expect(confirmApplied).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(2);
  });

  it("reports the 409 when confirmApplied does not find the write", async () => {
    let calls = 0;
    const { transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 502, {}) : conflict(res)));
    const error = await rejection(transport.request({ method: "PUT", path: "/api/x", body: {}, confirmApplied: async () => undefined }));
    expect(error.status).toBe(409);
    expect(error.kibanaMessage).toBe("version conflict");
  });

  it("does not consult confirmApplied for a 409 on the first attempt (a change made by someone else)", async () => {
    const { transport } = await setup((_req, res) => conflict(res));
    const confirmApplied = jest.fn(async () => ({ status: 200, headers: {}, body: {} }));
    const error = await rejection(transport.request({ method: "PUT", path: "/api/x", body: {}, confirmApplied }));
    expect(error.status).toBe(409);
    expect(confirmApplied).not.toHaveBeenCalled();
  });

  it("does not consult confirmApplied after a failure Kibana provably did not process (503)", async () => {
    let calls = 0;
    const { transport } = await setup((_req, res) => (++calls === 1 ? sendJson(res, 503, {}) : conflict(res)));
    const confirmApplied = jest.fn(async () => ({ status: 200, headers: {}, body: {} }));
    const error = await rejection(transport.request({ method: "PUT", path: "/api/x", body: {}, confirmApplied }));
    expect(error.status).toBe(409);
    expect(confirmApplied).not.toHaveBeenCalled();
  });
});
