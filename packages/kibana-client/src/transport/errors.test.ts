import type { ServerResponse } from "node:http";
import { FAST_RETRIES, sendJson, startTestServer, type TestHandler, type TestServer } from "./__tests__/test-server";
import { extractKibanaMessage, isConflict, isKibanaError, isNotFound, KibanaConfigError, KibanaError } from "./errors";
import { KibanaTransport } from "./transport";

// Bodies as documented in kibana-behaviour.md §0.3 / §0.5 / §0.6.
const BOOM_404 = { statusCode: 404, error: "Not Found", message: "Saved object [alert/abc] not found" };
const BOOM_WITH_ATTRIBUTES = {
  statusCode: 400,
  error: "Bad Request",
  message: "Invalid connector config",
  attributes: { code: "invalid_config", details: ["url"] },
};
const SIEM_STRING = { message: 'rule_id: "my-rule" already exists', status_code: 409 };
const SIEM_ARRAY = { message: ["type: Invalid input", "risk_score: Invalid input: expected number, received undefined"], status_code: 400 };
const SIEM_OBJECT = {
  message: {
    error: {
      message: "Value list 'ip_list' is referenced in existing exception list(s)",
      references: [{ exception_item: { id: "i1" }, exception_list: { id: "l1" } }],
      value_list_id: "ip_list",
    },
  },
  status_code: 409,
};
const ROUTE_VALIDATION = { statusCode: 400, error: "Bad Request", message: "[request body]: item_id: Expected string, received number" };
const NGINX_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>`;

describe("extractKibanaMessage", () => {
  it("shape A (Boom): takes `message`, with or without attributes", () => {
    expect(extractKibanaMessage(BOOM_404)).toBe("Saved object [alert/abc] not found");
    expect(extractKibanaMessage(BOOM_WITH_ATTRIBUTES)).toBe("Invalid connector config");
  });

  it("shape A with an empty message falls back to the `error` reason", () => {
    expect(extractKibanaMessage({ statusCode: 401, error: "Unauthorized", message: "" })).toBe("Unauthorized");
    expect(extractKibanaMessage({ statusCode: 403, error: "Forbidden" })).toBe("Forbidden");
  });

  it("shape B (SIEM): a string message", () => {
    expect(extractKibanaMessage(SIEM_STRING)).toBe('rule_id: "my-rule" already exists');
    expect(extractKibanaMessage({ message: "Conflict", status_code: 409 })).toBe("Conflict");
  });

  it("shape B (SIEM): an array of messages is joined", () => {
    expect(extractKibanaMessage(SIEM_ARRAY)).toBe("type: Invalid input; risk_score: Invalid input: expected number, received undefined");
    expect(extractKibanaMessage({ message: ["only one"], status_code: 400 })).toBe("only one");
  });

  it("shape B (SIEM): an object message (value-list reference conflict) yields its inner message", () => {
    expect(extractKibanaMessage(SIEM_OBJECT)).toBe("Value list 'ip_list' is referenced in existing exception list(s)");
    expect(extractKibanaMessage({ message: { message: "inner" }, status_code: 500 })).toBe("inner");
  });

  it("shape B with an unrecognised object message is shown as (truncated) JSON", () => {
    expect(extractKibanaMessage({ message: { count: 3 }, status_code: 409 })).toBe('{"count":3}');
    const long = extractKibanaMessage({ message: { text: "x".repeat(500) }, status_code: 409 });
    expect(long).toHaveLength(201);
    expect(long.endsWith("…")).toBe(true);
  });

  it("shape C (route validation, on any route): the Boom message with its [request …] prefix", () => {
    expect(extractKibanaMessage(ROUTE_VALIDATION)).toBe("[request body]: item_id: Expected string, received number");
  });

  it("an HTML page (proxy error) yields its title", () => {
    expect(extractKibanaMessage(NGINX_502)).toBe("502 Bad Gateway");
  });

  it("HTML without a title yields its visible text, scripts and styles dropped", () => {
    const html =
      "<html><head><style>body{color:red}</style><script>var x = 1;</script></head><body><h1>Service\nUnavailable</h1><p>Try   later</p></body></html>";
    expect(extractKibanaMessage(html)).toBe("Service Unavailable Try later");
  });

  it("plain text is kept, whitespace collapsed and long text truncated", () => {
    expect(extractKibanaMessage("Kibana server is not ready yet")).toBe("Kibana server is not ready yet");
    expect(extractKibanaMessage("  upstream\n\n connect error  ")).toBe("upstream connect error");
    const long = extractKibanaMessage("y".repeat(1_000));
    expect(long).toBe(`${"y".repeat(200)}…`);
  });

  it("empty and odd bodies", () => {
    expect(extractKibanaMessage(undefined)).toBe("");
    expect(extractKibanaMessage(null)).toBe("");
    expect(extractKibanaMessage(42)).toBe("42");
    expect(extractKibanaMessage({ statusCode: 500 })).toBe('{"statusCode":500}');
    expect(extractKibanaMessage({ error: { message: "nested" } })).toBe("nested");
  });
});

describe("KibanaError", () => {
  it("formats HTTP errors with method, path, query, status and Kibana's message", () => {
    const error = new KibanaError({
      status: 409,
      method: "POST",
      path: "/s/sec/api/detection_engine/rules",
      query: "?a=1",
      kibanaMessage: 'rule_id: "x" already exists',
      attempts: 1,
    });
    expect(error.message).toBe('Kibana POST /s/sec/api/detection_engine/rules?a=1 → 409 Conflict: rule_id: "x" already exists');
    expect(error.name).toBe("KibanaError");
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain("KibanaError: Kibana POST /s/sec/api/detection_engine/rules?a=1 → 409 Conflict");
    expect(error.path).toBe("/s/sec/api/detection_engine/rules");
    expect(error.outcomeUnknown).toBe(false);
    expect(isConflict(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
  });

  it("cuts a long query string in the message, saying how many characters were left out", () => {
    const query = `?filter=${"x".repeat(1000)}`;
    const error = new KibanaError({ status: 431, method: "GET", path: "/api/detection_engine/rules/_find", query, attempts: 1 });
    expect(error.message).toBe(
      `Kibana GET /api/detection_engine/rules/_find${query.slice(0, 300)}… (708 more characters) → 431 Request Header Fields Too Large`,
    );
  });

  it("formats network errors, attempt counts and notes", () => {
    const error = new KibanaError({
      method: "GET",
      path: "/api/status",
      code: "ECONNREFUSED",
      detail: "connect ECONNREFUSED 127.0.0.1:5601",
      attempts: 3,
      note: "Is Kibana running?",
    });
    expect(error.message).toBe("Kibana GET /api/status failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:5601) [after 3 attempts]. Is Kibana running?");
    expect(error.status).toBeUndefined();
    expect(error.kibanaMessage).toBe("");
    expect(new KibanaError({ method: "GET", path: "/x", attempts: 1 }).message).toBe("Kibana GET /x failed: network error");
    expect(new KibanaError({ method: "GET", path: "/x", status: 599, attempts: 1 }).message).toBe("Kibana GET /x → 599 Error");
  });

  it("serialises its fields with toJSON", () => {
    const error = new KibanaError({ status: 404, method: "GET", path: "/api/x", kibanaMessage: "gone", body: BOOM_404, attempts: 1 });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "KibanaError",
      message: "Kibana GET /api/x → 404 Not Found: gone",
      status: 404,
      method: "GET",
      path: "/api/x",
      kibanaMessage: "gone",
      body: BOOM_404,
      attempts: 1,
      outcomeUnknown: false,
      foreignObject: false,
    });
  });

  it("is recognised across copies of the package by its brand, and nothing else is", () => {
    const error = new KibanaError({ status: 404, method: "GET", path: "/x", attempts: 1 });
    expect(isKibanaError(error)).toBe(true);
    expect(isNotFound(error)).toBe(true);
    const foreign = Object.create({ [Symbol.for("esac.kibana-client.KibanaError")]: true }) as object;
    expect(isKibanaError(foreign)).toBe(true);
    for (const other of [new Error("x"), { status: 404 }, null, undefined, "KibanaError"]) {
      expect(isKibanaError(other)).toBe(false);
      expect(isNotFound(other)).toBe(false);
    }
  });

  it("KibanaConfigError has its own name", () => {
    const error = new KibanaConfigError("bad");
    expect(error.name).toBe("KibanaConfigError");
    expect(String(error)).toBe("KibanaConfigError: bad");
    expect(isKibanaError(error)).toBe(false);
  });
});

describe("error bodies from the server", () => {
  let server: TestServer | undefined;
  let transport: KibanaTransport | undefined;

  afterEach(async () => {
    await transport?.close();
    await server?.close();
    transport = server = undefined;
  });

  async function failWith(handler: TestHandler, method: "GET" | "POST" = "GET"): Promise<KibanaError> {
    server = await startTestServer(handler);
    transport = new KibanaTransport({ endpoint: server.url, apiKey: "dGVzdC1pZDp0ZXN0LXNlY3JldC12YWx1ZQ==" }, { ...FAST_RETRIES, maxRetries: 0 });
    const error = await transport.request({ method, path: "/api/detection_engine/rules", body: method === "POST" ? {} : undefined }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KibanaError);
    return error as KibanaError;
  }

  function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
    res.writeHead(status, { "content-type": contentType });
    res.end(text);
  }

  it.each([
    ["Boom", 404, BOOM_404, "Saved object [alert/abc] not found"],
    ["SIEM string", 409, SIEM_STRING, 'rule_id: "my-rule" already exists'],
    ["SIEM array", 400, SIEM_ARRAY, "type: Invalid input; risk_score: Invalid input: expected number, received undefined"],
    ["SIEM object", 409, SIEM_OBJECT, "Value list 'ip_list' is referenced in existing exception list(s)"],
    ["route validation", 400, ROUTE_VALIDATION, "[request body]: item_id: Expected string, received number"],
  ])("%s body → status, kibanaMessage, parsed body and message", async (_shape, status, body, expected) => {
    const error = await failWith((_req, res) => sendJson(res, status, body), "POST");
    expect(error.status).toBe(status);
    expect(error.method).toBe("POST");
    expect(error.path).toBe("/api/detection_engine/rules");
    expect(error.kibanaMessage).toBe(expected);
    expect(error.body).toEqual(body);
    expect(error.message).toContain(`POST /api/detection_engine/rules → ${status} `);
    expect(error.message).toContain(expected);
    expect(error.attempts).toBe(1);
  });

  it("an HTML proxy page becomes a readable message, its raw text kept in body", async () => {
    const error = await failWith((_req, res) => sendText(res, 502, "text/html", NGINX_502));
    expect(error.status).toBe(502);
    expect(error.kibanaMessage).toBe("502 Bad Gateway");
    expect(error.message).toBe("Kibana GET /api/detection_engine/rules → 502 Bad Gateway: 502 Bad Gateway");
    expect(error.body).toBe(NGINX_502);
  });

  it("a plain-text body is used as the message", async () => {
    const error = await failWith((_req, res) => sendText(res, 503, "text/plain; charset=utf-8", "Kibana server is not ready yet"));
    expect(error.status).toBe(503);
    expect(error.kibanaMessage).toBe("Kibana server is not ready yet");
  });

  it("invalid JSON declared as JSON is shown as text instead of failing to parse", async () => {
    const error = await failWith((_req, res) => sendText(res, 500, "application/json", '{"statusCode":500,"error":"Internal'));
    expect(error.status).toBe(500);
    expect(error.kibanaMessage).toBe('{"statusCode":500,"error":"Internal');
    expect(error.body).toBe('{"statusCode":500,"error":"Internal');
  });

  it("an empty error body leaves kibanaMessage empty and the message ends at the status", async () => {
    const error = await failWith((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    expect(error.status).toBe(401);
    expect(error.kibanaMessage).toBe("");
    expect(error.body).toBeUndefined();
    expect(error.message).toBe("Kibana GET /api/detection_engine/rules → 401 Unauthorized");
  });
});
