/**
 * Keys esac derives when the program gives none (provider-kit/identity.ts): fixed before the first create, the same
 * on every re-run of the resource, kept from state for existing resources, and a create re-run after a crash (state
 * lost, so check sees no olds) meets its own object instead of making a second one.
 */
import type { RunningEmulator } from "@esac/kibana-emulator";
import type * as pulumi from "@pulumi/pulumi";
import { connectorProvider, resetConnectorReadCache } from "./connector/provider";
import { detectionRuleProvider, resetRuleReadCache } from "./detection-rule/provider";
import { exceptionListItemProvider, resetExceptionListItemReadCache } from "./exception-list-item/provider";
import { exceptionListProvider, resetExceptionListReadCache } from "./exception-list/provider";
import { fleetServerHostProvider, resetFleetServerHostReadCache } from "./fleet-server-host/provider";
import { RESOURCE_IDENTITY_KEY } from "./provider-kit/identity";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "./test-support/emulator";
import { providerSteps } from "./test-support/steps";
import { resetValueListItemReadCache, valueListItemProvider } from "./value-list-item/provider";
import { resetValueListReadCache, valueListProvider } from "./value-list/provider";

type Obj = Record<string, any>;

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana();
  await detectionRuleProvider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
beforeEach(async () => {
  kibana.reset();
  [
    resetConnectorReadCache,
    resetFleetServerHostReadCache,
    resetRuleReadCache,
    resetExceptionListItemReadCache,
    resetExceptionListReadCache,
    resetValueListItemReadCache,
    resetValueListReadCache,
  ].forEach((reset) => reset());
  await kibanaFetch(kibana, "POST", "/api/exception_lists", { list_id: "trusted", name: "n", description: "d", type: "detection" });
  await kibanaFetch(kibana, "POST", "/api/lists/index");
  await kibanaFetch(kibana, "POST", "/api/lists", { id: "ranges", name: "n", description: "d", type: "ip_range" });
});
afterEach(() => expect(kibana.violations()).toEqual([]));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Family {
  type: string;
  provider: pulumi.dynamic.ResourceProvider;
  key: string;
  /** The program's arguments, without the key. */
  args: Obj;
  /** The family's objects in Kibana, by key. */
  stored: () => Promise<string[]>;
}

const find = async (path: string, key: string) => ((await kibanaFetch(kibana, "GET", path)).body.data as Obj[]).map((o) => o[key] as string);

const FAMILIES: Family[] = [
  {
    type: "DetectionRule",
    provider: detectionRuleProvider,
    key: "rule_id",
    args: { name: "Suspicious shell", description: "d", risk_score: 47, severity: "medium", type: "query", query: "process.name:sh", index: ["logs-*"] },
    stored: () => find("/api/detection_engine/rules/_find?per_page=100", "rule_id"),
  },
  {
    type: "ExceptionList",
    provider: exceptionListProvider,
    key: "list_id",
    args: { name: "Tuning", description: "d", type: "detection" },
    stored: async () => (await find("/api/exception_lists/_find?per_page=100", "list_id")).filter((id) => id !== "trusted"),
  },
  {
    type: "ExceptionListItem",
    provider: exceptionListItemProvider,
    key: "item_id",
    args: { list_id: "trusted", name: "Backups", description: "d", entries: [{ type: "match", field: "host.name", value: "backup-01", operator: "included" }] },
    stored: () => find("/api/exception_lists/items/_find?list_id=trusted&per_page=100", "item_id"),
  },
  {
    type: "ValueList",
    provider: valueListProvider,
    key: "list_id",
    args: { name: "Bad IPs", description: "d", type: "ip" },
    stored: async () => (await find("/api/lists/_find?per_page=100", "id")).filter((id) => id !== "ranges"),
  },
  {
    type: "ValueListItem",
    provider: valueListItemProvider,
    key: "list_item_id",
    args: { list_id: "ranges", value: "10.0.0.1", type: "ip_range" },
    stored: () => find("/api/lists/items/_find?list_id=ranges&per_page=100", "id"),
  },
];

