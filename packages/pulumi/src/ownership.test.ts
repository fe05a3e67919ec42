/**
 * Recovery that only takes back what is ours (provider-kit/ownership.ts): every create writes an ownership marker
 * (`meta.esac.owner`, derived from project/stack/Type/name); a create whose answer was lost, or that meets its key
 * taken after a crash, takes the object back only when it carries this resource's marker — a colleague's object with
 * the same key fails with the `adopt` advice and is left alone. The marker never shows in state, reads or diffs.
 */
import type { RunningEmulator } from "@esac/kibana-emulator";
import type * as pulumi from "@pulumi/pulumi";
import { connectorProvider, resetConnectorReadCache } from "./connector/provider";
import { detectionRuleProvider, resetRuleReadCache } from "./detection-rule/provider";
import { exceptionListItemProvider, resetExceptionListItemReadCache } from "./exception-list-item/provider";
import { exceptionListProvider, resetExceptionListReadCache } from "./exception-list/provider";
import { fleetServerHostProvider, resetFleetServerHostReadCache } from "./fleet-server-host/provider";
import { RESOURCE_IDENTITY_KEY } from "./provider-kit/identity";
import { OWNER_INPUT_KEY, setOwnershipLogSink } from "./provider-kit/ownership";
import { kibanaFetch, stackConfigFor, startTestKibana } from "./test-support/emulator";
import { providerSteps } from "./test-support/steps";
import { resetValueListItemReadCache, valueListItemProvider } from "./value-list-item/provider";
import { resetValueListReadCache, valueListProvider } from "./value-list/provider";

type Obj = Record<string, any>;

let kibana: RunningEmulator;
let logged: string[] = [];
let restoreLog: (line: string) => void;
beforeAll(async () => {
  kibana = await startTestKibana();
  await detectionRuleProvider.configure!(stackConfigFor(kibana) as never);
  restoreLog = setOwnershipLogSink((line) => logged.push(line));
});
afterAll(async () => {
  setOwnershipLogSink(restoreLog);
  await kibana.stop();
});
beforeEach(async () => {
  kibana.reset();
  kibana.setFaults([]);
  logged = [];
  [
    resetRuleReadCache,
    resetExceptionListReadCache,
    resetExceptionListItemReadCache,
    resetValueListReadCache,
    resetValueListItemReadCache,
    resetConnectorReadCache,
    resetFleetServerHostReadCache,
  ].forEach((reset) => reset());
  await kibanaFetch(kibana, "POST", "/api/exception_lists", { list_id: "trusted", name: "n", description: "d", type: "detection" });
  await kibanaFetch(kibana, "POST", "/api/lists/index");
  await kibanaFetch(kibana, "POST", "/api/lists", { id: "ranges", name: "n", description: "d", type: "ip_range" });
  kibana.clearRequests();
});
afterEach(() => expect(kibana.violations()).toEqual([]));

interface Family {
  type: string;
  provider: pulumi.dynamic.ResourceProvider;
  /** The program's key argument. */
  key: string;
  /** The program's arguments, without the key. */
  args: Obj;
  /** A change of a setting, for "brought to the program's settings". */
  changed: Obj;
  /** The create request (for the fault). */
  createPath: string;
  /** The family's objects as Kibana keeps them (meta included). */
  stored: () => Promise<Obj[]>;
  /** The object's key as Kibana keeps it. */
  storedKey: (o: Obj) => string;
  /** A colleague creates an object under `key` by hand (no marker). */
  colleague: (key: string) => Promise<void>;
}

