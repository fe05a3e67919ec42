import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { sendJson, startTestServer } from "./__tests__/test-server";
import { CONFIG_KEYS, ENV_VARS, loadCaCertificates, parseEndpoint, resolveConnection, type ConnectionConfigSource } from "./connection";
import { KibanaConfigError } from "./errors";
import { KibanaTransport } from "./transport";

const ENDPOINT = "https://kibana.example.com:5601";

function config(values: Record<string, string>): ConnectionConfigSource {
  return { get: (key) => values[key] };
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

describe("resolveConnection: endpoint", () => {
  it("fails naming all three places it looked when no endpoint is set", () => {
    const error = configError(() => resolveConnection({ explicit: {}, config: config({}), env: {} }));
    expect(error.message).toContain("connection");
    expect(error.message).toContain("kibana:endpoint");
    expect(error.message).toContain("KIBANA_ENDPOINT");
  });

  it("treats empty and whitespace-only values as unset", () => {
    expect(() => resolveConnection({ explicit: { endpoint: "" }, config: config({ "kibana:endpoint": "  " }), env: { KIBANA_ENDPOINT: "" } })).toThrow(
      /No Kibana endpoint configured/,
    );
    expect(resolveConnection({ explicit: { endpoint: " " }, env: { KIBANA_ENDPOINT: ENDPOINT } }).endpoint).toBe(ENDPOINT);
  });

  it("takes the endpoint from explicit > config > env", () => {
    const env = { KIBANA_ENDPOINT: "https://env:5601" };
    const cfg = config({ "kibana:endpoint": "https://config:5601" });
    expect(resolveConnection({ explicit: { endpoint: "https://explicit:5601" }, config: cfg, env }).endpoint).toBe("https://explicit:5601");
    expect(resolveConnection({ explicit: {}, config: cfg, env }).endpoint).toBe("https://config:5601");
    expect(resolveConnection({ config: config({}), env }).endpoint).toBe("https://env:5601");
  });

  it("reads process.env by default", () => {
    const saved = process.env.KIBANA_ENDPOINT;
    process.env.KIBANA_ENDPOINT = "https://from-process-env:5601";
    try {
      expect(resolveConnection({}).endpoint).toBe("https://from-process-env:5601");
    } finally {
      if (saved === undefined) delete process.env.KIBANA_ENDPOINT;
      else process.env.KIBANA_ENDPOINT = saved;
    }
  });

  it("normalises the endpoint: trims, drops trailing slashes, keeps a base path", () => {
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: " https://kibana.example.com:5601/ \n" } }).endpoint).toBe(ENDPOINT);
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: "http://host/kibana//" } }).endpoint).toBe("http://host/kibana");
  });

  it.each([
    ["not a URL", "kibana.example.com", /is not a URL/],
    ["another scheme", "ftp://kibana.example.com", /http:\/\/ or https:\/\//],
    ["a query string", "https://kibana.example.com/?x=1", /query string or fragment/],
    ["a fragment", "https://kibana.example.com/#top", /query string or fragment/],
  ])("rejects an endpoint that is %s, naming its source", (_case, endpoint, pattern) => {
    const error = configError(() => resolveConnection({ config: config({ "kibana:endpoint": endpoint }), env: {} }));
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain("Pulumi config kibana:endpoint");
  });

  it("rejects credentials in the endpoint URL without echoing them", () => {
    const error = configError(() => resolveConnection({ env: { KIBANA_ENDPOINT: "https://elastic:s3cr3t-pw@kibana.example.com" } }));
    expect(error.message).toContain("environment variable KIBANA_ENDPOINT");
    expect(error.message).toContain("must not contain credentials");
    expect(error.message).not.toContain("s3cr3t-pw");
  });

  it("scrubs any configured credential from an echoed malformed endpoint", () => {
    // A pasting accident: the API key ended up in the endpoint field.
    const error = configError(() => resolveConnection({ explicit: { endpoint: "paste-Zm9vOmJhcmJhemt1eA==", apiKey: "Zm9vOmJhcmJhemt1eA==" }, env: {} }));
    expect(error.message).toContain("is not a URL");
    expect(error.message).not.toContain("Zm9vOmJhcmJhemt1eA");
    expect(error.message).not.toContain("barbazkux");
  });
});

