import { ruleExceptionsProvider as provider } from "./provider";
import { RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

const RULES = "/api/detection_engine/rules";
const emulator = useTestKibana(provider);
let ruleObjectId: string;
// After useTestKibana's reset: the rule whose exceptions every test manages.
beforeEach(async () => {
  const rule = await kibanaFetch(emulator.kibana, "POST", RULES, {
    rule_id: "ssh-brute-force",
    name: "SSH brute force",
    description: "d",
    risk_score: 47,
    severity: "medium",
    type: "query",
    query: "process.name: sshd",
    exceptions_list: [{ id: "shared-id", list_id: "shared", namespace_type: "single", type: "detection" }],
  });
  ruleObjectId = rule.body.id;
});

const ENTRIES = [{ type: "match", field: "source.ip", value: "10.0.0.5", operator: "included" }];
const args = {
  [RESOURCE_IDENTITY_KEY]: "proj/dev/RuleExceptions/ssh",
  rule_id: "ssh-brute-force",
  items: [
    { item_id: "bastion", name: "Bastion", description: "Jump host", entries: ENTRIES, comments: [{ comment: "SEC-1" }] },
    { name: "Scanner", description: "Vuln scanner", entries: [{ type: "exists", field: "user.name", operator: "included" }], tags: ["scan"] },
  ],
};

const { checked, created } = providerSteps(provider);
const ruleRefs = async () => (await kibanaFetch(emulator.kibana, "GET", `${RULES}?rule_id=ssh-brute-force`)).body.exceptions_list;
const listItems = async (listId: string) =>
  (await kibanaFetch(emulator.kibana, "GET", `/api/exception_lists/items/_find?list_id=${listId}&namespace_type=single&per_page=100`)).body.data as Obj[];

describe("check", () => {
  it("names bad items by index with ExceptionListItem's rules, and derives a stable item_id from the item's name", async () => {
    const res = await provider.check!(
      {},
      {
        ...args,
        items: [
          { name: "x", description: "d", entries: [] },
          { name: "", description: "d", entries: ENTRIES, list_id: "l" },
        ],
      },
    );
    expect(failurePaths(res).sort()).toEqual(["items.0.entries", "items.1.list_id", "items.1.name"]);
    const a = await checked(args);
    const b = await checked(args);
    expect(a.items[1].item_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(b.items[1].item_id).toBe(a.items[1].item_id);
    expect(a.items[0]).toMatchObject({ item_id: "bastion", type: "simple", os_types: [], tags: [], comments: [{ comment: "SEC-1" }] });
  });

  it("refuses two items with the same item_id, and a missing rule_id", async () => {
    const res = await provider.check!({}, { ...args, rule_id: "", items: [args.items[0], { ...args.items[1], item_id: "bastion" }] });
    expect(failurePaths(res).sort()).toEqual(["items.1.item_id", "rule_id"]);
  });

  it("refuses at preview editing a stored comment (append-only)", async () => {
    const { outs } = await created(args);
    const res = await provider.check!(outs, { ...args, items: [{ ...args.items[0], comments: [{ comment: "SEC-2" }] }, args.items[1]] });
    expect(res.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^items\.0\.comments\.0: the existing comment "SEC-1" would be changed to "SEC-2".*append-only/s) },
    ]);
  });
});

