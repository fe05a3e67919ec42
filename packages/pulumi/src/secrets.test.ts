/**
 * No connector secret or TLS private key in plain text: not in outputs (state), not in refreshed state, not in
 * diffs or errors, not in any debug log line; and the resource classes hand them to Pulumi as secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "@esac/kibana-emulator";
import { connectorProvider, resetConnectorReadCache } from "./connector/provider";
import { fleetServerHostProvider, resetFleetServerHostReadCache } from "./fleet-server-host/provider";
import { setDebugSink } from "./provider-kit/debug-log";
import { stackConfigFor, startTestKibana } from "./test-support/emulator";

type Obj = Record<string, any>;

const SECRETS = {
  password: "webhook-P4ssw0rd-7c1e",
  slackUrl: "https://hooks.slack.com/services/T000/B000/slack-S3cret-9f2a",
  fleetKey: "-----BEGIN PRIVATE KEY-----\nMIIEv-fleet-K3y-31d4\n-----END PRIVATE KEY-----",
  esKey: "-----BEGIN PRIVATE KEY-----\nMIIEv-es-K3y-88aa\n-----END PRIVATE KEY-----",
  sslKey: "-----BEGIN PRIVATE KEY-----\nMIIEv-plain-ssl-K3y-5be0\n-----END PRIVATE KEY-----",
};
const FRAGMENTS = ["P4ssw0rd", "slack-S3cret", "fleet-K3y", "es-K3y", "plain-ssl-K3y"];

let kibana: RunningEmulator;
const lines: string[] = [];
let restoreSink: (line: string) => void;
beforeAll(async () => {
  // Without Fleet secret storage, Fleet returns the keys in plain `ssl`: the hardest case for the provider.
  kibana = await startTestKibana({ fleet: { secretStorage: false } });
  process.env.ESAC_LOG_LEVEL = "debug";
  restoreSink = setDebugSink((line) => lines.push(line));
  const config = stackConfigFor(kibana) as never;
  await connectorProvider.configure!(config);
  await fleetServerHostProvider.configure!(config);
});
afterAll(async () => {
  delete process.env.ESAC_LOG_LEVEL;
  setDebugSink(restoreSink);
  await kibana.stop();
});

function expectNoSecret(what: string, value: unknown): void {
  const text = typeof value === "string" ? value : JSON.stringify(value, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  for (const fragment of FRAGMENTS) expect([what, text.includes(fragment)]).toEqual([what, false]);
}

async function lifecycle(provider: pulumi.dynamic.ResourceProvider, reset: () => void, first: Obj, second: Obj, rejected: Obj): Promise<unknown[]> {
  const seen: unknown[] = [];
  const inputs = (await provider.check!({}, first)).inputs!;
  const { id, outs } = await provider.create(inputs);
  seen.push(outs);
  reset();
  const read = await provider.read!(id, outs);
  seen.push(read);
  const news = (await provider.check!(inputs, second)).inputs!;
  seen.push(await provider.diff!(id, read.props!, news));
  const updated = await provider.update!(id, read.props!, news);
  seen.push(updated);
  const bad = (await provider.check!(news, rejected)).inputs!;
  seen.push(await provider.update!(id, updated.outs, bad).catch((e: unknown) => e));
  await provider.delete!(id, updated.outs!);
  return seen;
}

describe("no secret in plain text", () => {
  it("Connector: outputs, refresh, diff, errors and debug logs", async () => {
    const webhook = {
      connector_type_id: ".webhook",
      name: "Hook",
      config: { url: "https://hooks.example.com/in" },
      secrets: { user: "svc", password: SECRETS.password },
    };
    const seen = await lifecycle(
      connectorProvider,
      resetConnectorReadCache,
      webhook,
      { ...webhook, name: "Hook 2", secrets: { user: "svc", password: `${SECRETS.password}-2` } },
      // Kibana rejects this config; the error must not carry the secrets sent with it.
      { ...webhook, config: { url: "https://hooks.example.com/in", unknownKey: 1 } },
    );
    expect(seen.at(-1)).toBeInstanceOf(Error);
    expect((seen.at(-1) as Error).message).toMatch(/Unrecognized key: "unknownKey"/);
    seen.forEach((v, i) => expectNoSecret(`step ${i}`, v));
    const slack = { connector_type_id: ".slack", name: "Slack", secrets: { webhookUrl: SECRETS.slackUrl } };
    const { outs } = await connectorProvider.create((await connectorProvider.check!({}, slack)).inputs!);
    expectNoSecret("slack outputs", outs);
  });

  it("FleetServerHost: keys in secrets.ssl and in ssl never reach outputs, refresh, diff, errors or logs", async () => {
    const host = {
      name: "Fleet",
      host_urls: ["https://fleet.example.com"],
      // A key in ssl and the same key in secrets.ssl is refused (Fleet's ensureNoDuplicateSecrets): one of each kind here.
      ssl: { certificate: "CERT", agent_key: SECRETS.sslKey },
      secrets: { ssl: { key: SECRETS.fleetKey, es_key: SECRETS.esKey } },
    };
    const seen = await lifecycle(
      fleetServerHostProvider,
      resetFleetServerHostReadCache,
      host,
      { ...host, secrets: { ssl: { key: `${SECRETS.fleetKey}-rotated` } } },
      { ...host, host_urls: ["not a url"] },
    );
    expect(seen.at(-1)).toBeInstanceOf(Error);
    seen.forEach((v, i) => expectNoSecret(`step ${i}`, v));
    expect(seen[0]).toMatchObject({ ssl: { certificate: "CERT" } });
  });

  it("debug logging was on, logged the requests, and masked every secret", () => {
    if (process.env.ESAC_TEST_SHOW_LOGS) console.log(lines.join("\n"));
    // create, update, rejected update and delete of each resource (reads come from listings, not logged per resource)
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.some((l) => l.includes("Connector: POST") && l.includes('"password":"[REDACTED]"'))).toBe(true);
    expect(lines.some((l) => l.includes("FleetServerHost: PUT") && l.includes('"key":"[REDACTED]"'))).toBe(true);
    lines.forEach((line, i) => expectNoSecret(`log line ${i}`, line));
  });
});

describe("the resource classes hand secrets to Pulumi as secrets", () => {
  const registered: Obj[] = [];
  beforeAll(() => {
    void pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: {} };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
  });

  const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && (v as Obj)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;

  it("Connector: secrets and the hash salt are secret inputs; the id travels as connector_id", async () => {
    const { Connector } = await import("./connector/resource");
    new Connector("c", { connector_type_id: ".slack", name: "Slack", secrets: { webhookUrl: SECRETS.slackUrl }, id: "soc-slack" });
    await new Promise((r) => setTimeout(r, 200));
    const c = registered.find((r) => r.type === Connector.__pulumiType)!;
    expect(isSecretValue(c.inputs.secrets)).toBe(true);
    expect(isSecretValue(c.inputs.secrets_salt)).toBe(true);
    expect(c.inputs.connector_id).toBe("soc-slack");
    expect(c.inputs).not.toHaveProperty("id");
  });

  it("FleetServerHost: secrets are secret; ssl becomes secret only when it carries a key", async () => {
    const { FleetServerHost } = await import("./fleet-server-host/resource");
    new FleetServerHost("with-key", {
      name: "A",
      host_urls: ["https://a"],
      ssl: { certificate: "C", key: SECRETS.sslKey },
      secrets: { ssl: { key: SECRETS.fleetKey } },
    });
    new FleetServerHost("no-key", { name: "B", host_urls: ["https://b"], ssl: { certificate: "C" } });
    await new Promise((r) => setTimeout(r, 200));
    // Registration order is not construction order: the one with a key waits for its `ssl` to be made secret.
    const withKey = registered.find((r) => r.name === "with-key");
    const noKey = registered.find((r) => r.name === "no-key");
    expect(isSecretValue(withKey!.inputs.ssl)).toBe(true);
    expect(isSecretValue(withKey!.inputs.secrets)).toBe(true);
    expect(isSecretValue(noKey!.inputs.ssl)).toBe(false);
    expect(noKey!.inputs.ssl).toEqual({ certificate: "C" });
  });

  it("EntityEngine: customTimeouts travel to the provider as `timeouts`", async () => {
    const { EntityEngine } = await import("./entity-engine/resource");
    new EntityEngine("e", { entity_type: "host", lookbackPeriod: "24h" }, { customTimeouts: { create: "30m" } });
    await new Promise((r) => setTimeout(r, 200));
    const e = registered.find((r) => r.type === EntityEngine.__pulumiType)!;
    expect(e.inputs).toMatchObject({ entity_type: "host", lookbackPeriod: "24h", timeouts: { create: "30m" } });
  });
});