describe("resolveConnection: credentials", () => {
  const envBasic = { KIBANA_ENDPOINT: ENDPOINT, KIBANA_USERNAME: "env-user", KIBANA_PASSWORD: "env-password" };

  it("reads every field from the environment", () => {
    expect(resolveConnection({ env: { ...envBasic, KIBANA_CA_CERTS: "/etc/ca.pem", KIBANA_INSECURE: "false" } })).toEqual({
      endpoint: ENDPOINT,
      username: "env-user",
      password: "env-password",
      caCert: "/etc/ca.pem",
      insecure: false,
    });
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_API_KEY: "env-key" } })).toEqual({ endpoint: ENDPOINT, apiKey: "env-key" });
  });

  it("reads every field from stack config", () => {
    const cfg = config({
      "kibana:endpoint": ENDPOINT,
      "kibana:apiKey": "cfg-key",
      "kibana:caCert": "/cfg/ca.pem",
      "kibana:insecure": "true",
    });
    expect(resolveConnection({ config: cfg, env: {} })).toEqual({ endpoint: ENDPOINT, apiKey: "cfg-key", caCert: "/cfg/ca.pem", insecure: true });
  });

  it("anonymous when no source has credentials", () => {
    const connection = resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT } });
    expect(connection).toEqual({ endpoint: ENDPOINT });
  });

  it("an explicit API key wins over username/password from the environment, which are not mixed in", () => {
    const connection = resolveConnection({ explicit: { apiKey: "explicit-key" }, env: envBasic });
    expect(connection).toEqual({ endpoint: ENDPOINT, apiKey: "explicit-key" });
  });

  it("a config API key wins over env username/password, and explicit basic auth wins over a config API key", () => {
    expect(resolveConnection({ config: config({ "kibana:apiKey": "cfg-key" }), env: envBasic })).toEqual({ endpoint: ENDPOINT, apiKey: "cfg-key" });
    expect(
      resolveConnection({
        explicit: { username: "explicit-user", password: "explicit-password" },
        config: config({ "kibana:apiKey": "cfg-key" }),
        env: { ...envBasic, KIBANA_API_KEY: "env-key" },
      }),
    ).toEqual({ endpoint: ENDPOINT, username: "explicit-user", password: "explicit-password" });
  });

  it("config username/password win over an env API key", () => {
    const connection = resolveConnection({
      config: config({ "kibana:username": "cfg-user", "kibana:password": "cfg-password" }),
      env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_API_KEY: "env-key" },
    });
    expect(connection).toEqual({ endpoint: ENDPOINT, username: "cfg-user", password: "cfg-password" });
  });

  it("combines an endpoint from one source with credentials from another (per field)", () => {
    expect(resolveConnection({ explicit: { endpoint: "https://explicit:5601" }, env: { KIBANA_API_KEY: "env-key" } })).toEqual({
      endpoint: "https://explicit:5601",
      apiKey: "env-key",
    });
  });

  it("never assembles username and password from two sources", () => {
    const error = configError(() =>
      resolveConnection({ config: config({ "kibana:username": "cfg-user" }), env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_PASSWORD: "env-password" } }),
    );
    expect(error.message).toContain("Pulumi config kibana:username");
    expect(error.message).toContain("Pulumi config kibana:password");
    expect(error.message).not.toContain("env-password");
  });

  it("rejects a password without a username", () => {
    const error = configError(() => resolveConnection({ explicit: { password: "lonely-password" }, env: envBasic }));
    expect(error.message).toContain("no username");
    expect(error.message).toContain("connection.username");
    expect(error.message).not.toContain("lonely-password");
  });

  it("rejects an API key and username/password in the same source, without echoing either", () => {
    const error = configError(() =>
      resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_API_KEY: "both-key", KIBANA_USERNAME: "u", KIBANA_PASSWORD: "both-password" } }),
    );
    expect(error.message).toContain("KIBANA_API_KEY");
    expect(error.message).toContain("KIBANA_USERNAME");
    for (const rendering of [error.message, String(error.stack), inspect(error), JSON.stringify(error)]) {
      expect(rendering).not.toContain("both-key");
      expect(rendering).not.toContain("both-password");
    }
  });

  it("trims the API key (a trailing newline from a secret file) but not the password", () => {
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_API_KEY: "env-key\n" } }).apiKey).toBe("env-key");
    expect(resolveConnection({ explicit: { apiKey: " explicit-key " }, env: { KIBANA_ENDPOINT: ENDPOINT } }).apiKey).toBe("explicit-key");
    expect(resolveConnection({ config: config({ "kibana:apiKey": "cfg-key\r\n" }), env: { KIBANA_ENDPOINT: ENDPOINT } }).apiKey).toBe("cfg-key");
    expect(resolveConnection({ env: { ...envBasic, KIBANA_PASSWORD: " spaced " } }).password).toBe(" spaced ");
  });

  it("sends the auth a user expects end to end: explicit key, not the env basic credentials", async () => {
    const server = await startTestServer((_req, res) => sendJson(res, 200, {}));
    const transports = [
      new KibanaTransport(resolveConnection({ explicit: { endpoint: server.url, apiKey: "explicit-key" }, env: envBasic })),
      new KibanaTransport(resolveConnection({ config: config({ "kibana:endpoint": server.url }), env: { ...envBasic, KIBANA_ENDPOINT: undefined } })),
    ];
    try {
      for (const transport of transports) await transport.request({ method: "GET", path: "/api/features" });
    } finally {
      await Promise.all(transports.map((t) => t.close()));
      await server.close();
    }
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "ApiKey explicit-key",
      `Basic ${Buffer.from("env-user:env-password").toString("base64")}`,
    ]);
  });
});