const FAMILIES: Family[] = [
  {
    type: "DetectionRule",
    provider: detectionRuleProvider,
    key: "rule_id",
    args: { name: "Suspicious shell", description: "d", risk_score: 47, severity: "medium", type: "query", query: "process.name:sh", index: ["logs-*"] },
    changed: { severity: "high" },
    createPath: "/api/detection_engine/rules",
    stored: async () => (await kibanaFetch(kibana, "GET", "/api/detection_engine/rules/_find?per_page=100")).body.data,
    storedKey: (o) => o.rule_id,
    colleague: async (key) => {
      const res = await kibanaFetch(kibana, "POST", "/api/detection_engine/rules", {
        rule_id: key,
        name: "Colleague's rule",
        description: "theirs",
        risk_score: 10,
        severity: "low",
        type: "query",
        query: "*",
      });
      expect(res.status).toBe(200);
    },
  },
  {
    type: "ExceptionList",
    provider: exceptionListProvider,
    key: "list_id",
    args: { name: "Tuning", description: "d", type: "detection" },
    changed: { description: "tuned" },
    createPath: "/api/exception_lists",
    stored: async () =>
      ((await kibanaFetch(kibana, "GET", "/api/exception_lists/_find?per_page=100")).body.data as Obj[]).filter((l) => l.list_id !== "trusted"),
    storedKey: (o) => o.list_id,
    colleague: async (key) => {
      const res = await kibanaFetch(kibana, "POST", "/api/exception_lists", {
        list_id: key,
        name: "Colleague's list",
        description: "theirs",
        type: "detection",
      });
      expect(res.status).toBe(200);
    },
  },
  {
    type: "ExceptionListItem",
    provider: exceptionListItemProvider,
    key: "item_id",
    args: { list_id: "trusted", name: "Backups", description: "d", entries: [{ type: "match", field: "host.name", value: "backup-01", operator: "included" }] },
    changed: { description: "tuned" },
    createPath: "/api/exception_lists/items",
    stored: async () => (await kibanaFetch(kibana, "GET", "/api/exception_lists/items/_find?list_id=trusted&per_page=100")).body.data,
    storedKey: (o) => o.item_id,
    colleague: async (key) => {
      const res = await kibanaFetch(kibana, "POST", "/api/exception_lists/items", {
        item_id: key,
        list_id: "trusted",
        type: "simple",
        name: "Colleague's item",
        description: "theirs",
        entries: [{ type: "match", field: "host.name", value: "theirs", operator: "included" }],
      });
      expect(res.status).toBe(200);
    },
  },
  {
    type: "ValueList",
    provider: valueListProvider,
    key: "list_id",
    args: { name: "Bad IPs", description: "d", type: "ip" },
    changed: { description: "worse IPs" },
    createPath: "/api/lists",
    stored: async () => ((await kibanaFetch(kibana, "GET", "/api/lists/_find?per_page=100")).body.data as Obj[]).filter((l) => l.id !== "ranges"),
    storedKey: (o) => o.id,
    colleague: async (key) => {
      const res = await kibanaFetch(kibana, "POST", "/api/lists", { id: key, name: "Colleague's list", description: "theirs", type: "ip" });
      expect(res.status).toBe(200);
    },
  },
  {
    type: "ValueListItem",
    provider: valueListItemProvider,
    key: "list_item_id",
    args: { list_id: "ranges", value: "10.0.0.1", type: "ip_range" },
    changed: { meta: { team: "soc" } },
    createPath: "/api/lists/items",
    stored: async () => (await kibanaFetch(kibana, "GET", "/api/lists/items/_find?list_id=ranges&per_page=100")).body.data,
    storedKey: (o) => o.id,
    colleague: async (key) => {
      const res = await kibanaFetch(kibana, "POST", "/api/lists/items", { id: key, list_id: "ranges", value: "10.9.9.9" });
      expect(res.status).toBe(200);
    },
  },
];

const identity = (type: string, name = "main") => ({ [RESOURCE_IDENTITY_KEY]: `soc/dev/${type}/${name}` });

const checked = (provider: pulumi.dynamic.ResourceProvider, news: Obj, olds?: Obj): Promise<Obj> => providerSteps(provider).checked(news, olds);

const deletes = () => kibana.requests().filter((r) => r.method === "DELETE");

