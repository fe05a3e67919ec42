import type { RunningEmulator } from "@esac/kibana-emulator";
import { valueListItemsProvider as provider } from "./provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";

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
afterEach(() => expect(kibana.violations()).toEqual([]));

const ips = (n: number, prefix = "10") => Array.from({ length: n }, (_, i) => `${prefix}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

async function checked(news: Obj, olds: Obj = {}): Promise<Obj> {
  const res = await provider.check!(olds, news);
  expect(res.failures ?? []).toEqual([]);
  return res.inputs!;
}

async function kibanaValues(listId = "ips"): Promise<string[]> {
  const res = await kibanaFetch(kibana, "GET", `/api/lists/items/_find?list_id=${listId}&per_page=10000`);
  return res.body.data.map((i: Obj) => i.value).sort();
}

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

  it("create imports every value in one call and shows no diff, before and after refresh", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(3000) });
    const before = kibana.requests().length;
    const { id, outs } = await provider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([{ method: "POST", path: "/api/lists/items/_import", status: 200 }]);
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

  it("an update sends only the delta: one _import for additions; removals read the ids once, then one DELETE each", async () => {
    const inputs = await checked({ list_id: "ips", values: ips(1000) });
    const { id, outs } = await provider.create(inputs);
    const added = await checked({ list_id: "ips", values: [...ips(1000), "192.168.0.1", "192.168.0.2"] }, inputs);
    let before = kibana.requests().length;
    const grown = await provider.update!(id, outs, added);
    expect(callsSince(kibana, before)).toEqual([{ method: "POST", path: "/api/lists/items/_import", status: 200 }]);

    const shrunk = await checked({ list_id: "ips", values: [...ips(1000).slice(3), "192.168.0.1", "192.168.0.2"] }, added);
    before = kibana.requests().length;
    const after = await provider.update!(id, grown.outs, shrunk);
    expect(callsSince(kibana, before)).toEqual([
      { method: "GET", path: "/api/lists/items/_find", status: 200 },
      ...Array(3).fill({ method: "DELETE", path: "/api/lists/items", status: 200 }),
    ]);
    expect(after.outs).toMatchObject({ count: 999 });
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
