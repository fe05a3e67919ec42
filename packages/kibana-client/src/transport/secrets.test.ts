import type { IncomingMessage, ServerResponse } from "node:http";
import { inspect } from "node:util";
import { closedPort, FAST_RETRIES, sendJson, startTestServer, type TestHandler, type TestServer } from "./__tests__/test-server";
import type { KibanaConnection } from "./connection";
import { KibanaError } from "./errors";
import { KibanaTransport, type AttemptInfo, type KibanaRequest } from "./transport";

// Credentials are never allowed in any rendering of an error, whatever the server echoes back.

const KEY_ID = "VuaCfGcBCdbkQm-e5aOx";
const KEY_SECRET = "ui2lp2axTNmsyakw9tvNnw";
const API_KEY = Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString("base64"); // "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
const USERNAME = "elastic";
const PASSWORD = "Ch@ngeMe!s3cret";
const BASIC = Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64");

const CREDENTIALS: Array<[string, Omit<KibanaConnection, "endpoint">, string[]]> = [
  ["API key", { apiKey: API_KEY }, [API_KEY, API_KEY.replace(/=+$/, ""), KEY_SECRET, `${KEY_ID}:${KEY_SECRET}`]],
  ["basic auth", { username: USERNAME, password: PASSWORD }, [PASSWORD, BASIC, BASIC.replace(/=+$/, ""), encodeURIComponent(PASSWORD)]],
];

/** Every way an error typically ends up in a log, a Pulumi diagnostic or a crash report. */
function renderings(error: unknown): string[] {
  const e = error as Error & { cause?: unknown };
  const out = [
    String(e),
    e.message,
    String(e.stack),
    JSON.stringify(e),
    inspect(e),
    inspect(e, { showHidden: true, depth: Infinity, getters: true }),
    JSON.stringify(Object.fromEntries(Object.getOwnPropertyNames(e).map((name) => [name, (e as unknown as Record<string, unknown>)[name]]))),
  ];
  if (e.cause !== undefined) out.push(inspect(e.cause, { showHidden: true, depth: Infinity }), JSON.stringify(e.cause) ?? "");
  return out;
}

function expectClean(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(Error);
  for (const text of renderings(error)) {
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`secret ${JSON.stringify(secret)} leaked in:\n${text}`);
    }
  }
}

function authorizationOf(req: IncomingMessage): string {
  return req.headers.authorization ?? "";
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(text);
}

// Servers that echo the credentials back, in the body shapes of §0.3 and in proxy-ish text.
const ECHOES: Array<[string, TestHandler]> = [
  [
    "Boom 401 with the header in message and attributes",
    (req, res) =>
      sendJson(res, 401, {
        statusCode: 401,
        error: "Unauthorized",
        message: `unable to authenticate with [${authorizationOf(req)}]`,
        attributes: { headers: req.headers, [authorizationOf(req)]: true },
      }),
  ],
  [
    "SIEM 400 with an array message",
    (req, res) => sendJson(res, 400, { message: ["bad request", `authorization: ${authorizationOf(req)}`], status_code: 400 }),
  ],
  [
    "SIEM 409 with an object message",
    (req, res) => sendJson(res, 409, { message: { error: { message: `conflict for ${authorizationOf(req)}`, headers: req.headers } }, status_code: 409 }),
  ],
  [
    "a text/plain header dump",
    (req, res) =>
      sendText(
        res,
        500,
        "text/plain",
        Object.entries(req.headers)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join("\r\n"),
      ),
  ],
  [
    "an HTML page with the header in its title",
    (req, res) =>
      sendText(
        res,
        403,
        "text/html",
        `<html><head><title>Denied: ${authorizationOf(req)}</title></head><body><pre>${authorizationOf(req)}</pre></body></html>`,
      ),
  ],
  [
    "a URL-encoded echo",
    (req, res) => sendJson(res, 400, { statusCode: 400, error: "Bad Request", message: `redirect=/login?auth=${encodeURIComponent(authorizationOf(req))}` }),
  ],
  [
    "the decoded API key or user:password",
    (req, res) => {
      const [scheme, token = ""] = authorizationOf(req).split(" ");
      const decoded = Buffer.from(token, "base64").toString("utf8");
      sendJson(res, 401, {
        statusCode: 401,
        error: "Unauthorized",
        message: `${scheme} credentials [${decoded}] rejected; secret part ${decoded.split(":")[1]}`,
      });
    },
  ],
  [
    "a JSON body sent as text/plain with an escaped echo",
    (req, res) => sendText(res, 400, "text/plain", JSON.stringify({ message: `echo ${JSON.stringify(authorizationOf(req))}` })),
  ],
];

