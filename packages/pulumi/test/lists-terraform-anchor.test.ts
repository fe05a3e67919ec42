import type { RunningEmulator } from "@esac/kibana-emulator";
import { exceptionListProvider, resetExceptionListReadCache } from "../src/exception-list/provider";
import { exceptionListItemProvider, resetExceptionListItemReadCache } from "../src/exception-list-item/provider";
import { listDataStreamsProvider } from "../src/list-data-streams/provider";
import { valueListProvider, resetValueListReadCache } from "../src/value-list/provider";
import { valueListItemsProvider } from "../src/value-list-items/provider";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../src/test-support/emulator";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The exceptions and value-list bugs of elastic/terraform-provider-elasticstack (shared/docs/anchor-terraform-provider.md
 * §2–§3, §9), each reproduced against the emulator's Kibana and shown absent from esac.
 */
type Obj = Record<string, any>;

let kibana: RunningEmulator;
const all = [exceptionListProvider, exceptionListItemProvider, listDataStreamsProvider, valueListProvider, valueListItemsProvider];
beforeAll(async () => {
  kibana = await startTestKibana();
  for (const p of all) await p.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
beforeEach(() => {
  kibana.reset();
  resetExceptionListReadCache();
  resetExceptionListItemReadCache();
  resetValueListReadCache();
});
afterEach(() => expect(kibana.violations()).toEqual([]));

async function make(provider: pulumi.dynamic.ResourceProvider, news: Obj) {
  const { inputs, failures } = await provider.check!({}, news);
  expect(failures ?? []).toEqual([]);
  return { inputs: inputs!, ...(await provider.create(inputs!)) };
}

const LIST = { list_id: "global", name: "Global", description: "d", type: "detection", namespace_type: "agnostic" };
const ITEM = {
  list_id: "global",
  namespace_type: "agnostic",
  item_id: "backup",
  name: "Backup",
  description: "d",
  entries: [{ type: "match", field: "host.name", value: "backup-01", operator: "included" }],
  comments: [{ comment: "Approved" }],
  tags: ["prod"],
};

it("§2.2: an agnostic item's delete sends namespace_type, so the item really goes (Terraform's 404 is swallowed and it stays)", async () => {
  await make(exceptionListProvider, LIST);
  const item = await make(exceptionListItemProvider, ITEM);
  // What Terraform sends: no namespace_type → 404, which it treats as success.
  expect((await kibanaFetch(kibana, "DELETE", "/api/exception_lists/items?item_id=backup")).status).toBe(404);
  expect((await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup&namespace_type=agnostic")).status).toBe(200);
  await exceptionListItemProvider.delete!(item.id, item.outs);
  expect((await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup&namespace_type=agnostic")).status).toBe(404);
});

it("§2.2: updating an item never duplicates its comments (Terraform re-sends them without ids on every update)", async () => {
  await make(exceptionListProvider, LIST);
  const item = await make(exceptionListItemProvider, ITEM);
  let outs = item.outs;
  let inputs = item.inputs;
  for (const name of ["Backup 2", "Backup 3"]) {
    const news = (await exceptionListItemProvider.check!(inputs, { ...ITEM, name })).inputs!;
    outs = (await exceptionListItemProvider.update!(item.id, outs, news)).outs;
    inputs = news;
  }
  const stored = (await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup&namespace_type=agnostic")).body;
  expect(stored.comments.map((c: Obj) => c.comment)).toEqual(["Approved"]);
  // Terraform's request, for comparison: the same comment again, without its id.
  await kibanaFetch(kibana, "PUT", "/api/exception_lists/items", { ...ITEM, type: "simple", name: "tf" });
  expect((await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup&namespace_type=agnostic")).body.comments).toHaveLength(2);
});

it("§2.1: tags removed outside Pulumi are drift, not 'keep the old value'", async () => {
  const list = await make(exceptionListProvider, { ...LIST, tags: ["prod", "pci"] });
  await kibanaFetch(kibana, "PUT", "/api/exception_lists", { ...LIST, tags: [] });
  const read = await exceptionListProvider.read!(list.id, list.outs);
  expect(read.props!.tags).toEqual([]);
  expect(await exceptionListProvider.diff!(list.id, read.props!, list.inputs)).toMatchObject({ changes: true, replaces: [] });
  await exceptionListProvider.update!(list.id, read.props!, list.inputs);
  expect((await kibanaFetch(kibana, "GET", "/api/exception_lists?list_id=global&namespace_type=agnostic")).body.tags).toEqual(["prod", "pci"]);
});

it("§3.1: editing a value list's name, description or meta updates it in place and keeps its items (Terraform replaces the list, wiping them)", async () => {
  const list = await make(valueListProvider, { list_id: "ips", name: "IPs", description: "d", type: "ip", meta: { a: 1 } });
  const items = await make(valueListItemsProvider, { list_id: "ips", values: ["1.1.1.1", "2.2.2.2"] });
  const news = (await valueListProvider.check!(list.inputs, { list_id: "ips", name: "Bad IPs", description: "changed", type: "ip" })).inputs!;
  expect(await valueListProvider.diff!(list.id, list.outs, news)).toMatchObject({ changes: true, replaces: [] });
  await valueListProvider.update!(list.id, list.outs, news);
  const read = await valueListItemsProvider.read!(items.id, items.outs);
  expect(read.props!.values).toEqual(["1.1.1.1", "2.2.2.2"]);
});

it("§3.1: _version is really sent, so a concurrent edit is refused instead of overwritten (Terraform's version_id is decorative)", async () => {
  const list = await make(valueListProvider, { list_id: "ips", name: "IPs", description: "d", type: "ip" });
  await kibanaFetch(kibana, "PATCH", "/api/lists", { id: "ips", name: "edited in the UI" });
  const news = (await valueListProvider.check!(list.inputs, { list_id: "ips", name: "mine", description: "d", type: "ip" })).inputs!;
  await expect(valueListProvider.update!(list.id, list.outs, news)).rejects.toThrow(/refused instead of overwriting/);
  expect((await kibanaFetch(kibana, "GET", "/api/lists?id=ips")).body.name).toBe("edited in the UI");
});

it("§3.3: destroying the data-stream prerequisite keeps every value list of the space (Terraform deletes them all)", async () => {
  const streams = await make(listDataStreamsProvider, {});
  await make(valueListProvider, { list_id: "ips", name: "IPs", description: "d", type: "ip" });
  await kibanaFetch(kibana, "POST", "/api/lists", { id: "another-teams", name: "n", description: "d", type: "keyword" });
  await listDataStreamsProvider.delete!(streams.id, streams.outs);
  expect((await kibanaFetch(kibana, "GET", "/api/lists?id=ips")).status).toBe(200);
  expect((await kibanaFetch(kibana, "GET", "/api/lists?id=another-teams")).status).toBe(200);
});

it("§3.2 / kibana#266239: 12,000 values are one resource: create is 2 calls (read the empty list, import) and refresh 3, not 12,000 each", async () => {
  await make(valueListProvider, { list_id: "ips", name: "IPs", description: "d", type: "ip" });
  const values = Array.from({ length: 12000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const before = kibana.requests().length;
  const items = await make(valueListItemsProvider, { list_id: "ips", values });
  expect(callsSince(kibana, before)).toHaveLength(2);
  const read = kibana.requests().length;
  await valueListItemsProvider.read!(items.id, items.outs);
  expect(callsSince(kibana, read)).toHaveLength(3);
});
