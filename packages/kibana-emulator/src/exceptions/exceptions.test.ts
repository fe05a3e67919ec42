import { useEmulator } from "../__tests__/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LISTS = "/api/exception_lists";
const ITEMS = "/api/exception_lists/items";
const LIST = { list_id: "trusted", name: "Trusted", description: "d", type: "detection" };
const ITEM = {
  list_id: "trusted",
  item_id: "backup-host",
  name: "Backup host",
  description: "d",
  type: "simple",
  entries: [{ type: "match", field: "host.name", value: "backup-01", operator: "included" }],
};

describe("exception lists and items (kibana-behaviour.md §2)", () => {
  const kibana = useEmulator();
  const c = kibana.c;

  describe("lists", () => {
    it("create fills Kibana's defaults and omits unset meta", async () => {
      const r = await c.post(LISTS, { name: "n", description: "d", type: "detection" });
      expect(r.status).toBe(200);
      expect(r.headers.get("elastic-api-version")).toBe("2023-10-31");
      expect(r.body).toMatchObject({ namespace_type: "single", os_types: [], tags: [], version: 1, immutable: false, created_by: "elastic" });
      expect(r.body.id).toMatch(UUID);
      expect(r.body.list_id).toMatch(UUID);
      expect(r.body.list_id).not.toBe(r.body.id);
      expect(r.body).not.toHaveProperty("meta");
      expect(JSON.parse(Buffer.from(r.body._version, "base64").toString())).toEqual([expect.any(Number), 1]);
      expect(Object.keys(r.body)).toEqual([...Object.keys(r.body)].sort());
    });

    it("a duplicate list_id is a 409 within one namespace only", async () => {
      expect((await c.post(LISTS, LIST)).status).toBe(200);
      expect(await c.post(LISTS, LIST)).toMatchObject({ status: 409, body: { message: 'exception list id: "trusted" already exists', status_code: 409 } });
      expect((await c.post(LISTS, { ...LIST, namespace_type: "agnostic" })).status).toBe(200);
      expect((await c.post(`/s/other${LISTS}`, LIST)).status).toBe(200);
    });

    it("agnostic lists need namespace_type=agnostic on every call and are visible from every space", async () => {
      await c.post(LISTS, { ...LIST, namespace_type: "agnostic" });
      expect(await c.get(`${LISTS}?list_id=trusted`)).toMatchObject({
        status: 404,
        body: { message: 'exception list list_id: "trusted" does not exist', status_code: 404 },
      });
      expect((await c.get(`/s/soc${LISTS}?list_id=trusted&namespace_type=agnostic`)).body.namespace_type).toBe("agnostic");
      await c.post(LISTS, { ...LIST, list_id: "mine" });
      expect((await c.get(`/s/soc${LISTS}?list_id=mine`)).status).toBe(404);
    });

    it("read answers the SIEM errors", async () => {
      expect(await c.get(LISTS)).toMatchObject({ status: 400, body: { message: "id or list_id required", status_code: 400 } });
      expect((await c.get(`${LISTS}?id=nope`)).body.message).toBe('exception list id: "nope" does not exist');
      expect((await c.get(`${LISTS}?list_id=x&namespace_type=blob`)).body).toMatchObject({
        statusCode: 400,
        error: "Bad Request",
        message: expect.stringMatching(/^\[request query\]: namespace_type: /),
      });
    });

    it("PUT keeps omitted tags/meta, merges meta, ignores os_types and bumps version", async () => {
      const created = (await c.post(LISTS, { ...LIST, tags: ["a"], os_types: ["linux"], meta: { owner: "soc", extra: { x: 1, y: 2 } } })).body;
      const put = await c.put(LISTS, {
        list_id: "trusted",
        name: "Renamed",
        description: "d2",
        type: "detection",
        os_types: ["windows"],
        meta: { extra: { y: null }, team: "blue" },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        name: "Renamed",
        tags: ["a"],
        os_types: ["linux"],
        version: 2,
        meta: { owner: "soc", extra: { x: 1, y: null }, team: "blue" },
      });
      expect(put.body._version).not.toBe(created._version);
      const cleared = (await c.put(LISTS, { list_id: "trusted", name: "R", description: "d", type: "detection", tags: [], version: 7 })).body;
      expect(cleared).toMatchObject({ tags: [], version: 7 });
      expect(cleared.meta).toEqual(put.body.meta);
    });

    it("PUT refuses a stale _version and names the missing identifier", async () => {
      const created = (await c.post(LISTS, LIST)).body;
      await c.put(LISTS, { ...LIST, name: "first" });
      const stale = await c.put(LISTS, { ...LIST, name: "second", _version: created._version });
      expect(stale).toMatchObject({ status: 409, body: { message: `Saved object [exception-list/${created.id}] conflict`, status_code: 409 } });
      expect((await c.get(`${LISTS}?list_id=trusted`)).body.name).toBe("first");
      expect(await c.put(LISTS, { name: "n", description: "d", type: "detection" })).toMatchObject({
        status: 404,
        body: { message: "either id or list_id need to be defined" },
      });
      expect((await c.put(LISTS, { ...LIST, list_id: "nope" })).body.message).toBe('exception list list_id: "nope" does not exist');
    });

    it("DELETE removes the list with its items and is a 404 the second time", async () => {
      await c.post(LISTS, LIST);
      await c.post(ITEMS, ITEM);
      expect((await c.del(`${LISTS}?list_id=trusted`)).body.list_id).toBe("trusted");
      expect((await c.get(`${ITEMS}?item_id=backup-host`)).status).toBe(404);
      expect((await c.del(`${LISTS}?list_id=trusted`)).status).toBe(404);
      expect((await c.del(LISTS)).body).toEqual({ message: 'Either "list_id" or "id" needs to be defined in the request', status_code: 400 });
    });

    it("_find pages with per_page (snake case) over the requested namespaces and filters", async () => {
      for (let i = 0; i < 5; i++) await c.post(LISTS, { ...LIST, list_id: `l${i}`, name: `List ${i}` });
      await c.post(LISTS, { ...LIST, list_id: "shared", namespace_type: "agnostic" });
      const single = (await c.get(`${LISTS}/_find?per_page=2&page=2`)).body;
      expect(single).toMatchObject({ page: 2, per_page: 2, total: 5 });
      expect(single.data.map((l: any) => l.list_id)).toEqual(["l2", "l3"]);
      expect((await c.get(`${LISTS}/_find?namespace_type=single,agnostic&per_page=100`)).body.total).toBe(6);
      const filtered = (await c.get(`${LISTS}/_find?filter=${encodeURIComponent('exception-list.attributes.list_id:"l4"')}`)).body;
      expect(filtered.data.map((l: any) => l.list_id)).toEqual(["l4"]);
    });
  });

  describe("items", () => {
    beforeEach(async () => {
      await c.post(LISTS, LIST);
    });

    it("create fills defaults, gives comments ids and keeps every entry kind", async () => {
      const entries = [
        ...ITEM.entries,
        { type: "match_any", field: "user.name", value: ["a", "b"], operator: "excluded" },
        { type: "list", field: "source.ip", list: { id: "bad-ips", type: "ip" }, operator: "included" },
        { type: "exists", field: "process.pid", operator: "included" },
        { type: "wildcard", field: "file.path", value: "/tmp/*", operator: "included" },
        { type: "nested", field: "file.Ext.code_signature", entries: [{ type: "match", field: "trusted", value: "true", operator: "included" }] },
      ];
      const r = await c.post(ITEMS, { ...ITEM, entries, comments: [{ comment: "why" }] });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ namespace_type: "single", os_types: [], tags: [], entries, item_id: "backup-host" });
      expect(r.body.comments).toEqual([{ comment: "why", id: expect.stringMatching(UUID), created_at: expect.any(String), created_by: "elastic" }]);
      expect(r.body).not.toHaveProperty("meta");
      expect(r.body).not.toHaveProperty("expire_time");
    });

    it("rejects a bad entry with the zod path, a missing list with 404 and a duplicate with 409", async () => {
      const bad = await c.post(ITEMS, { ...ITEM, entries: [{ type: "match", field: "f", operator: "included" }] });
      expect(bad.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^\[request body\]: entries\.0\.value: /) });
      expect(await c.post(ITEMS, { ...ITEM, list_id: "nope" })).toMatchObject({
        status: 404,
        body: { message: 'exception list id: "nope" does not exist', status_code: 404 },
      });
      await c.post(ITEMS, ITEM);
      expect((await c.post(ITEMS, ITEM)).body).toEqual({ message: 'exception list item id: "backup-host" already exists', status_code: 409 });
    });

    it("the endpoint list refuses value-list entries", async () => {
      await c.post(LISTS, { ...LIST, list_id: "ep", type: "endpoint" });
      const r = await c.post(ITEMS, {
        ...ITEM,
        list_id: "ep",
        entries: [{ type: "list", field: "source.ip", list: { id: "x", type: "ip" }, operator: "included" }],
      });
      expect(r).toMatchObject({ status: 400, body: { message: ['Invalid value "list" supplied to "type"'] } });
    });

    it("PUT overwrites: omitted tags become [], omitted meta/expire_time are removed (the response still shows the old meta)", async () => {
      await c.post(ITEMS, { ...ITEM, tags: ["t"], os_types: ["linux"], meta: { a: 1 }, expire_time: "2030-01-01T00:00:00.000Z" });
      const put = await c.put(ITEMS, { ...ITEM, name: "Renamed" });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ name: "Renamed", tags: [], os_types: [], meta: { a: 1 } });
      expect(put.body).not.toHaveProperty("expire_time");
      const read = (await c.get(`${ITEMS}?item_id=backup-host`)).body;
      expect(read).not.toHaveProperty("meta");
      expect(read).not.toHaveProperty("expire_time");
    });

    it("comments are append-only: stored ones stay, id-less ones are appended (so re-sending duplicates)", async () => {
      const created = (await c.post(ITEMS, { ...ITEM, comments: [{ comment: "first" }] })).body;
      const [first] = created.comments;
      const edit = (await c.put(ITEMS, { ...ITEM, comments: [{ id: first.id, comment: "edited" }] })).body;
      expect(edit.comments).toEqual([first]);
      const dropped = (await c.put(ITEMS, { ...ITEM, comments: [] })).body;
      expect(dropped.comments).toEqual([first]);
      const resent = (await c.put(ITEMS, { ...ITEM, comments: [{ comment: "first" }] })).body;
      expect(resent.comments.map((x: any) => x.comment)).toEqual(["first", "first"]);
      const disorder = await c.put(ITEMS, { ...ITEM, comments: [{ comment: "new" }, { id: first.id, comment: "first" }] });
      expect(disorder).toMatchObject({ status: 400, body: { message: ['item "comments" are append only'], status_code: 400 } });
    });

    it("PUT errors: missing identifier is a 404, a stale _version a 409", async () => {
      const created = (await c.post(ITEMS, ITEM)).body;
      const { item_id: _i, ...noId } = ITEM;
      expect((await c.put(ITEMS, noId)).body).toEqual({ message: "either id or item_id need to be defined", status_code: 404 });
      await c.put(ITEMS, { ...ITEM, name: "one" });
      const stale = await c.put(ITEMS, { ...ITEM, name: "two", _version: created._version });
      expect(stale.body).toEqual({ message: `Saved object [exception-list/${created.id}] conflict`, status_code: 409 });
      expect((await c.put(ITEMS, { ...ITEM, item_id: "nope" })).body.message).toBe('exception list item item_id: "nope" does not exist');
    });

    it("DELETE needs namespace_type for agnostic items", async () => {
      await c.post(LISTS, { ...LIST, list_id: "global", namespace_type: "agnostic" });
      await c.post(ITEMS, { ...ITEM, list_id: "global", namespace_type: "agnostic" });
      expect((await c.del(`${ITEMS}?item_id=backup-host`)).body.message).toBe('exception list item item_id: "backup-host" does not exist');
      expect((await c.del(`${ITEMS}?item_id=backup-host&namespace_type=agnostic`)).status).toBe(200);
      expect((await c.del(ITEMS)).body.message).toBe('Either "item_id" or "id" needs to be defined in the request');
    });

    it("_find checks arities, answers 404 for an unknown list and pages", async () => {
      for (let i = 0; i < 3; i++) await c.post(ITEMS, { ...ITEM, item_id: `i${i}`, name: `Item ${i}` });
      const page = (await c.get(`${ITEMS}/_find?list_id=trusted&per_page=2&page=2`)).body;
      expect(page).toMatchObject({ page: 2, per_page: 2, total: 3 });
      expect(page.data.map((i: any) => i.item_id)).toEqual(["i2"]);
      expect((await c.get(`${ITEMS}/_find?list_id=trusted,other&namespace_type=single`)).body.message).toBe(
        "list_id and namespace_id need to have the same comma separated number of values. Expected list_id length: 2 to equal namespace_type length: 1",
      );
      expect((await c.get(`${ITEMS}/_find?list_id=trusted,nope&namespace_type=single,single`)).body).toEqual({
        message: 'exception list id: "trusted,nope" does not exist',
        status_code: 404,
      });
      const filtered = (await c.get(`${ITEMS}/_find?list_id=trusted&filter=${encodeURIComponent('exception-list.attributes.name:"Item 1"')}`)).body;
      expect(filtered.data.map((i: any) => i.item_id)).toEqual(["i1"]);
    });
  });
});
