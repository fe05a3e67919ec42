import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const LISTS = "/api/exception_lists";
const ITEMS = "/api/exception_lists/items";

describe("exception lists in contract mode (every request and response checked against the official exceptions bundle)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true });
    c = client(emu);
  });
  afterAll(() => emu.stop());

  it("rejects a body the spec rejects before the handler runs", async () => {
    const before = emu.violations().length;
    const r = await c.post(LISTS, { name: "n", description: "d", type: "detections" });
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/^Contract violation request POST \/api\/exception_lists: /);
    expect(emu.violations().length).toBe(before + 1);
    expect((await c.get(`${LISTS}/_find`)).body.total).toBe(0);
  });

  it("a full flow over lists and items of every entry kind, single and agnostic, records zero violations", async () => {
    const before = emu.violations().length;
    const S = "/s/contract";
    const ok = async (p: Promise<{ status: number; body: any }>, status = 200) => {
      const r = await p;
      expect([r.status, r.body?.message]).toEqual([status, status === 200 ? undefined : r.body?.message]);
      return r.body;
    };
    const list = await ok(
      c.post(`${S}${LISTS}`, { list_id: "trusted", name: "Trusted", description: "d", type: "detection", tags: ["a"], os_types: ["linux"], meta: { m: 1 } }),
    );
    await ok(c.post(`${S}${LISTS}`, { list_id: "global", name: "Global", description: "d", type: "detection", namespace_type: "agnostic" }));
    await ok(c.post(`${S}${LISTS}`, { list_id: "trusted", name: "Trusted", description: "d", type: "detection" }), 409);
    await ok(c.get(`${S}${LISTS}?list_id=trusted`));
    await ok(c.get(`${S}${LISTS}?list_id=global&namespace_type=agnostic`));
    await ok(c.get(`${S}${LISTS}?list_id=global`), 404);
    await ok(c.put(`${S}${LISTS}`, { list_id: "trusted", name: "T", description: "d", type: "detection", tags: [], _version: list._version }));
    await ok(c.get(`${S}${LISTS}/_find?namespace_type=single,agnostic&per_page=1&page=2&sort_field=name&sort_order=asc`));
    const entries = [
      { type: "match", field: "host.name", value: "a", operator: "included" },
      { type: "match_any", field: "user.name", value: ["a", "b"], operator: "excluded" },
      { type: "list", field: "source.ip", list: { id: "ips", type: "ip" }, operator: "included" },
      { type: "exists", field: "process.pid", operator: "included" },
      { type: "wildcard", field: "file.path", value: "/tmp/*", operator: "included" },
      { type: "nested", field: "file.Ext", entries: [{ type: "match", field: "code", value: "x", operator: "included" }] },
    ];
    const item = await ok(
      c.post(`${S}${ITEMS}`, {
        list_id: "trusted",
        item_id: "i1",
        name: "I",
        description: "d",
        type: "simple",
        entries,
        comments: [{ comment: "why" }],
        expire_time: "2030-01-01T00:00:00.000Z",
        meta: { x: 1 },
        tags: ["t"],
        os_types: ["windows"],
      }),
    );
    await ok(
      c.post(`${S}${ITEMS}`, {
        list_id: "global",
        item_id: "g1",
        name: "G",
        description: "d",
        type: "simple",
        namespace_type: "agnostic",
        entries: entries.slice(0, 1),
      }),
    );
    await ok(c.get(`${S}${ITEMS}?item_id=i1`));
    await ok(
      c.put(`${S}${ITEMS}`, {
        item_id: "i1",
        name: "I2",
        description: "d",
        type: "simple",
        entries,
        _version: item._version,
        comments: [{ id: item.comments[0].id, comment: "why" }, { comment: "more" }],
      }),
    );
    await ok(
      c.put(`${S}${ITEMS}`, {
        item_id: "i1",
        name: "I3",
        description: "d",
        type: "simple",
        entries,
        comments: [{ comment: "a" }, { id: item.comments[0].id, comment: "why" }],
      }),
      400,
    );
    await ok(c.get(`${S}${ITEMS}/_find?list_id=trusted,global&namespace_type=single,agnostic&per_page=10`));
    await ok(c.get(`${S}${ITEMS}/_find?list_id=nope&namespace_type=single`), 404);
    await ok(c.del(`${S}${ITEMS}?item_id=g1&namespace_type=agnostic`));
    await ok(c.del(`${S}${ITEMS}?item_id=g1&namespace_type=agnostic`), 404);
    await ok(c.del(`${S}${LISTS}?list_id=trusted`));
    await ok(c.del(`${S}${LISTS}?list_id=global&namespace_type=agnostic`));
    expect(emu.violations().slice(before)).toEqual([]);
  });
});