describe("resolveConnection: TLS settings", () => {
  it("takes caCert and insecure per field, explicit > config > env", () => {
    const env = { KIBANA_ENDPOINT: ENDPOINT, KIBANA_CA_CERTS: "/env/ca.pem", KIBANA_INSECURE: "true" };
    expect(resolveConnection({ env })).toMatchObject({ caCert: "/env/ca.pem", insecure: true });
    expect(resolveConnection({ config: config({ "kibana:caCert": "/cfg/ca.pem", "kibana:insecure": "no" }), env })).toMatchObject({
      caCert: "/cfg/ca.pem",
      insecure: false,
    });
    expect(resolveConnection({ explicit: { caCert: "/explicit/ca.pem" }, config: config({ "kibana:insecure": "no" }), env })).toMatchObject({
      caCert: "/explicit/ca.pem",
      insecure: false,
    });
  });

  it("an explicit insecure: false overrides KIBANA_INSECURE=true", () => {
    const connection = resolveConnection({ explicit: { insecure: false }, env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_INSECURE: "true" } });
    expect(connection.insecure).toBe(false);
  });

  it("leaves insecure unset when no source sets it", () => {
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT } })).not.toHaveProperty("insecure");
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_INSECURE: "" } })).not.toHaveProperty("insecure");
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["True", true],
    [" 1 ", true],
    ["yes", true],
    ["on", true],
    ["t", true],
    ["false", false],
    ["FALSE", false],
    ["0", false],
    ["no", false],
    ["off", false],
    ["F", false],
  ])("KIBANA_INSECURE=%j → %s", (value, expected) => {
    expect(resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_INSECURE: value } }).insecure).toBe(expected);
  });

  it("rejects an unrecognised boolean, naming the variable", () => {
    expect(() => resolveConnection({ env: { KIBANA_ENDPOINT: ENDPOINT, KIBANA_INSECURE: "maybe" } })).toThrow(
      /Invalid boolean "maybe" in environment variable KIBANA_INSECURE/,
    );
    expect(() => resolveConnection({ config: config({ "kibana:insecure": "2" }), env: { KIBANA_ENDPOINT: ENDPOINT } })).toThrow(
      /Pulumi config kibana:insecure/,
    );
  });
});