describe("create / read / update / delete", () => {
  it("creates the items with one POST to the rule's exceptions route, which makes and links the rule's default list", async () => {
    const inputs = await checked(args);
    const from = emulator.kibana.requests().length;
    const { outs } = await provider.create(inputs);
    const calls = callsSince(emulator.kibana, from).map((c) => `${c.method} ${c.path.split("?")[0]}`);
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual([`POST ${RULES}/${ruleObjectId}/exceptions`]);
    const refs = await ruleRefs();
    expect(refs[0]).toEqual({ id: "shared-id", list_id: "shared", namespace_type: "single", type: "detection" });
    expect(refs[1]).toMatchObject({ type: "rule_default", list_id: outs.list_id });
    expect(outs.items.map((i: Obj) => i.item_id)).toEqual(["bastion", inputs.items[1].item_id]);
    expect(outs.items[0].comments).toEqual([expect.objectContaining({ comment: "SEC-1", created_by: "elastic" })]);
    expect(outs.items[0]).not.toHaveProperty("meta");
    // The marker is in Kibana, hidden from the state.
    expect((await listItems(outs.list_id))[0].meta.esac.owner).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a missing rule is a clear error naming the rule_id", async () => {
    await expect(provider.create(await checked({ ...args, rule_id: "nope" }))).rejects.toThrow(
      'RuleExceptions of rule_id "nope" in space "default": the rule does not exist in Kibana',
    );
  });

  it("refresh shows an item edited or deleted in Kibana as drift, and ignores items others added", async () => {
    const { id, outs } = await created(args);
    const [bastion, scanner] = await listItems(outs.list_id);
    await kibanaFetch(emulator.kibana, "PUT", "/api/exception_lists/items", {
      ...bastion,
      id: undefined,
      _version: undefined,
      comments: [],
      name: "Bastion (edited)",
      tie_breaker_id: undefined,
      created_at: undefined,
      created_by: undefined,
      updated_at: undefined,
      updated_by: undefined,
      list_id: undefined,
    });
    await kibanaFetch(emulator.kibana, "DELETE", `/api/exception_lists/items?item_id=${scanner!.item_id}`);
    await kibanaFetch(emulator.kibana, "POST", "/api/exception_lists/items", {
      list_id: outs.list_id,
      item_id: "ui-added",
      name: "UI",
      description: "d",
      type: "simple",
      entries: ENTRIES,
    });
    const read = await provider.read!(id, outs);
    expect(read.inputs!.items.map((i: Obj) => [i.item_id, i.name])).toEqual([["bastion", "Bastion (edited)"]]);
    const diff = await provider.diff!(id, read.props!, await checked(args, read.inputs));
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("update: per item through the item API (PUT changed, POST new, DELETE removed), each guarded by _version", async () => {
    const { id, inputs: olds, outs } = await created(args);
    const news = await checked(
      {
        ...args,
        items: [
          { ...args.items[0], name: "Bastion hosts", comments: [{ comment: "SEC-1" }, { comment: "SEC-2" }] },
          { item_id: "new", name: "New", description: "d", entries: ENTRIES },
        ],
      },
      olds,
    );
    expect((await provider.diff!(id, outs, news)).changes).toBe(true);
    const from = emulator.kibana.requests().length;
    const { outs: after } = await provider.update!(id, outs, news);
    const writes = callsSince(emulator.kibana, from)
      .filter((c) => c.method !== "GET")
      .map((c) => `${c.method} ${c.path.split("?")[0]}`);
    expect(writes.sort()).toEqual(["DELETE /api/exception_lists/items", "POST /api/exception_lists/items", "PUT /api/exception_lists/items"].sort());
    expect(after.items.map((i: Obj) => i.item_id)).toEqual(["bastion", "new"]);
    expect(after.items[0].comments.map((c: Obj) => c.comment)).toEqual(["SEC-1", "SEC-2"]);
    expect((await listItems(outs.list_id)).map((i) => i.item_id).sort()).toEqual(["bastion", "new"]);
    // A stale _version (the item was changed in Kibana since) is refused, not overwritten.
    await kibanaFetch(emulator.kibana, "PUT", "/api/exception_lists/items", {
      item_id: "new",
      name: "UI edit",
      description: "d",
      type: "simple",
      entries: ENTRIES,
    });
    const again = await checked(
      {
        ...args,
        items: [
          { ...args.items[0], name: "Bastion hosts", comments: [{ comment: "SEC-1" }, { comment: "SEC-2" }] },
          { item_id: "new", name: "Newer", description: "d", entries: ENTRIES },
        ],
      },
      news,
    );
    await expect(provider.update!(id, after, again)).rejects.toThrow(/item_id "new" was changed in Kibana since Pulumi last read it/);
  });

  it("recreates the rule's default list through the rule route when it was deleted in Kibana", async () => {
    const { id, outs } = await created(args);
    await kibanaFetch(emulator.kibana, "DELETE", `/api/exception_lists?list_id=${outs.list_id}&namespace_type=single`);
    const read = await provider.read!(id, outs);
    expect(read.props!.items).toEqual([]);
    const { outs: after } = await provider.update!(id, read.props!, await checked(args, read.inputs));
    expect(after.list_id).not.toBe(outs.list_id);
    expect((await ruleRefs()).filter((r: Obj) => r.type === "rule_default")).toEqual([expect.objectContaining({ list_id: after.list_id })]);
    expect((await listItems(after.list_id)).length).toBe(2);
  });

  it("an interrupted create takes back its own items; someone else's item under the same item_id needs adopt", async () => {
    const { outs } = await created(args);
    // State lost after the create: the same resource creates again and meets its own items.
    const again = await provider.create(await checked(args));
    expect(again.outs.items.map((i: Obj) => i.item_id)).toEqual(outs.items.map((i: Obj) => i.item_id));
    expect((await listItems(outs.list_id)).length).toBe(2);
    const other = await checked({ ...args, [RESOURCE_IDENTITY_KEY]: "proj/dev/RuleExceptions/other" });
    await expect(provider.create({ ...other, items: [other.items[0]] })).rejects.toThrow(/item_id "bastion" already exists .*adopt: true/s);
    const adopted = await provider.create({ ...other, items: [other.items[0]], adopt: true });
    expect(adopted.outs.items[0].item_id).toBe("bastion");
  });

  it("a lost answer of the create POST is recovered by item_id, never creating an item twice", async () => {
    emulator.kibana.setFaults([{ method: "POST", path: `${RULES}/*`, phase: "after", reset: true, times: 1 }]);
    const { outs } = await created(args);
    expect(outs.items).toHaveLength(2);
    expect((await listItems(outs.list_id)).length).toBe(2);
  });

  it("delete removes the managed items and leaves the rule's list (Kibana keeps it)", async () => {
    const { id, outs } = await created(args);
    await kibanaFetch(emulator.kibana, "POST", "/api/exception_lists/items", {
      list_id: outs.list_id,
      item_id: "ui-added",
      name: "UI",
      description: "d",
      type: "simple",
      entries: ENTRIES,
    });
    await provider.delete!(id, outs);
    expect((await listItems(outs.list_id)).map((i) => i.item_id)).toEqual(["ui-added"]);
    expect((await kibanaFetch(emulator.kibana, "GET", `/api/exception_lists?list_id=${outs.list_id}`)).status).toBe(200);
    await provider.delete!(id, outs); // already gone: no error
  });
});
