import { inspect } from "node:util";
import { FAST_RETRIES, sendJson, startTestServer, type TestServer } from "./__tests__/test-server";
import { generateCertificates, type CertificateFixture } from "./__tests__/tls";
import { resolveConnection, type KibanaConnection } from "./connection";
import { KibanaError } from "./errors";
import { KibanaTransport } from "./transport";

const API_KEY = "dGxzLWlkOnRscy1zZWNyZXQtdmFsdWU=";

let certs: CertificateFixture;
let server: TestServer;

beforeAll(async () => {
  certs = generateCertificates();
  server = await startTestServer((_req, res) => sendJson(res, 200, { tls: true }), { tls: { key: certs.server.key, cert: certs.server.cert } });
});

afterAll(async () => {
  await server?.close();
  certs?.cleanup();
});

async function get(connection: Omit<KibanaConnection, "endpoint">, endpoint = server.url) {
  const transport = new KibanaTransport({ endpoint, apiKey: API_KEY, ...connection }, { ...FAST_RETRIES, maxRetries: 3 });
  try {
    return await transport.request({ method: "GET", path: "/api/status" });
  } finally {
    await transport.close();
  }
}

async function tlsFailure(connection: Omit<KibanaConnection, "endpoint">, endpoint?: string): Promise<KibanaError> {
  const before = server.requests.length;
  const error = await get(connection, endpoint).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KibanaError);
  // Nothing reached the server, and a certificate problem is not retried.
  expect(server.requests.length).toBe(before);
  const kibanaError = error as KibanaError;
  expect(kibanaError.attempts).toBe(1);
  expect(kibanaError.status).toBeUndefined();
  for (const rendering of [kibanaError.message, String(kibanaError.stack), inspect(kibanaError), JSON.stringify(kibanaError)]) {
    expect(rendering).not.toContain(API_KEY);
    expect(rendering).not.toContain("tls-secret-value");
  }
  return kibanaError;
}

describe("TLS to a cluster with a self-signed certificate", () => {
  it("succeeds with the CA as a file path", async () => {
    const response = await get({ caCert: certs.server.certPath });
    expect(response).toMatchObject({ status: 200, body: { tls: true } });
    expect(server.requests.at(-1)?.headers.authorization).toBe(`ApiKey ${API_KEY}`);
  });

  it("succeeds with the CA as PEM text", async () => {
    expect(certs.server.cert).toContain("-----BEGIN CERTIFICATE-----");
    expect((await get({ caCert: certs.server.cert })).status).toBe(200);
  });

  it("succeeds with the right CA among comma-separated files", async () => {
    expect((await get({ caCert: `${certs.other.certPath},${certs.server.certPath}` })).status).toBe(200);
  });

  it("fails without a CA", async () => {
    const error = await tlsFailure({});
    expect(error.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(error.message).toContain("GET /api/status failed: DEPTH_ZERO_SELF_SIGNED_CERT");
    // The message tells how to fix it.
    expect(error.message).toContain("KIBANA_CA_CERTS");
    expect(error.message).toContain("KIBANA_INSECURE=true");
  });

  it("fails with an unrelated CA", async () => {
    const error = await tlsFailure({ caCert: certs.other.certPath });
    expect(error.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
  });

  it("fails when the certificate does not name the host, even with the right CA", async () => {
    const error = await tlsFailure({ caCert: certs.server.certPath }, server.url.replace("127.0.0.1", "localhost"));
    expect(error.code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(error.message).toContain("localhost");
    expect(error.message).not.toContain("KIBANA_CA_CERTS");
  });

  it("succeeds with insecure, without a CA", async () => {
    expect((await get({ insecure: true })).status).toBe(200);
    expect((await get({ insecure: true, caCert: certs.other.certPath })).status).toBe(200);
  });

  it("an explicit insecure: false is verified", async () => {
    await tlsFailure({ insecure: false });
  });

  it("works with the TLS settings from the environment", async () => {
    const viaCaFile = resolveConnection({ env: { KIBANA_ENDPOINT: server.url, KIBANA_API_KEY: API_KEY, KIBANA_CA_CERTS: certs.server.certPath } });
    const viaInsecure = resolveConnection({ env: { KIBANA_ENDPOINT: server.url, KIBANA_API_KEY: API_KEY, KIBANA_INSECURE: "true" } });
    const verified = resolveConnection({ env: { KIBANA_ENDPOINT: server.url, KIBANA_API_KEY: API_KEY, KIBANA_INSECURE: "false" } });
    expect((await get(viaCaFile)).status).toBe(200);
    expect((await get(viaInsecure)).status).toBe(200);
    await tlsFailure(verified);
  });
});
