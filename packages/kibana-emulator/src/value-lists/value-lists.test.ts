import { NEWEST_SUPPORTED_KIBANA, normalizeListItemValue, type ValueListType } from "@esac/kibana-client";
import { client, multipartFile } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const LISTS = "/api/lists";
const ITEMS = "/api/lists/items";
const IP_LIST = { id: "bad-ips", name: "Bad IPs", description: "d", type: "ip" };

function upload(c: ReturnType<typeof client>, path: string, filename: string, content: string) {
  const { raw, headers } = multipartFile("file", filename, content);
  return c.call("POST", path, { raw, headers });
}

describe("value lists (kibana-behaviour.md §3)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  describe("data streams (§3.1)", () => {
    it("lists need the space's data streams: 400 before, idempotent ensure, per space", async () => {
      expect(await c.get(`${LISTS}/index`)).toMatchObject({
        status: 404,
        body: { message: "data stream .lists-default and data stream .items-default does not exist", status_code: 404 },
      });
      expect(await c.post(LISTS, IP_LIST)).toMatchObject({
        status: 400,
        body: { message: 'To create a list, the data stream must exist first. Data stream ".lists-default" does not exist', status_code: 400 },
      });
      expect((await c.post(`${LISTS}/index`)).body).toEqual({ acknowledged: true });
      expect((await c.post(`${LISTS}/index`)).body).toEqual({ acknowledged: true });
      expect((await c.get(`${LISTS}/index`)).body).toEqual({ list_index: true, list_item_index: true });
      expect((await c.post(LISTS, IP_LIST)).status).toBe(200);
      expect((await c.post(`/s/soc${LISTS}`, IP_LIST)).body.message).toMatch(/Data stream ".lists-soc" does not exist/);
    });

    it("deleting the data streams destroys every list of that space only", async () => {
      await c.post(`${LISTS}/index`);
      await c.post(`/s/soc${LISTS}/index`);
      await c.post(LISTS, IP_LIST);
      await c.post(`/s/soc${LISTS}`, IP_LIST);
      expect((await c.del(`${LISTS}/index`)).body).toEqual({ acknowledged: true });
      expect((await c.get(`${LISTS}?id=bad-ips`)).status).toBe(404);
      expect((await c.get(`/s/soc${LISTS}?id=bad-ips`)).status).toBe(200);
    });
  });

  describe("lists (§3.2)", () => {
    beforeEach(async () => {
      await c.post(`${LISTS}/index`);
    });

    it("create answers the list, 409 for a duplicate id, and warns about ignored serializers", async () => {
      const r = await c.post(LISTS, { ...IP_LIST, serializer: "(?<value>.+)" });
      expect(r.body).toMatchObject({ id: "bad-ips", type: "ip", version: 1, immutable: false, created_by: "elastic" });
      expect(r.body).not.toHaveProperty("serializer");
      expect(r.headers.get("warning")).toBe(
        `299 Kibana-${NEWEST_SUPPORTED_KIBANA} "The "serializer" parameter is not supported and will be ignored. Custom serializers have been removed."`,
      );
      expect((await c.post(LISTS, IP_LIST)).body).toEqual({ message: 'list id: "bad-ips" already exists', status_code: 409 });
      expect((await c.post(LISTS, { ...IP_LIST, id: undefined })).body.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("PUT replaces meta and bumps version; PATCH keeps meta; a stale _version is a 409", async () => {
      const created = (await c.post(LISTS, { ...IP_LIST, meta: { a: 1 } })).body;
      const put = (await c.put(LISTS, { id: "bad-ips", name: "Renamed", description: "d" })).body;
      expect(put).toMatchObject({ name: "Renamed", version: 2 });
      expect(put).not.toHaveProperty("meta");
      expect(put._version).not.toBe(created._version);
      const patched = (await c.patch(LISTS, { id: "bad-ips", meta: { b: 2 } })).body;
      expect((await c.patch(LISTS, { id: "bad-ips", name: "again" })).body).toMatchObject({ meta: { b: 2 }, version: 4 });
      const stale = await c.put(LISTS, { id: "bad-ips", name: "x", description: "d", _version: patched._version });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toMatch(/^Conflict: versions mismatch\. Provided versions:\{"if_primary_term":1,"if_seq_no":\d+\} does not match/);
      expect((await c.put(LISTS, { id: "nope", name: "x", description: "d" })).body).toEqual({ message: 'list id: "nope" not found', status_code: 404 });
      expect((await c.get(`${LISTS}?id=nope`)).body.message).toBe('list id: "nope" does not exist');
      expect((await c.del(`${LISTS}?id=nope`)).body.message).toBe('list id: "nope" was not found');
    });

    it("deleting a list referenced by an exception item is a 409 with an object message", async () => {
      await c.post(LISTS, IP_LIST);
      await c.post("/api/exception_lists", { list_id: "ex", name: "n", description: "d", type: "detection" });
      const entry = { type: "list", field: "source.ip", list: { id: "bad-ips", type: "ip" }, operator: "included" };
      await c.post("/api/exception_lists/items", { list_id: "ex", item_id: "uses-it", name: "n", description: "d", type: "simple", entries: [entry] });
      const r = await c.del(`${LISTS}?id=bad-ips`);
      expect(r.status).toBe(409);
      expect(r.body.status_code).toBe(409);
      expect(r.body.message.error).toMatchObject({
        message: "Value list 'bad-ips' is referenced in existing exception list(s)",
        value_list_id: "bad-ips",
        references: [{ exception_item: { item_id: "uses-it" }, exception_list: { list_id: "ex" } }],
      });
      expect((await c.del(`${LISTS}?id=bad-ips&deleteReferences=true`)).status).toBe(200);
      expect((await c.get("/api/exception_lists/items?item_id=uses-it")).status).toBe(404);
    });
  });

  describe("items (§3.3)", () => {
    beforeEach(async () => {
      await c.post(`${LISTS}/index`);
      await c.post(LISTS, IP_LIST);
      await c.post(LISTS, { ...IP_LIST, id: "ranges", type: "ip_range" });
    });

    it("create echoes the value as sent, reads render the stored form", async () => {
      const created = await c.post(ITEMS, { list_id: "ranges", value: " 10.0.0.1 ", id: "r1" });
      expect(created.body).toMatchObject({ id: "r1", type: "ip_range", list_id: "ranges", value: " 10.0.0.1 " });
      expect((await c.get(`${ITEMS}?id=r1`)).body.value).toBe("10.0.0.1-10.0.0.1");
      expect((await c.post(ITEMS, { list_id: "ranges", value: "x", id: "r1" })).body).toEqual({
        message: 'list item id: "r1" already exists',
        status_code: 409,
      });
      expect((await c.post(ITEMS, { list_id: "nope", value: "x" })).body).toEqual({ message: 'list id: "nope" does not exist', status_code: 404 });
    });

    it.each<[ValueListType, string]>([
      ["ip_range", "10.0.0.0/8"],
      ["ip_range", "10.0.0.1 - 10.0.0.9"],
      ["long_range", "5"],
      ["date_range", "2024-01-01"],
      ["geo_point", "1.5, 2.5"],
      ["geo_shape", "1.5,2.5"],
      ["keyword", "  spaced  "],
    ])("the client's normalizeListItemValue predicts what a %s list reads back for %j", async (type, value) => {
      await c.post(LISTS, { ...IP_LIST, id: "typed", type });
      await c.post(ITEMS, { list_id: "typed", value, id: "t1" });
      expect((await c.get(`${ITEMS}?id=t1`)).body.value).toBe(normalizeListItemValue(type, value));
    });

    it("Elasticsearch refuses a value that does not fit the list type", async () => {
      const r = await c.post(ITEMS, { list_id: "bad-ips", value: "10.0.0.300", id: "bad" });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/failed to parse field \[ip\] of type \[ip\] in document with id 'bad'\. Preview of field's value: '10\.0\.0\.300'/);
    });

    it("reads and deletes by list_id+value answer arrays; PUT replaces meta", async () => {
      await c.post(ITEMS, { list_id: "bad-ips", value: "1.1.1.1", id: "a", meta: { m: 1 } });
      await c.post(ITEMS, { list_id: "bad-ips", value: "1.1.1.1", id: "b" });
      expect((await c.get(`${ITEMS}?list_id=bad-ips&value=1.1.1.1`)).body.map((i: any) => i.id)).toEqual(["a", "b"]);
      const put = (await c.put(ITEMS, { id: "a", value: "2.2.2.2" })).body;
      expect(put.value).toBe("2.2.2.2");
      expect(put).not.toHaveProperty("meta");
      const deleted = await c.del(`${ITEMS}?list_id=bad-ips&value=1.1.1.1`);
      expect(deleted.body.map((i: any) => i.id)).toEqual(["b"]);
      expect((await c.del(`${ITEMS}?list_id=bad-ips&value=1.1.1.1`)).body).toEqual({
        message: 'list_id: "bad-ips" with 1.1.1.1 was not found',
        status_code: 404,
      });
      expect((await c.del(`${ITEMS}?id=b`)).body).toEqual({ message: 'list item with id: "b" not found', status_code: 404 });
      expect((await c.get(ITEMS)).body).toEqual({ message: 'Either "list_id" or "id" needs to be defined in the request', status_code: 400 });
    });

    it("_import adds a file's lines (trimmed, blank and duplicate lines skipped, invalid values dropped silently)", async () => {
      const r = await upload(c, `${ITEMS}/_import?list_id=bad-ips`, "ips.txt", "1.1.1.1\n\n 2.2.2.2 \n1.1.1.1\nnot-an-ip\n3.3.3.3\n");
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: "bad-ips", type: "ip" });
      const found = (await c.get(`${ITEMS}/_find?list_id=bad-ips&per_page=100`)).body;
      expect(found.data.map((i: any) => i.value).sort()).toEqual(["1.1.1.1", "2.2.2.2", "3.3.3.3"]);
      expect((await c.call("POST", `${ITEMS}/_export?list_id=bad-ips`)).text.split("\n").filter(Boolean).sort()).toEqual(["1.1.1.1", "2.2.2.2", "3.3.3.3"]);
    });

    it("_import errors: extension 415, missing list 409, neither list_id nor type 400, no data streams 400", async () => {
      expect((await upload(c, `${ITEMS}/_import?list_id=bad-ips`, "ips.json", "1.1.1.1")).body).toEqual({
        message: "Unsupported media type. File must be one of the following types: [.csv, .txt]",
        status_code: 415,
      });
      expect((await upload(c, `${ITEMS}/_import?list_id=nope`, "ips.txt", "1.1.1.1")).body).toEqual({
        message: 'list id: "nope" does not exist',
        status_code: 409,
      });
      expect((await upload(c, `${ITEMS}/_import`, "ips.txt", "1.1.1.1")).body.message).toBe("Either type or list_id need to be defined in the query");
      expect((await upload(c, `/s/empty${ITEMS}/_import?list_id=x`, "ips.txt", "1.1.1.1")).body.message).toBe(
        'To import a list item, the data steam must exist first. Data stream ".lists-empty" does not exist',
      );
      const byType = await upload(c, `${ITEMS}/_import?type=keyword`, "hosts.txt", "a\nb\n");
      expect(byType.body).toMatchObject({ id: "hosts.txt", name: "hosts.txt", type: "keyword" });
    });

    it("_find pages through thousands of items with Kibana's cursor", async () => {
      const values = Array.from({ length: 2500 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.1`);
      await upload(c, `${ITEMS}/_import?list_id=bad-ips`, "ips.txt", values.join("\n"));
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 1; page <= 3; page++) {
        const body = (await c.get(`${ITEMS}/_find?list_id=bad-ips&per_page=1000&page=${page}${cursor ? `&cursor=${cursor}` : ""}`)).body;
        expect(body).toMatchObject({ page, per_page: 1000, total: 2500 });
        seen.push(...body.data.map((i: any) => i.value));
        cursor = body.cursor;
      }
      expect(new Set(seen).size).toBe(2500);
      expect(seen.sort()).toEqual([...values].sort());
      expect((await c.get(`${ITEMS}/_find?list_id=bad-ips&page=1&per_page=10&cursor=${cursor}`)).body.message).toMatch(
        /cannot be greater than the start page index: 0/,
      );
      const desc1 = (await c.get(`${ITEMS}/_find?list_id=bad-ips&per_page=5&sort_field=value&sort_order=desc`)).body;
      const desc2 = (await c.get(`${ITEMS}/_find?list_id=bad-ips&per_page=5&page=2&sort_field=value&sort_order=desc&cursor=${desc1.cursor}`)).body;
      const desc = [...desc1.data, ...desc2.data].map((i: any) => i.value);
      expect(desc).toEqual([...values].sort().reverse().slice(0, 10));
      expect((await c.get(`${ITEMS}/_find?list_id=nope`)).body).toEqual({ message: 'list id: "nope" does not exist', status_code: 404 });
    });
  });

  it("persists data streams, lists and items (indexes rebuilt) in the data file", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dataFile = join(mkdtempSync(join(tmpdir(), "emu-vl-")), "d.json");
    const first = await startEmulator({ dataFile });
    const c1 = client(first);
    await c1.post(`/s/soc${LISTS}/index`);
    await c1.post(`/s/soc${LISTS}`, IP_LIST);
    await c1.post(`/s/soc${ITEMS}`, { list_id: "bad-ips", value: "1.1.1.1", id: "kept" });
    await first.stop();
    const second = await startEmulator({ dataFile });
    try {
      const c2 = client(second);
      expect((await c2.get(`/s/soc${LISTS}/index`)).status).toBe(200);
      expect((await c2.get(`/s/soc${ITEMS}?list_id=bad-ips&value=1.1.1.1`)).body.map((i: any) => i.id)).toEqual(["kept"]);
      expect((await c2.del(`/s/soc${ITEMS}?id=kept`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

describe("value-list _version: ES sequence numbers per space and data stream", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(() => emu.stop());

  const seqNo = (version: string) => (JSON.parse(Buffer.from(version, "base64").toString()) as [number, number])[0];

  it("counts .lists-<space> and .items-<space> separately, each space on its own, deletes included; a recreated stream restarts", async () => {
    const c = client(emu);
    for (const prefix of ["", "/s/soc"]) {
      expect((await c.post(`${prefix}${LISTS}/index`)).status).toBe(200);
      const list = (await c.post(`${prefix}${LISTS}`, IP_LIST)).body;
      expect(seqNo(list._version)).toBe(0);
      const first = (await c.post(`${prefix}${ITEMS}`, { list_id: IP_LIST.id, value: "10.0.0.1" })).body;
      expect(seqNo(first._version)).toBe(0);
      expect((await c.del(`${prefix}${ITEMS}?id=${first.id}`)).status).toBe(200);
      expect(seqNo((await c.post(`${prefix}${ITEMS}`, { list_id: IP_LIST.id, value: "10.0.0.2" })).body._version)).toBe(2);
      expect(seqNo((await c.patch(`${prefix}${LISTS}`, { id: IP_LIST.id, name: "renamed" })).body._version)).toBe(1);
    }
    expect((await c.del(`${LISTS}/index`)).status).toBe(200);
    expect((await c.post(`${LISTS}/index`)).status).toBe(200);
    expect(seqNo((await c.post(LISTS, IP_LIST)).body._version)).toBe(0);
  });
});