describe.each(FAMILIES)("$type", ({ type, provider, key, args, changed, createPath, stored, storedKey, colleague }) => {
  const loseCreateAnswer = () => kibana.setFaults([{ method: "POST", path: createPath, phase: "after", reset: true, times: 1 }]);

  it("writes its ownership marker on create and never shows it: state, read and diff see only the program's meta", async () => {
    const news = { ...args, [key]: "shared-key", meta: { team: "soc" }, ...identity(type) };
    const inputs = await checked(provider, news);
    const { id, outs } = await provider.create(inputs);
    const [object] = await stored();
    expect(object.meta).toEqual({ team: "soc", esac: { owner: inputs[OWNER_INPUT_KEY] } });
    expect(outs.meta).toEqual({ team: "soc" });
    expect(JSON.stringify(outs)).not.toContain('"esac"');
    const read = await provider.read!(id, outs);
    expect(read.props!.meta).toEqual({ team: "soc" });
    expect(JSON.stringify(read)).not.toContain('"esac"');
    const next = await checked(provider, news, read.inputs);
    expect(await provider.diff!(id, read.props!, next)).toMatchObject({ changes: false, replaces: [] });
    // The inputs a refresh stores keep the owner id, so it never shows as a changed input in a later diff display.
    expect(read.inputs![OWNER_INPUT_KEY]).toBe(inputs[OWNER_INPUT_KEY]);
    expect(next[OWNER_INPUT_KEY]).toBe(inputs[OWNER_INPUT_KEY]);
    // Without meta in the program there is none in state either, and still no diff.
    const bare = { ...args, [key]: "bare-key", ...identity(type, "bare") };
    const created = await provider.create(await checked(provider, bare));
    expect(created.outs).not.toHaveProperty("meta");
    expect(await provider.diff!(created.id, created.outs, await checked(provider, bare, created.outs))).toMatchObject({ changes: false });
  });

  it("refuses a program's own meta.esac at preview (the marker's key), naming it", async () => {
    const res = await provider.check!({}, { ...args, meta: { esac: "mine", team: "soc" }, ...identity(type) });
    expect((res.failures ?? []).map((f) => f.reason)).toEqual([
      expect.stringMatching(/^meta\.esac: reserved: esac keeps its ownership marker there.*\(value: "mine"\)$/),
    ]);
  });

  it("a lost answer on create: the object found under the key carries our marker, so it is taken back — one object", async () => {
    loseCreateAnswer();
    const inputs = await checked(provider, { ...args, [key]: "shared-key", ...identity(type) });
    const { id } = await provider.create(inputs);
    const all = await stored();
    expect(all.map(storedKey)).toEqual(["shared-key"]);
    expect(id).toBe(all[0].id);
    expect(kibana.requests().filter((r) => r.faulted)).toHaveLength(1);
  });

  it("a lost answer on create while a colleague's object holds the key: adopt advice, theirs untouched, nothing deleted", async () => {
    await colleague("shared-key");
    const before = await stored();
    loseCreateAnswer();
    const inputs = await checked(provider, { ...args, [key]: "shared-key", ...identity(type) });
    await expect(provider.create(inputs)).rejects.toThrow(
      /outcome of the create is unknown.*cannot prove it created.*neither taken nor deleted.*`adopt: true`/s,
    );
    expect(await stored()).toEqual(before);
    expect(deletes()).toEqual([]);
  });

  it("after a crash (created, state lost) the re-run takes its own object back without adopt, and brings it to the program's settings", async () => {
    const first = await checked(provider, { ...args, ...identity(type) });
    const original = await provider.create(first);
    const rerun = await checked(provider, { ...args, ...changed, ...identity(type) });
    expect(rerun[key]).toBe(first[key]);
    const { id, outs } = await provider.create(rerun);
    expect(id).toBe(original.id);
    expect(outs).toMatchObject(changed);
    const all = await stored();
    expect(all.map(storedKey)).toEqual([first[key]]);
    expect(all[0]).toMatchObject(changed);
    // Bringing it to the program's settings keeps the marker.
    expect(all[0].meta).toEqual({ ...changed.meta, esac: { owner: first[OWNER_INPUT_KEY] } });
    expect(logged).toEqual([expect.stringMatching(/already existed and carries this resource's ownership marker: taken back/)]);
  });

  it("keeps its ownership marker through an update: no diff after it, and a re-run create after losing the state takes the object back without adopt", async () => {
    const program = { ...args, meta: { team: "soc" }, ...identity(type) };
    const inputs = await checked(provider, program);
    const created = await provider.create(inputs);
    const edited = { ...program, ...changed, meta: { team: "soc", ...changed.meta, tier: "1" } };
    const news = await checked(provider, edited, created.outs);
    const { outs } = await provider.update!(created.id, created.outs, news);
    const [object] = await stored();
    expect(object).toMatchObject(changed);
    expect(object.meta).toEqual({ ...edited.meta, esac: { owner: inputs[OWNER_INPUT_KEY] } });
    expect(outs!.meta).toEqual(edited.meta);
    expect(JSON.stringify(outs)).not.toContain('"esac"');
    expect(await provider.diff!(created.id, outs!, await checked(provider, edited, outs))).toMatchObject({ changes: false, replaces: [] });
    // The state is lost (a crash before Pulumi recorded it): the re-run create meets the updated object and takes it back.
    const rerun = await checked(provider, edited);
    expect(rerun.adopt).toBeUndefined();
    const again = await provider.create(rerun);
    expect(again.id).toBe(created.id);
    expect((await stored()).map(storedKey)).toEqual([inputs[key]]);
    expect(logged).toEqual([expect.stringMatching(/already existed and carries this resource's ownership marker: taken back/)]);
    expect(deletes()).toEqual([]);
  });

  it("adopt: true writes the marker onto the adopted object, so a later re-run after a crash takes it back without adopt", async () => {
    await colleague("shared-key");
    const program = { ...args, [key]: "shared-key", ...identity(type) };
    const adopted = await provider.create(await checked(provider, { ...program, adopt: true }));
    const inputs = await checked(provider, program);
    const [object] = await stored();
    expect(object.meta).toMatchObject({ esac: { owner: inputs[OWNER_INPUT_KEY] } });
    expect(JSON.stringify(adopted.outs)).not.toContain('"esac"');
    const again = await provider.create(inputs);
    expect(again.id).toBe(adopted.id);
    expect((await stored()).map(storedKey)).toEqual(["shared-key"]);
    expect(logged).toEqual([expect.stringMatching(/taken back/)]);
  });

  it("after a crash, a colleague's object under the program's key is not taken: adopt advice, theirs untouched", async () => {
    await colleague("shared-key");
    const before = await stored();
    const inputs = await checked(provider, { ...args, [key]: "shared-key", ...identity(type) });
    await expect(provider.create(inputs)).rejects.toThrow(/already exists in Kibana and carries no ownership marker of this resource.*`adopt: true`/s);
    expect(await stored()).toEqual(before);
    expect(deletes()).toEqual([]);
    // Another resource of the same program is not this one either.
    const mine = await checked(provider, { ...args, [key]: "other-key", ...identity(type, "a") });
    await provider.create(mine);
    await expect(provider.create(await checked(provider, { ...args, [key]: "other-key", ...identity(type, "b") }))).rejects.toThrow(/no ownership marker/);
  });
});

describe("Connector (no metadata: an id derived from the resource is the proof)", () => {
  const slack = {
    connector_type_id: ".slack",
    name: "SOC Slack",
    secrets: { webhookUrl: "https://hooks.slack.com/services/T0/B0/x" },
    secrets_salt: "salt-0123456789abcdef",
  };
  const connectors = async () => (await kibanaFetch(kibana, "GET", "/api/actions/connectors")).body as Obj[];
  const colleague = async (id: string) => {
    const res = await kibanaFetch(kibana, "POST", `/api/actions/connector/${id}`, {
      connector_type_id: ".slack",
      name: "Colleague's Slack",
      secrets: { webhookUrl: "https://hooks.slack.com/services/T0/B0/theirs" },
    });
    expect(res.status).toBe(200);
  };
  const loseCreateAnswer = () => kibana.setFaults([{ method: "POST", path: "/api/actions/connector/*", phase: "after", reset: true, times: 1 }]);

  it("a lost answer on create at the derived id: taken back — one connector, no bookkeeping in state", async () => {
    loseCreateAnswer();
    const inputs = await checked(connectorProvider, { ...slack, ...identity("Connector") });
    const { id, outs } = await connectorProvider.create(inputs);
    expect((await connectors()).map((c) => c.id)).toEqual([inputs.connector_id]);
    expect(id).toBe(inputs.connector_id);
    expect(JSON.stringify(outs)).not.toContain("__esac");
    expect(kibana.requests().filter((r) => r.faulted)).toHaveLength(1);
  });

  it("a lost answer at a program-chosen id is never taken, a colleague's connector least of all: adopt advice, nothing deleted", async () => {
    await colleague("shared-id");
    loseCreateAnswer();
    const inputs = await checked(connectorProvider, { ...slack, connector_id: "shared-id", ...identity("Connector") });
    await expect(connectorProvider.create(inputs)).rejects.toThrow(
      /outcome of the create is unknown.*cannot prove it created.*id is one the program chose.*neither taken nor deleted.*`adopt: true`/s,
    );
    expect((await connectors()).map((c) => [c.id, c.name])).toEqual([["shared-id", "Colleague's Slack"]]);
    expect(deletes()).toEqual([]);
  });

  it("after a crash the re-run takes its own connector (derived id) back without adopt and rewrites it", async () => {
    const first = await checked(connectorProvider, { ...slack, ...identity("Connector") });
    await connectorProvider.create(first);
    const rerun = await checked(connectorProvider, { ...slack, name: "SOC Slack (renamed)", ...identity("Connector") });
    const { id, outs } = await connectorProvider.create(rerun);
    expect(id).toBe(first.connector_id);
    expect(outs.name).toBe("SOC Slack (renamed)");
    expect((await connectors()).map((c) => [c.id, c.name])).toEqual([[first.connector_id, "SOC Slack (renamed)"]]);
    expect(logged).toEqual([expect.stringMatching(/Connector ".*" \(\.slack "SOC Slack \(renamed\)"\).*taken back/)]);
  });

  it("after a crash, a connector at a program-chosen id is not taken: adopt advice, the colleague's untouched", async () => {
    await colleague("shared-id");
    const inputs = await checked(connectorProvider, { ...slack, connector_id: "shared-id", ...identity("Connector") });
    await expect(connectorProvider.create(inputs)).rejects.toThrow(/already exists in Kibana, and the program chose that id.*`adopt: true`/s);
    expect((await connectors()).map((c) => [c.id, c.name])).toEqual([["shared-id", "Colleague's Slack"]]);
    expect(deletes()).toEqual([]);
    expect(logged).toEqual([]);
  });
});

describe("FleetServerHost (no metadata: an id derived from the resource is the proof)", () => {
  const fleet = { name: "Fleet A", host_urls: ["https://fleet-a.example.com"], secrets_salt: "salt-0123456789abcdef" };
  const hosts = async () => ((await kibanaFetch(kibana, "GET", "/api/fleet/fleet_server_hosts")).body.items as Obj[]).map((h) => [h.id, h.name]);
  const colleague = async (id: string) => {
    const res = await kibanaFetch(kibana, "POST", "/api/fleet/fleet_server_hosts", {
      id,
      name: "Colleague's Fleet",
      host_urls: ["https://theirs.example.com"],
    });
    expect(res.status).toBe(200);
  };
  const loseCreateAnswer = () => kibana.setFaults([{ method: "POST", path: "/api/fleet/fleet_server_hosts", phase: "after", reset: true, times: 1 }]);

  it("a lost answer on create at the derived id: taken back — one host", async () => {
    loseCreateAnswer();
    const inputs = await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost") });
    const { id, outs } = await fleetServerHostProvider.create(inputs);
    expect(id).toBe(inputs.host_id);
    expect(await hosts()).toEqual([[inputs.host_id, "Fleet A"]]);
    expect(JSON.stringify(outs)).not.toContain("__esac");
    expect(kibana.requests().filter((r) => r.faulted)).toHaveLength(1);
  });

  it("a lost answer at a program-chosen id held by a colleague's host: adopt advice, theirs untouched, nothing deleted", async () => {
    await colleague("shared-id");
    loseCreateAnswer();
    const inputs = await checked(fleetServerHostProvider, { ...fleet, host_id: "shared-id", ...identity("FleetServerHost") });
    await expect(fleetServerHostProvider.create(inputs)).rejects.toThrow(
      /outcome of the create is unknown.*cannot prove it created.*id is one the program chose.*neither taken nor deleted.*`adopt: true`/s,
    );
    expect(await hosts()).toEqual([["shared-id", "Colleague's Fleet"]]);
    expect(deletes()).toEqual([]);
  });

  it("after a crash the re-run takes its own host (derived id) back without adopt and rewrites it", async () => {
    const first = await checked(fleetServerHostProvider, { ...fleet, ...identity("FleetServerHost") });
    await fleetServerHostProvider.create(first);
    const { id } = await fleetServerHostProvider.create(await checked(fleetServerHostProvider, { ...fleet, name: "Fleet A2", ...identity("FleetServerHost") }));
    expect(id).toBe(first.host_id);
    expect(await hosts()).toEqual([[first.host_id, "Fleet A2"]]);
    expect(logged).toEqual([expect.stringMatching(/FleetServerHost ".*" \("Fleet A2"\).*taken back/)]);
  });

  it("after a crash, a colleague's host at a program-chosen id is not taken: adopt advice, untouched", async () => {
    await colleague("shared-id");
    const inputs = await checked(fleetServerHostProvider, { ...fleet, host_id: "shared-id", ...identity("FleetServerHost") });
    await expect(fleetServerHostProvider.create(inputs)).rejects.toThrow(/already exists, and the program chose that id.*`adopt: true`/s);
    expect(await hosts()).toEqual([["shared-id", "Colleague's Fleet"]]);
    expect(logged).toEqual([]);
  });
});