describe("parseEndpoint", () => {
  it("splits origin and base path", () => {
    expect(parseEndpoint("https://kibana.example.com:5601")).toEqual({ origin: "https://kibana.example.com:5601", basePath: "" });
    expect(parseEndpoint("https://kibana.example.com/")).toEqual({ origin: "https://kibana.example.com", basePath: "" });
    expect(parseEndpoint("http://proxy:8080/kibana/")).toEqual({ origin: "http://proxy:8080", basePath: "/kibana" });
    expect(parseEndpoint("HTTPS://Kibana.Example.COM:443/a/b")).toEqual({ origin: "https://kibana.example.com", basePath: "/a/b" });
  });

  it("rejects what resolveConnection rejects", () => {
    expect(() => parseEndpoint("kibana:5601")).toThrow(KibanaConfigError);
    expect(() => parseEndpoint("https://u:p@kibana")).toThrow(/must not contain credentials/);
  });
});

describe("loadCaCertificates", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "esac-ca-"));
    writeFileSync(join(dir, "a.pem"), PEM);
    writeFileSync(join(dir, "b.pem"), PEM.replace("MIIB", "MIIC"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns undefined when no CA is configured", () => {
    expect(loadCaCertificates(undefined)).toBeUndefined();
    expect(loadCaCertificates("")).toBeUndefined();
    expect(loadCaCertificates("  ")).toBeUndefined();
  });

  it("uses PEM text as is", () => {
    expect(loadCaCertificates(PEM)).toEqual([PEM]);
  });

  it("reads one or several comma-separated files", () => {
    expect(loadCaCertificates(join(dir, "a.pem"))).toEqual([PEM]);
    expect(loadCaCertificates(` ${join(dir, "a.pem")} ,${join(dir, "b.pem")},`)).toEqual([PEM, PEM.replace("MIIB", "MIIC")]);
  });

  it("names an unreadable file and why", () => {
    const missing = join(dir, "missing.pem");
    expect(() => loadCaCertificates(missing)).toThrow(KibanaConfigError);
    expect(() => loadCaCertificates(missing)).toThrow(`Cannot read the Kibana CA certificate file "${missing}" (ENOENT).`);
    expect(() => loadCaCertificates(dir)).toThrow(/\(EISDIR\)/);
  });

  it("makes the transport fail at construction for a missing CA file", () => {
    expect(() => new KibanaTransport({ endpoint: ENDPOINT, caCert: join(dir, "missing.pem") })).toThrow(KibanaConfigError);
  });
});

describe("exported names", () => {
  it("match the documented config keys and environment variables", () => {
    expect(CONFIG_KEYS).toEqual({
      endpoint: "kibana:endpoint",
      apiKey: "kibana:apiKey",
      username: "kibana:username",
      password: "kibana:password",
      caCert: "kibana:caCert",
      insecure: "kibana:insecure",
      requestTimeout: "kibana:requestTimeout",
      maxRetries: "kibana:maxRetries",
      retryBudget: "kibana:retryBudget",
    });
    expect(ENV_VARS).toEqual({
      endpoint: "KIBANA_ENDPOINT",
      apiKey: "KIBANA_API_KEY",
      username: "KIBANA_USERNAME",
      password: "KIBANA_PASSWORD",
      caCert: "KIBANA_CA_CERTS",
      insecure: "KIBANA_INSECURE",
      requestTimeout: "KIBANA_REQUEST_TIMEOUT",
      maxRetries: "KIBANA_MAX_RETRIES",
      retryBudget: "KIBANA_RETRY_BUDGET",
    });
  });
});