/** Families whose creates prove ownership (ownership.test.ts), so a re-run takes its own object back. */
const TAKEN_BACK = new Set(["DetectionRule", "ExceptionList", "ExceptionListItem", "ValueList", "ValueListItem"]);

const identity = (type: string, name = "main", stack = "dev", project = "soc") => ({ [RESOURCE_IDENTITY_KEY]: `${project}/${stack}/${type}/${name}` });

const checked = (provider: pulumi.dynamic.ResourceProvider, news: Obj, olds?: Obj): Promise<Obj> => providerSteps(provider).checked(news, olds);

describe.each(FAMILIES)("$type without a key in the program", ({ type, provider, key, args, stored }) => {
  it("gets a UUID derived from project, stack and name: the same on every run, different per resource", async () => {
    const first = (await checked(provider, { ...args, ...identity(type) }))[key];
    expect(first).toMatch(UUID);
    expect((await checked(provider, { ...args, ...identity(type) }))[key]).toBe(first);
    const others = await Promise.all(
      [identity(type, "other"), identity(type, "main", "prod"), identity(type, "main", "dev", "other")].map(
        async (id) => (await checked(provider, { ...args, ...id }))[key],
      ),
    );
    expect(new Set([first, ...others]).size).toBe(4);
  });

  it("keeps no identity in the inputs, and the program's own key still wins", async () => {
    const inputs = await checked(provider, { ...args, ...identity(type) });
    expect(inputs).not.toHaveProperty(RESOURCE_IDENTITY_KEY);
    expect((await checked(provider, { ...args, [key]: "chosen", ...identity(type) }))[key]).toBe("chosen");
  });

  it("an existing resource keeps its random key from state: no replacement, no diff", async () => {
    const legacy = await checked(provider, args); // no identity: a key generated at random, as before
    const { id, outs } = await provider.create(legacy);
    const news = await checked(provider, { ...args, ...identity(type) }, legacy);
    expect(news[key]).toBe(legacy[key]);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: false, replaces: [] });
  });

  it("a create re-run after a crash (no state) meets its own object (409) and takes it back, no duplicate", async () => {
    const inputs = await checked(provider, { ...args, ...identity(type) });
    const first = await provider.create(inputs);
    const rerun = await checked(provider, { ...args, ...identity(type) });
    expect(rerun[key]).toBe(inputs[key]);
    if (TAKEN_BACK.has(type)) expect((await provider.create(rerun)).id).toBe(first.id);
    else await expect(provider.create(rerun)).rejects.toThrow(/already exists.*adopt: true/s);
    expect(await stored()).toEqual([inputs[key]]);
  });
});

