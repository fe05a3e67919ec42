import { client, multipartFile } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const LISTS = "/api/lists";
const ITEMS = "/api/lists/items";

describe("value lists in contract mode (every request and response checked against the official lists bundle)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true });
    c = client(emu);
  });
  afterAll(() => emu.stop());

  it("rejects a body the spec rejects before the handler runs", async () => {
    const before = emu.violations().length;
    const r = await c.post(`/s/bad${LISTS}`, { name: "n", description: "d", type: "ipv4" });
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/^Contract violation request POST \/s\/bad\/api\/lists: /);
    expect(emu.violations().length).toBe(before + 1);
  });

  it("a full flow over data streams, lists, items, _find cursors, _import and _export records zero violations", async () => {
    const before = emu.violations().length;
    const S = "/s/contract";
    const ok = async (p: Promise<{ status: number; body: any }>, status = 200) => {
      const r = await p;
      expect([r.status, r.body?.message]).toEqual([status, status === 200 ? undefined : r.body?.message]);
      return r.body;
    };
    await ok(c.get(`${S}${LISTS}/index`), 404);
    await ok(c.post(`${S}${LISTS}`, { id: "ips", name: "IPs", description: "d", type: "ip" }), 400);
    await ok(c.post(`${S}${LISTS}/index`));
    await ok(c.get(`${S}${LISTS}/index`));
    const list = await ok(c.post(`${S}${LISTS}`, { id: "ips", name: "IPs", description: "d", type: "ip", meta: { owner: "soc" } }));
    await ok(c.post(`${S}${LISTS}`, { id: "ips", name: "IPs", description: "d", type: "ip" }), 409);
    await ok(c.post(`${S}${LISTS}`, { name: "Ranges", description: "d", type: "ip_range" }));
    await ok(c.get(`${S}${LISTS}?id=ips`));
    await ok(c.put(`${S}${LISTS}`, { id: "ips", name: "IPs!", description: "d", _version: list._version }));
    await ok(c.patch(`${S}${LISTS}`, { id: "ips", meta: { a: 1 } }));
    await ok(c.get(`${S}${LISTS}/_find?per_page=1`));
    const item = await ok(c.post(`${S}${ITEMS}`, { list_id: "ips", value: "10.0.0.1", id: "one", meta: { m: 1 } }));
    await ok(c.post(`${S}${ITEMS}`, { list_id: "nope", value: "10.0.0.1" }), 404);
    await ok(c.post(`${S}${ITEMS}`, { list_id: "ips", value: "10.0.0.1", id: "one" }), 409);
    await ok(c.get(`${S}${ITEMS}?id=one`));
    await ok(c.get(`${S}${ITEMS}?list_id=ips&value=10.0.0.1`));
    await ok(c.put(`${S}${ITEMS}`, { id: "one", value: "10.0.0.2", _version: item._version }));
    await ok(c.patch(`${S}${ITEMS}`, { id: "one", meta: { n: 2 } }));
    const { raw, headers } = multipartFile("file", "ips.txt", Array.from({ length: 50 }, (_, i) => `10.1.0.${i}`).join("\n"));
    await ok(c.call("POST", `${S}${ITEMS}/_import?list_id=ips`, { raw, headers }));
    const first = await ok(c.get(`${S}${ITEMS}/_find?list_id=ips&per_page=20&page=1`));
    await ok(c.get(`${S}${ITEMS}/_find?list_id=ips&per_page=20&page=2&cursor=${first.cursor}`));
    await ok(c.get(`${S}${ITEMS}/_find?list_id=ips&per_page=20&page=1&sort_field=value&sort_order=desc`));
    expect((await c.call("POST", `${S}${ITEMS}/_export?list_id=ips`)).status).toBe(200);
    await ok(c.del(`${S}${ITEMS}?list_id=ips&value=10.1.0.3`));
    await ok(c.del(`${S}${ITEMS}?id=one`));
    await ok(c.del(`${S}${ITEMS}?id=one`), 404);
    await ok(c.del(`${S}${LISTS}?id=ips`));
    await ok(c.del(`${S}${LISTS}?id=ips`), 404);
    await ok(c.del(`${S}${LISTS}/index`));
    expect(emu.violations().slice(before)).toEqual([]);
  });
});