let server: TestServer | undefined;
let transport: KibanaTransport | undefined;

afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = server = undefined;
});

async function failure(request: KibanaRequest): Promise<KibanaError> {
  const error = await transport!.request(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KibanaError);
  return error as KibanaError;
}

describe.each(CREDENTIALS)("with %s", (_name, credentials, secrets) => {
  it.each(ECHOES)("scrubs an echo in %s", async (_echo, handler) => {
    server = await startTestServer(handler);
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, { ...FAST_RETRIES, maxRetries: 0 });
    const error = await failure({ method: "GET", path: "/api/detection_engine/rules" });
    // The server did receive the credentials — the echo really contained them.
    expect(server.requests[0].headers.authorization).toMatch(/^(ApiKey|Basic) /);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.message).toContain("[REDACTED]");
    expectClean(error, secrets);
  });

  it("scrubs a non-idempotent POST's outcome-unknown error (502 echo)", async () => {
    server = await startTestServer((req, res) => sendJson(res, 502, { message: `gateway saw ${authorizationOf(req)}` }));
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, FAST_RETRIES);
    const error = await failure({ method: "POST", path: "/api/detection_engine/rules", body: {} });
    expect(error.outcomeUnknown).toBe(true);
    expectClean(error, secrets);
  });

  it("scrubs a failing recover's error", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 504, {}));
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, FAST_RETRIES);
    const leaky = new Error(`lookup failed with ${credentials.apiKey ?? `Basic ${BASIC}`} and ${credentials.password ?? KEY_SECRET}`);
    const error = await failure({ method: "POST", path: "/api/x", body: {}, recover: async () => Promise.reject(leaky) });
    expect(error.message).toContain("looking it up failed");
    expectClean(error, secrets);
  });

  it("scrubs secrets from the echoed query string", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 404, { statusCode: 404, error: "Not Found", message: "nope" }));
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, { ...FAST_RETRIES, maxRetries: 0 });
    const error = await failure({ method: "GET", path: "/api/x", query: { q: credentials.apiKey ?? credentials.password } });
    expect(error.message).toContain("?q=");
    expectClean(error, secrets);
  });

  it("keeps a connection-refused error clean", async () => {
    transport = new KibanaTransport({ endpoint: `http://127.0.0.1:${await closedPort()}`, ...credentials }, { ...FAST_RETRIES, maxRetries: 1 });
    const error = await failure({ method: "GET", path: "/api/status" });
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.attempts).toBe(2);
    expectClean(error, secrets);
  });

  it("keeps a response-timeout error clean", async () => {
    server = await startTestServer(() => undefined);
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, { ...FAST_RETRIES, timeoutMs: 100 });
    const error = await failure({ method: "POST", path: "/api/x", body: {} });
    expect(error.code).toBe("ETIMEDOUT");
    expectClean(error, secrets);
  });

  it("keeps a connection-reset error clean", async () => {
    server = await startTestServer((req) => void req.socket.destroy());
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, { ...FAST_RETRIES, maxRetries: 1 });
    const error = await failure({ method: "GET", path: "/api/x" });
    expect(error.code).toBe("ECONNRESET");
    expectClean(error, secrets);
  });

  it("never exposes credentials through the transport object or the attempt hook", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, {}));
    const attempts: AttemptInfo[] = [];
    transport = new KibanaTransport({ endpoint: server.url, ...credentials }, { onAttempt: (info) => attempts.push(info) });
    await transport.request({ method: "GET", path: "/api/x" });
    expect(attempts).toHaveLength(1);
    for (const text of [inspect(transport, { showHidden: true, depth: Infinity }), JSON.stringify(transport), String(transport), JSON.stringify(attempts)]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

it("an invalid header value (API key with a newline) fails without echoing the key", async () => {
  server = await startTestServer((_req, res) => sendJson(res, 200, {}));
  transport = new KibanaTransport({ endpoint: server.url, apiKey: `${API_KEY}\n` }, FAST_RETRIES);
  const error = await failure({ method: "GET", path: "/api/x" });
  expect(error.attempts).toBe(1);
  expect(server.requests).toHaveLength(0);
  expectClean(error, [API_KEY.replace(/=+$/, ""), KEY_SECRET]);
});