describe("Connector without an id in the program", () => {
  const slack = {
    connector_type_id: ".slack",
    name: "SOC Slack",
    secrets: { webhookUrl: "https://hooks.slack.com/services/T0/B0/x" },
    secrets_salt: "salt-0123456789abcdef",
  };
  const connectors = async () => ((await kibanaFetch(kibana, "GET", "/api/actions/connectors")).body as Obj[]).map((c) => c.id as string);

  it("is created at an id derived from project, stack and name (POST /connector/{id}), the same on every run", async () => {
    const inputs = await checked(connectorProvider, { ...slack, ...identity("Connector") });
    expect(inputs.connector_id).toMatch(UUID);
    expect(inputs).not.toHaveProperty(RESOURCE_IDENTITY_KEY);
    expect((await checked(connectorProvider, { ...slack, ...identity("Connector") })).connector_id).toBe(inputs.connector_id);
    expect((await checked(connectorProvider, { ...slack, ...identity("Connector", "other") })).connector_id).not.toBe(inputs.connector_id);
    expect((await checked(connectorProvider, { ...slack, ...identity("Connector", "main", "prod") })).connector_id).not.toBe(inputs.connector_id);
    const before = kibana.requests().length;
    const { id, outs } = await connectorProvider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([{ method: "POST", path: `/api/actions/connector/${inputs.connector_id}`, status: 200 }]);
    expect(id).toBe(inputs.connector_id);
    const next = await checked(connectorProvider, { ...slack, ...identity("Connector") }, inputs);
    expect(await connectorProvider.diff!(id, outs, next)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("an existing connector keeps the id Kibana gave it: no replacement, no diff", async () => {
    const legacy = await checked(connectorProvider, slack); // created before ids were derived
    expect(legacy).not.toHaveProperty("connector_id");
    const { id, outs } = await connectorProvider.create(legacy);
    const news = await checked(connectorProvider, { ...slack, ...identity("Connector") }, legacy);
    expect(news).not.toHaveProperty("connector_id");
    expect(await connectorProvider.diff!(id, outs, news)).toMatchObject({ changes: false, replaces: [] });
    // A replacement anyway (type change) takes a derived id.
    const replaced = await checked(
      connectorProvider,
      { ...slack, connector_type_id: ".teams", secrets: { webhookUrl: "https://x.example.com/in" }, ...identity("Connector") },
      legacy,
    );
    expect(replaced.connector_id).toMatch(UUID);
  });

  it("a create re-run after a crash (no state) meets its own connector (409) and takes it back, no duplicate", async () => {
    const inputs = await checked(connectorProvider, { ...slack, ...identity("Connector") });
    await connectorProvider.create(inputs);
    const rerun = await checked(connectorProvider, { ...slack, ...identity("Connector") });
    expect((await connectorProvider.create(rerun)).id).toBe(inputs.connector_id);
    expect(await connectors()).toEqual([inputs.connector_id]);
    // adopt needs no explicit id any more: the derived one names the connector to take back.
    const adopted = await connectorProvider.create(await checked(connectorProvider, { ...slack, adopt: true, ...identity("Connector") }));
    expect(adopted.id).toBe(inputs.connector_id);
    expect(await connectors()).toEqual([inputs.connector_id]);
  });
});

describe("FleetServerHost without an id in the program", () => {
  const fleet = { name: "Fleet A", host_urls: ["https://fleet-a.example.com"], secrets_salt: "salt-0123456789abcdef" };
  const hosts = async () => ((await kibanaFetch(kibana, "GET", "/api/fleet/fleet_server_hosts")).body.items as Obj[]).map((h) => h.id as string);

  it("is created with an id derived from project, stack and name, the same on every run; an existing host keeps Fleet's", async () => {
    const inputs = await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost") });
    expect(inputs.host_id).toMatch(UUID);
    expect(inputs).not.toHaveProperty(RESOURCE_IDENTITY_KEY);
    expect((await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost") })).host_id).toBe(inputs.host_id);
    expect((await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost", "main", "prod") })).host_id).not.toBe(inputs.host_id);
    const { id } = await fleetServerHostProvider.create(inputs);
    expect(id).toBe(inputs.host_id);

    const legacy = await checked(fleetServerHostProvider, { ...fleet, name: "Fleet B", host_urls: ["https://fleet-b.example.com"] });
    expect(legacy).not.toHaveProperty("host_id");
    const old = await fleetServerHostProvider.create(legacy);
    const news = await checked(fleetServerHostProvider, { ...legacy, ...identity("FleetServerHost", "b") }, legacy);
    expect(news).not.toHaveProperty("host_id");
    expect(await fleetServerHostProvider.diff!(old.id, old.outs, news)).toMatchObject({ changes: false, replaces: [] });
  });

  it("a create re-run after a crash (no state) meets its own host (409) and takes it back, no duplicate", async () => {
    const before = await hosts();
    const inputs = await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost") });
    await fleetServerHostProvider.create(inputs);
    const rerun = await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost") });
    expect((await fleetServerHostProvider.create(rerun)).id).toBe(inputs.host_id);
    expect(await hosts()).toEqual([...before, inputs.host_id]);
  });
});
