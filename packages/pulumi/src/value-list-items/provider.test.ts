import { findAllListItems, getTransport, importListItems } from "@esac/kibana-client";
import type { RunningEmulator } from "@esac/kibana-emulator";
import { valueListItemsProvider as provider } from "./provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { IMPORT_ATTEMPTS } from "./import-missing";

type Obj = Record<string, any>;

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana();
  await provider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
beforeEach(async () => {
  kibana.reset();
  await kibanaFetch(kibana, "POST", "/api/lists/index");
  await kibanaFetch(kibana, "POST", "/api/lists", { id: "ips", name: "n", description: "d", type: "ip" });
});
afterEach(() => {
  kibana.setFaults([]);
  expect(kibana.violations()).toEqual([]);
});

const ips = (n: number, prefix = "10") => Array.from({ length: n }, (_, i) => `${prefix}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

const { checked } = providerSteps(provider);

const direct = () => ({ transport: getTransport({ endpoint: kibana.url, apiKey: kibana.apiKey }) });

/** Kibana's items of the list, every page, read outside the provider. */
async function kibanaItems(listId = "ips"): Promise<Obj[]> {
  return (await findAllListItems(direct(), listId)) ?? [];
}

async function kibanaValues(listId = "ips"): Promise<string[]> {
  return (await kibanaItems(listId)).map((i) => i.value).sort();
}

/** An `_import` straight to Kibana, outside the provider (what an earlier attempt whose answer was lost applied). */
async function importDirectly(values: string[], listId = "ips"): Promise<void> {
  await importListItems(direct(), listId, values);
}

const lostImportAnswer = { method: "POST", path: "/api/lists/items/_import", phase: "after", reset: true, times: 1 } as const;

describe("ValueListItems", () => {
  it("check names bad values by index, refuses line breaks, normalises the set — with no HTTP call", async () => {
    const before = kibana.requests().length;
    const bad = await provider.check!({}, { list_id: "ips", type: "ip", values: ["1.1.1.1", "1.1.1.300", "a\nb", ""] });
    expect(bad.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^values\.3: .*>=1 characters \(value: ""\)$/) },
      { property: "", reason: 'values.1: "1.1.1.300" is not an IP address (list type ip)' },
      { property: "", reason: 'values.2: a value cannot contain a line break (list type ip) (value: "a\\nb")' },
    ]);
    expect((await provider.check!({}, { list_id: "ips", values: ["x\r"] })).failures).toEqual([
      { property: "", reason: 'values.0: a value cannot contain a line break (value: "x\\r")' },
    ]);
    const inputs = await checked({ list_id: "ips", values: [" 2.2.2.2", "1.1.1.1", "2.2.2.2"] });
    expect(inputs.values).toEqual(["1.1.1.1", "2.2.2.2"]);
    expect(kibana.requests().length).toBe(before);
  });

  it("create reads the list once, imports every value in one call and shows no diff, before and after refresh", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(3000) });
    const before = kibana.requests().length;
    const { id, outs } = await provider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([
      { method: "GET", path: "/api/lists/items/_find", status: 200 },
      { method: "POST", path: "/api/lists/items/_import", status: 200 },
    ]);
    expect(outs).toMatchObject({ list_id: "ips", type: "ip", count: 3000 });
    expect(await kibanaValues()).toEqual([...ips(3000)].sort());
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
    const read = await provider.read!(id, outs);
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: false });
  });

  it("refreshes 12,000 values with one _find call per 5,000", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(12000) });
    const { id, outs } = await provider.create(inputs);
    const before = kibana.requests().length;
    const read = await provider.read!(id, outs);
    expect(callsSince(kibana, before)).toEqual(Array(3).fill({ method: "GET", path: "/api/lists/items/_find", status: 200 }));
    expect(read.props!.values).toHaveLength(12000);
  });

  it("an update sends only the delta: one count check and one _import for additions; removals read the ids once, then one DELETE each", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(12000) });
    const { id, outs } = await provider.create(inputs);
    const added = await checked({ list_id: "ips", values: [...ips(12000), ...ips(100, "192")] }, inputs);
    let before = kibana.requests().length;
    const grown = await provider.update!(id, outs, added);
    // The count check is one small `_find` whatever the list's size (not a read of its 12,000 values).
    expect(callsSince(kibana, before)).toEqual([
      { method: "GET", path: "/api/lists/items/_find", status: 200 },
      { method: "POST", path: "/api/lists/items/_import", status: 200 },
    ]);
    expect(grown.outs).toMatchObject({ count: 12100 });

    const shrunk = await checked({ list_id: "ips", values: [...ips(12000).slice(3), ...ips(100, "192")] }, added);
    before = kibana.requests().length;
    const after = await provider.update!(id, grown.outs, shrunk);
    expect(callsSince(kibana, before)).toEqual([
      ...Array(3).fill({ method: "GET", path: "/api/lists/items/_find", status: 200 }),
      ...Array(3).fill({ method: "DELETE", path: "/api/lists/items", status: 200 }),
    ]);
    expect(after.outs).toMatchObject({ count: 12097 });
    expect(await kibanaValues()).toEqual(shrunk.values);
  });

  it("refresh reports values added and removed out of band, and the next update restores the set", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(10) });
    const { id, outs } = await provider.create(inputs);
    await kibanaFetch(kibana, "POST", "/api/lists/items", { list_id: "ips", value: "8.8.8.8" });
    await kibanaFetch(kibana, "DELETE", `/api/lists/items?list_id=ips&value=${ips(10)[0]}`);
    const read = await provider.read!(id, outs);
    expect(read.props!.values).toContain("8.8.8.8");
    expect(read.props!.values).not.toContain(ips(10)[0]);
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: true, replaces: [] });
    await provider.update!(id, read.props!, inputs);
    expect(await kibanaValues()).toEqual(inputs.values);
  });

  it("values Kibana rewrites compare equal once the list type is known", async () => {
    await kibanaFetch(kibana, "POST", "/api/lists", { id: "ranges", name: "n", description: "d", type: "ip_range" });
    const inputs = await checked({ list_id: "ranges", values: ["10.0.0.1", "10.0.0.0/8"] });
    const { id, outs } = await provider.create(inputs);
    expect(outs.values).toEqual(["10.0.0.0/8", "10.0.0.1-10.0.0.1"]);
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
    const again = await checked({ list_id: "ranges", values: ["10.0.0.1", "10.0.0.0/8"] }, { ...inputs, type: outs.type });
    expect(await provider.diff!(id, outs, again)).toMatchObject({ changes: false });
  });

  it("a list_id that is unknown during preview (its ValueList is being replaced) replaces the set, so Pulumi re-creates it", async () => {
    const inputs = await checked({ list_id: "ips", values: ["1.1.1.1"] });
    const { id, outs } = await provider.create(inputs);
    expect(await provider.diff!(id, outs, { ...inputs, list_id: UNKNOWN })).toMatchObject({ changes: true, replaces: ["list_id"] });
  });

  it("adopt reconciles a list that already has values; without it, create only adds", async () => {
    await kibanaFetch(kibana, "POST", "/api/lists/items", { list_id: "ips", value: "9.9.9.9" });
    const adopted = await provider.create(await checked({ list_id: "ips", values: ["1.1.1.1"], adopt: true }));
    expect(adopted.outs.values).toEqual(["1.1.1.1"]);
    expect(await kibanaValues()).toEqual(["1.1.1.1"]);
  });

  it("an update of a list deleted out of band says to refresh", async () => {
    const inputs = await checked({ list_id: "ips", values: ["1.1.1.1"] });
    const { id, outs } = await provider.create(inputs);
    await kibanaFetch(kibana, "DELETE", "/api/lists?id=ips");
    expect(await provider.read!(id, outs)).toEqual({});
    await expect(provider.update!(id, outs, await checked({ list_id: "ips", values: ["2.2.2.2"] }, inputs))).rejects.toThrow(/pulumi refresh/);
  });

  it("delete removes the managed values only, and a missing list counts as done", async () => {
    const inputs = await checked({ list_id: "ips", values: ["1.1.1.1", "2.2.2.2"] });
    const { id, outs } = await provider.create(inputs);
    await kibanaFetch(kibana, "POST", "/api/lists/items", { list_id: "ips", value: "7.7.7.7" });
    await provider.delete!(id, outs);
    expect(await kibanaValues()).toEqual(["7.7.7.7"]);
    await kibanaFetch(kibana, "DELETE", "/api/lists?id=ips");
    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
  });
});

describe("ValueListItems imports never duplicate a value", () => {
  const FIND = { method: "GET", path: "/api/lists/items/_find", status: 200 };
  const IMPORTED = { method: "POST", path: "/api/lists/items/_import", status: 200 };
  const IMPORT_LOST = { method: "POST", path: "/api/lists/items/_import", status: 0 };
  const DELETED = { method: "DELETE", path: "/api/lists/items", status: 200 };

  it("a create whose _import answer is lost reads back instead of re-sending; creating again after a crash imports nothing", async () => {
    const values = ips(200);
    const inputs = await checked({ list_id: "ips", values });
    kibana.setFaults([lostImportAnswer]);
    let before = kibana.requests().length;
    const { outs } = await provider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([FIND, IMPORT_LOST, FIND]);
    expect(outs).toMatchObject({ count: 200, type: "ip" });
    expect(await kibanaValues()).toEqual([...values].sort());

    // The engine after a crash that lost this create's result: the same create again, with no olds.
    before = kibana.requests().length;
    await provider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([FIND]);
    expect(await kibanaValues()).toEqual([...values].sort());
  });

  it("a create that fails after its import was applied leaves one item per value once it runs again", async () => {
    const values = ips(200);
    const inputs = await checked({ list_id: "ips", values });
    // No re-sends, and the read-back fails: the create errors as a crash would leave it — applied, unconfirmed.
    const base = stackConfigFor(kibana).config;
    await provider.configure!({ config: { get: (key: string) => (key === "kibana:maxRetries" ? "0" : base.get(key)) } } as never);
    try {
      const readBackFails = { method: "GET", path: "/api/lists/items/_find", status: 503 } as const;
      kibana.setFaults([{ ...lostImportAnswer, hook: () => kibana.setFaults([readBackFails]) }]);
      await expect(provider.create(inputs)).rejects.toThrow(/ValueListItems of list "ips".*503/s);
    } finally {
      kibana.setFaults([]);
      await provider.configure!(stackConfigFor(kibana) as never);
    }
    expect(await kibanaValues()).toEqual([...values].sort());

    const before = kibana.requests().length;
    const { outs } = await provider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([FIND]);
    expect(outs).toMatchObject({ count: 200 });
    expect(await kibanaValues()).toEqual([...values].sort());
  });

  it("a create after a partly applied import imports only the missing values, and deletes extra copies of its values", async () => {
    const values = ips(200);
    await importDirectly(values.slice(0, 120));
    await importDirectly(values.slice(0, 5));
    await importDirectly(["8.8.8.8"]);
    const before = kibana.requests().length;
    await provider.create(await checked({ list_id: "ips", values }));
    expect(callsSince(kibana, before)).toEqual([FIND, ...Array(5).fill(DELETED), IMPORTED]);
    // Without adopt, a value the program does not set stays.
    expect(await kibanaValues()).toEqual([...values, "8.8.8.8"].sort());
  });

  it("an update adding 100 values whose _import answer is lost recovers; the update run again from the last olds imports nothing", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(1000) });
    const { id, outs } = await provider.create(inputs);
    const grown = await checked({ list_id: "ips", values: [...ips(1000), ...ips(100, "192")] }, inputs);
    kibana.setFaults([lostImportAnswer]);
    let before = kibana.requests().length;
    const updated = await provider.update!(id, outs, grown);
    expect(callsSince(kibana, before)).toEqual([FIND, IMPORT_LOST, FIND]);
    expect(updated.outs).toMatchObject({ count: 1100 });
    expect(await kibanaValues()).toEqual(grown.values);

    // The engine after a crash mid-update keeps the olds from before it: the count (1,100, not 1,000) says the
    // list changed, so it is read and nothing is imported.
    before = kibana.requests().length;
    const again = await provider.update!(id, outs, grown);
    expect(callsSince(kibana, before)).toEqual([FIND, FIND]);
    expect(again.outs).toMatchObject({ count: 1100 });
    expect(await kibanaValues()).toEqual(grown.values);
  });

  it("an update after a partly applied import (crash mid-import) imports only what is missing", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(1000) });
    const { id, outs } = await provider.create(inputs);
    const grown = await checked({ list_id: "ips", values: [...ips(1000), ...ips(100, "192")] }, inputs);
    await importDirectly(ips(40, "192"));
    const before = kibana.requests().length;
    await provider.update!(id, outs, grown);
    expect(callsSince(kibana, before)).toEqual([FIND, FIND, IMPORTED]);
    expect(await kibanaValues()).toEqual(grown.values);
  });

  it(`after ${IMPORT_ATTEMPTS} imports whose answers were lost the create fails, saying they may have been applied; the next one converges`, async () => {
    const inputs = await checked({ list_id: "ips", values: ips(50) });
    // Connections dropped before Kibana processed the import: the client cannot tell, so each one is read back.
    kibana.setFaults([{ method: "POST", path: "/api/lists/items/_import", reset: true, times: IMPORT_ATTEMPTS }]);
    const before = kibana.requests().length;
    await expect(provider.create(inputs)).rejects.toThrow(
      /the answers of 3 imports were lost, so they may or may not have been applied .*imports only the values still missing/s,
    );
    expect(callsSince(kibana, before)).toEqual([
      FIND,
      ...Array(IMPORT_ATTEMPTS - 1)
        .fill([IMPORT_LOST, FIND])
        .flat(),
      IMPORT_LOST,
    ]);
    expect(await kibanaValues()).toEqual([]);
    await provider.create(inputs);
    expect(await kibanaValues()).toEqual([...ips(50)].sort());
  });

  it("refresh reports values held twice as drift; the update deletes the extra copies, one DELETE each and no other call", async () => {
    const values = ips(10);
    await importDirectly(values);
    const firstIds = (await kibanaItems()).map((i) => i.id as string).sort();
    await importDirectly(values.slice(0, 4));
    const inputs = await checked({ list_id: "ips", values });

    const read = await provider.read!("ips", { list_id: "ips", values, type: "ip", count: 10 });
    expect(read.props!.values).toEqual([...values, ...values.slice(0, 4)].sort());
    expect(read.props!.count).toBe(14);
    expect(read.props!.duplicate_ids).toHaveLength(4);
    expect(read.props!.duplicate_ids.filter((dup: string) => firstIds.includes(dup))).toEqual([]);
    expect(await provider.diff!("ips", read.props!, inputs)).toMatchObject({ changes: true, replaces: [] });

    const before = kibana.requests().length;
    const updated = await provider.update!("ips", read.props!, inputs);
    expect(callsSince(kibana, before)).toEqual(Array(4).fill(DELETED));
    expect(updated.outs).toEqual(expect.objectContaining({ values: [...values].sort(), count: 10 }));
    expect(updated.outs).not.toHaveProperty("duplicate_ids");
    // The oldest copy of each value is the one kept.
    expect((await kibanaItems()).map((i) => i.id).sort()).toEqual(firstIds);

    const healed = await provider.read!("ips", updated.outs);
    expect(healed.props).not.toHaveProperty("duplicate_ids");
    expect(await provider.diff!("ips", healed.props!, inputs)).toMatchObject({ changes: false });
  });

  it("extra copies and a value change in one update: one read, then one DELETE per unwanted item, then one import", async () => {
    const values = ips(10);
    await importDirectly(values);
    await importDirectly(values.slice(0, 2));
    const read = await provider.read!("ips", { list_id: "ips", values, type: "ip" });
    const next = await checked({ list_id: "ips", values: [...values.slice(1), "9.9.9.9"] }, { list_id: "ips", values, type: "ip" });
    const before = kibana.requests().length;
    await provider.update!("ips", read.props!, next);
    // values[0] twice, plus the extra copy of values[1].
    expect(callsSince(kibana, before)).toEqual([FIND, ...Array(3).fill(DELETED), IMPORTED]);
    expect(await kibanaValues()).toEqual(next.values);
  });
});
