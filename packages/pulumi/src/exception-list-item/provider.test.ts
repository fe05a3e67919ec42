import type { RunningEmulator } from "@esac/kibana-emulator";
import { exceptionListItemProvider as provider, resetExceptionListItemReadCache } from "./provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana();
  await provider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
beforeEach(async () => {
  kibana.reset();
  resetExceptionListItemReadCache();
  await kibanaFetch(kibana, "POST", "/api/exception_lists", { list_id: "trusted", name: "n", description: "d", type: "detection" });
});
afterEach(() => expect(kibana.violations()).toEqual([]));

const ENTRIES = [
  { type: "match", field: "host.name", value: "backup-01", operator: "included" },
  { type: "match_any", field: "user.name", value: ["svc-backup", "svc-scan"], operator: "included" },
  { type: "list", field: "source.ip", list: { id: "scanner-ips", type: "ip" }, operator: "included" },
  { type: "exists", field: "process.parent.name", operator: "excluded" },
  { type: "wildcard", field: "process.executable", value: "C:\\\\Backup\\\\*.exe", operator: "included" },
  { type: "nested", field: "process.Ext.code_signature", entries: [{ type: "match", field: "trusted", value: "true", operator: "included" }] },
];
const item = {
  list_id: "trusted",
  item_id: "backup",
  name: "Backup jobs",
  description: "Nightly backups",
  entries: ENTRIES,
  tags: ["backup"],
  os_types: ["windows"],
  meta: { ticket: "SEC-1" },
  expire_time: "2030-01-01T00:00:00.000Z",
  comments: [{ comment: "Approved by SOC" }],
};

const { checked, created } = providerSteps(provider);

describe("check", () => {
  it.each([
    [{ type: "match", field: "host.name", operator: "included" }, "entries.0.value"],
    [{ type: "match_any", field: "host.name", value: [], operator: "included" }, "entries.0.value"],
    [{ type: "list", field: "source.ip", list: { id: "x", type: "ipv4" }, operator: "included" }, "entries.0.list.type"],
    [{ type: "exists", field: "", operator: "included" }, "entries.0.field"],
    [{ type: "wildcard", field: "f", value: "v", operator: "maybe" }, "entries.0.operator"],
    [{ type: "nested", field: "f", entries: [{ type: "wildcard", field: "g", value: "v", operator: "included" }] }, "entries.0.entries.0.type"],
    [{ type: "regex", field: "f", value: "v", operator: "included" }, "entries.0.type"],
  ])("rejects entry %j at %s, with no HTTP call", async (entry, property) => {
    const before = kibana.requests().length;
    const res = await provider.check!({}, { ...item, entries: [entry] });
    expect(failurePaths(res)).toEqual([property]);
    expect(kibana.requests().length).toBe(before);
  });

  it("needs at least one entry and a valid expire_time", async () => {
    const res = await provider.check!({}, { ...item, entries: [], expire_time: "next week" });
    expect(failurePaths(res).sort()).toEqual(["entries", "expire_time"]);
    expect(res.failures?.find((f) => f.reason.startsWith("expire_time"))?.reason).toContain('(value: "next week")');
  });

  it("reports at preview that a stored comment cannot be edited or removed in place", async () => {
    const inputs = await checked(item);
    const edited = await provider.check!(inputs, { ...item, comments: [{ comment: "Approved by the SOC" }] });
    expect(edited.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^comments\.0: the existing comment "Approved by SOC" would be changed to "Approved by the SOC".*append-only/s),
      },
    ]);
    const removed = await provider.check!(inputs, { ...item, comments: [] });
    expect(removed.failures).toEqual([{ property: "", reason: expect.stringMatching(/^comments\.0: .*would be removed/) }]);
    expect((await provider.check!(inputs, { ...item, comments: [...item.comments, { comment: "Re-approved" }] })).failures ?? []).toEqual([]);
    expect((await provider.check!(inputs, { ...item, item_id: "backup-v2", comments: [] })).failures ?? []).toEqual([]);
  });

  it("tolerates a value list reference that is unknown during preview", async () => {
    const res = await provider.check!(
      {},
      { ...item, entries: [{ type: "list", field: "source.ip", list: { id: UNKNOWN, type: UNKNOWN }, operator: "included" }] },
    );
    expect(res.failures ?? []).toEqual([]);
  });
});

