import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeAllTransports, isKibanaError, type KibanaError } from "@esac/kibana-client";
import { checkFailures } from "./check";
import { setStackConfig, transportFor } from "./config";
import { validateResourceOptions } from "./resource-options";

const API_KEY = "Y29ubi1pZDpjb25uLXNlY3JldA==";
const LIMIT_ENV = ["KIBANA_REQUEST_TIMEOUT", "KIBANA_MAX_RETRIES", "KIBANA_RETRY_BUDGET"];
const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("time limits from the resource's connection, stack config and environment", () => {
  const saved = { ...process.env };
  let server: Server;
  let endpoint: string;
  let requests: number;

  beforeAll(async () => {
    // Answers every request after 300 ms.
    server = createServer((_req, res) => {
      requests++;
      setTimeout(() => res.writableEnded || res.destroyed || res.end(JSON.stringify({ ok: true })), 300);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = 0;
    for (const key of LIMIT_ENV) delete process.env[key];
    process.env.KIBANA_ENDPOINT = endpoint;
    process.env.KIBANA_API_KEY = API_KEY;
  });
  afterEach(async () => {
    process.env = { ...saved };
    setStackConfig(undefined);
    await closeAllTransports();
  });

  /** How many attempts a GET made before it failed, or "ok". */
  async function attemptsOfGet(connection?: Record<string, unknown>): Promise<number | "ok"> {
    requests = 0;
    try {
      await transportFor(connection).request({ method: "GET", path: "/api/status" });
      return "ok";
    } catch (error) {
      if (!isKibanaError(error)) throw error;
      expect((error as KibanaError).code).toBe("ETIMEDOUT");
      expect(requests).toBe((error as KibanaError).attempts);
      return (error as KibanaError).attempts!;
    }
  }

  it("takes the environment's limits", async () => {
    Object.assign(process.env, { KIBANA_REQUEST_TIMEOUT: "100ms", KIBANA_MAX_RETRIES: "1" });
    expect(await attemptsOfGet()).toBe(2);
  });

  it("prefers stack config to the environment, per limit", async () => {
    Object.assign(process.env, { KIBANA_REQUEST_TIMEOUT: "100ms", KIBANA_MAX_RETRIES: "1" });
    setStackConfig(config({ "kibana:maxRetries": "2" }));
    expect(await attemptsOfGet()).toBe(3);
    setStackConfig(config({ "kibana:requestTimeout": "2s" }));
    expect(await attemptsOfGet()).toBe("ok");
  });

  it("prefers the resource's connection to stack config", async () => {
    setStackConfig(config({ "kibana:requestTimeout": "100ms", "kibana:maxRetries": "3" }));
    expect(await attemptsOfGet({ maxRetries: 0 })).toBe(1);
    expect(await attemptsOfGet({ requestTimeout: 2_000 })).toBe("ok");
  });

  it("stops at the retry budget from stack config", async () => {
    setStackConfig(config({ "kibana:requestTimeout": "100ms", "kibana:maxRetries": "100", "kibana:retryBudget": "0" }));
    expect(await attemptsOfGet()).toBe(1);
  });

  it("fails at up with a bad value, naming the setting, the value and the reason", () => {
    process.env.KIBANA_RETRY_BUDGET = "a while";
    expect(() => transportFor(undefined)).toThrow(
      'Invalid value "a while" in environment variable KIBANA_RETRY_BUDGET; expected a duration such as "2m" or "90s", or a whole number of milliseconds, from 0 (no retries) to 24h.',
    );
  });
});

describe("check: the connection's time limits", () => {
  it("accepts durations, milliseconds and retry counts", () => {
    expect(validateResourceOptions({ connection: { requestTimeout: "45s", maxRetries: 2, retryBudget: 60_000 } })).toEqual([]);
  });

  it("refuses bad values at preview, naming the setting, the value and the reason", () => {
    const problems = validateResourceOptions({ connection: { endpoint: "https://k", requestTimeout: "soon", maxRetries: -1, retryBudget: "25h" } });
    expect(checkFailures(problems).map((f) => f.reason)).toEqual([
      'connection.requestTimeout: invalid value "soon"; expected a duration such as "30s", "2m" or "500ms", or a whole number of milliseconds, above 0 and at most 24h',
      "connection.maxRetries: invalid value -1; expected a whole number from 0 (no retries) to 100",
      'connection.retryBudget: invalid value "25h"; expected a duration such as "2m" or "90s", or a whole number of milliseconds, from 0 (no retries) to 24h',
    ]);
  });

  it("never shows a credential written into a limit by mistake", () => {
    const [failure] = checkFailures(validateResourceOptions({ connection: { apiKey: API_KEY, requestTimeout: API_KEY } }));
    expect(failure.reason).toMatch(/^connection\.requestTimeout: invalid value/);
    expect(failure.reason).not.toContain(API_KEY);
  });

  it("suggests the limit's name for a misspelt key", () => {
    const [failure] = checkFailures(validateResourceOptions({ connection: { requestTimout: "30s" } }));
    expect(failure.reason).toMatch(/connection\.requestTimout: unknown key; did you mean `requestTimeout`\?/);
  });
});