describe("create / read / update / delete", () => {
  it("creates every entry kind with one call; no diff right after or after refresh", async () => {
    const before = kibana.requests().length;
    const { id, inputs, outs } = await created(item);
    expect(callsSince(kibana, before)).toEqual([{ method: "POST", path: "/api/exception_lists/items", status: 200 }]);
    expect(outs).toMatchObject({ item_id: "backup", entries: ENTRIES, namespace_type: "single", type: "simple", meta: { ticket: "SEC-1" } });
    expect(outs.comments).toEqual([{ comment: "Approved by SOC", id: expect.any(String), created_at: expect.any(String), created_by: "elastic" }]);
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false, replaces: [] });
    const read = await provider.read!(id, outs);
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: false });
  });

  it("appends a new comment with one PUT, without duplicating the stored one", async () => {
    const { id, inputs, outs } = await created(item);
    const news = await checked({ ...item, comments: [...item.comments, { comment: "Renewed for 2030" }] }, inputs);
    const before = kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(kibana, before)).toEqual([{ method: "PUT", path: "/api/exception_lists/items", status: 200 }]);
    expect(updated.outs.comments.map((c: Obj) => c.comment)).toEqual(["Approved by SOC", "Renewed for 2030"]);
    expect(updated.outs.comments[0]).toEqual(outs.comments[0]);
    const other = await checked({ ...news, name: "Backup jobs (nightly)" }, news);
    const again = await provider.update!(id, updated.outs, other);
    expect(again.outs.comments.map((c: Obj) => c.comment)).toEqual(["Approved by SOC", "Renewed for 2030"]);
    const stored = (await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup")).body;
    expect(stored.comments).toHaveLength(2);
  });

  it("an update that would edit a comment is refused before any call (defence in depth behind check)", async () => {
    const { id, outs } = await created(item);
    const before = kibana.requests().length;
    await expect(provider.update!(id, outs, { ...outs, comments: [{ comment: "rewritten" }] })).rejects.toThrow(
      /comments\.0: .*would be changed.*append-only/s,
    );
    await expect(provider.diff!(id, outs, { ...outs, comments: [] })).rejects.toThrow(/would be removed/);
    expect(kibana.requests().length).toBe(before);
  });

  it("removing tags, meta and expire_time lands, and refresh agrees (despite Kibana's PUT response echoing the old meta)", async () => {
    const { id, inputs, outs } = await created(item);
    const news = await checked({ ...item, tags: undefined, meta: undefined, expire_time: undefined, os_types: undefined }, inputs);
    const updated = await provider.update!(id, outs, news);
    expect(updated.outs).toMatchObject({ tags: [], os_types: [] });
    expect(updated.outs).not.toHaveProperty("meta");
    expect(updated.outs).not.toHaveProperty("expire_time");
    resetExceptionListItemReadCache();
    const read = await provider.read!(id, updated.outs);
    expect(await provider.diff!(id, read.props!, news)).toMatchObject({ changes: false });
  });

  it("refresh reports an out-of-band edit (emptied tags, a UI comment) and the next preview explains the comment", async () => {
    const { id, inputs, outs } = await created(item);
    const stored = (await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup")).body;
    await kibanaFetch(kibana, "PUT", "/api/exception_lists/items", {
      item_id: "backup",
      name: stored.name,
      description: stored.description,
      type: "simple",
      entries: stored.entries,
      meta: stored.meta,
      expire_time: stored.expire_time,
      os_types: stored.os_types,
      comments: [{ comment: "added in the UI" }],
    });
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ tags: [] });
    expect(read.props!.comments.map((c: Obj) => c.comment)).toEqual(["Approved by SOC", "added in the UI"]);
    expect(await provider.diff!(id, read.props!, { ...inputs, comments: [...inputs.comments, { comment: "added in the UI" }] })).toMatchObject({
      changes: true,
      replaces: [],
    });
    await expect(provider.diff!(id, read.props!, inputs)).rejects.toThrow(/"added in the UI" would be removed/);
    const next = await provider.check!(read.inputs!, item);
    expect(next.failures).toEqual([{ property: "", reason: expect.stringMatching(/^comments\.1: the existing comment "added in the UI" would be removed/) }]);
  });

  it("a stale write fails with a clear message", async () => {
    const { id, inputs, outs } = await created(item);
    await kibanaFetch(kibana, "PUT", "/api/exception_lists/items", { item_id: "backup", name: "UI", description: "d", type: "simple", entries: ENTRIES });
    await expect(provider.update!(id, outs, await checked({ ...item, name: "mine" }, inputs))).rejects.toThrow(/changed in Kibana since Pulumi last read it/);
  });

  it("items of a list refresh with one _find; deletion shows; delete sends namespace_type and treats 404 as done", async () => {
    await kibanaFetch(kibana, "POST", "/api/exception_lists", {
      list_id: "global",
      name: "n",
      description: "d",
      type: "detection",
      namespace_type: "agnostic",
    });
    const made = [];
    for (const n of [1, 2, 3]) made.push(await created({ ...item, list_id: "global", namespace_type: "agnostic", item_id: `g${n}`, comments: [] }));
    resetExceptionListItemReadCache();
    const before = kibana.requests().length;
    const reads = await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    expect(reads.map((r) => r.id)).toEqual(made.map((m) => m.id));
    expect(callsSince(kibana, before)).toEqual([{ method: "GET", path: "/api/exception_lists/items/_find", status: 200 }]);
    const del = kibana.requests().length;
    await provider.delete!(made[0]!.id, made[0]!.outs);
    await provider.delete!(made[0]!.id, made[0]!.outs);
    expect(
      kibana
        .requests()
        .slice(del)
        .map((r) => [r.status, r.query.namespace_type]),
    ).toEqual([
      [200, "agnostic"],
      [404, "agnostic"],
    ]);
    resetExceptionListItemReadCache();
    expect(await provider.read!(made[0]!.id, made[0]!.outs)).toEqual({});
  });

  it("replaces on item_id, list_id or namespace_type change", async () => {
    const { id, inputs, outs } = await created(item);
    for (const [change, key] of [
      [{ item_id: "b2" }, "item_id"],
      [{ list_id: "other" }, "list_id"],
      [{ namespace_type: "agnostic" }, "namespace_type"],
    ] as const) {
      expect(await provider.diff!(id, outs, await checked({ ...item, ...change }, inputs))).toMatchObject({ changes: true, replaces: [key] });
    }
  });

  it("a missing parent list is a clear error", async () => {
    await expect(provider.create(await checked({ ...item, list_id: "nope" }))).rejects.toThrow(
      /ExceptionListItem item_id "backup".*exception list id: "nope" does not exist/,
    );
  });
});
