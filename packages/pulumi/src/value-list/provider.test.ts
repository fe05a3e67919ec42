import { valueListProvider as provider, resetValueListReadCache } from "./provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

const emulator = useTestKibana(provider, resetValueListReadCache);

const list = { list_id: "bad-ips", name: "Bad IPs", description: "Known bad addresses", type: "ip", meta: { owner: "soc" } };

const { checked, created } = providerSteps(provider);

describe("check", () => {
  it("names the field and the reason, with no HTTP call", async () => {
    const before = emulator.kibana.requests().length;
    const res = await provider.check!({}, { ...list, type: "ipv4", name: "", tagz: 1 });
    expect(failurePaths(res).sort()).toEqual(["name", "tagz", "type"]);
    expect(res.failures?.map((f) => f.reason)).toContain(
      "tagz: unknown argument (expected one of name, description, type, serializer, deserializer, meta, list_id, space_id, connection, adopt) (value: 1)",
    );
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("generates a list_id that stays stable, and a new one when the type changes (so dependents are replaced)", async () => {
    const first = await checked({ ...list, list_id: undefined });
    expect(first.list_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await checked({ ...list, list_id: undefined, name: "x" }, first)).list_id).toBe(first.list_id);
    expect((await checked({ ...list, list_id: undefined, type: "keyword" }, first)).list_id).not.toBe(first.list_id);
  });

  it("tolerates unknown values during preview", async () => {
    expect((await provider.check!({}, { ...list, name: UNKNOWN })).failures ?? []).toEqual([]);
  });
});

describe("create / read / update / delete", () => {
  it("creates with one call once the data streams exist, ensuring them on the first create in a space", async () => {
    const before = emulator.kibana.requests().length;
    const { id, inputs, outs } = await created(list);
    expect(callsSince(emulator.kibana, before)).toEqual([
      { method: "POST", path: "/api/lists", status: 400 },
      { method: "POST", path: "/api/lists/index", status: 200 },
      { method: "POST", path: "/api/lists", status: 200 },
    ]);
    expect(id).toBe("bad-ips");
    expect(outs).toMatchObject({ list_id: "bad-ips", type: "ip", version: 1, meta: { owner: "soc" }, space_id: "default", _version: expect.any(String) });
    expect(outs).not.toHaveProperty("id");
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false, replaces: [] });
    const second = emulator.kibana.requests().length;
    await created({ ...list, list_id: "other" });
    expect(callsSince(emulator.kibana, second)).toEqual([{ method: "POST", path: "/api/lists", status: 200 }]);
  });

  it("edits name, description and meta in place with one _version-guarded PUT (never a replacement)", async () => {
    const { id, inputs, outs } = await created(list);
    const news = await checked({ ...list, name: "Renamed", description: "new", meta: undefined }, inputs);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "PUT", path: "/api/lists", status: 200 }]);
    expect(updated.outs).toMatchObject({ name: "Renamed", version: 2 });
    expect(updated.outs).not.toHaveProperty("meta");
    expect(await provider.diff!(id, updated.outs, news)).toMatchObject({ changes: false });
  });

  it("replaces on list_id, type, serializer or space change", async () => {
    const { id, inputs, outs } = await created(list);
    for (const [change, key] of [
      [{ list_id: "new" }, "list_id"],
      [{ type: "keyword" }, "type"],
      [{ serializer: "(?<value>.+)" }, "serializer"],
      [{ space_id: "soc" }, "space_id"],
    ] as const) {
      const news = await checked({ ...list, ...change }, inputs);
      expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [key] });
    }
  });

  it("refuses a stale write with a clear message instead of overwriting", async () => {
    const { id, inputs, outs } = await created(list);
    await kibanaFetch(emulator.kibana, "PATCH", "/api/lists", { id: "bad-ips", description: "edited in the UI" });
    const news = await checked({ ...list, name: "mine" }, inputs);
    await expect(provider.update!(id, outs, news)).rejects.toThrow(/changed in Kibana since Pulumi last read it.*versions mismatch.*pulumi refresh/s);
    expect((await kibanaFetch(emulator.kibana, "GET", "/api/lists?id=bad-ips")).body).toMatchObject({ name: "Bad IPs", description: "edited in the UI" });
  });

  it("refresh shows no diff, then reports an out-of-band edit and a deletion; many lists read with one _find", async () => {
    const made = [await created(list), await created({ ...list, list_id: "two" }), await created({ ...list, list_id: "three" })];
    resetValueListReadCache();
    const before = emulator.kibana.requests().length;
    const reads = await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "GET", path: "/api/lists/_find", status: 200 }]);
    for (const [i, r] of reads.entries()) expect(await provider.diff!(made[i]!.id, r.props!, made[i]!.inputs)).toMatchObject({ changes: false });

    await kibanaFetch(emulator.kibana, "PUT", "/api/lists", { id: "bad-ips", name: "Bad IPs", description: "Known bad addresses" });
    resetValueListReadCache();
    const drifted = await provider.read!(made[0]!.id, reads[0]!.props!);
    expect(drifted.props).not.toHaveProperty("meta");
    expect(await provider.diff!(made[0]!.id, drifted.props!, made[0]!.inputs)).toMatchObject({ changes: true, replaces: [] });

    await kibanaFetch(emulator.kibana, "DELETE", "/api/lists?id=bad-ips");
    resetValueListReadCache();
    expect(await provider.read!(made[0]!.id, drifted.props!)).toEqual({});
  });

  it("deletes with one call; a missing list counts as deleted", async () => {
    const { id, outs } = await created(list);
    const before = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    expect(callsSince(emulator.kibana, before)).toEqual([
      { method: "DELETE", path: "/api/lists", status: 200 },
      { method: "DELETE", path: "/api/lists", status: 404 },
    ]);
  });

  it("a list still used by an exception item cannot be deleted, and the error names the item", async () => {
    const { id, outs } = await created(list);
    await kibanaFetch(emulator.kibana, "POST", "/api/exception_lists", { list_id: "ex", name: "n", description: "d", type: "detection" });
    await kibanaFetch(emulator.kibana, "POST", "/api/exception_lists/items", {
      list_id: "ex",
      item_id: "uses-ips",
      name: "n",
      description: "d",
      type: "simple",
      entries: [{ type: "list", field: "source.ip", list: { id: "bad-ips", type: "ip" }, operator: "included" }],
    });
    await expect(provider.delete!(id, outs)).rejects.toThrow(/cannot be deleted.*item "uses-ips" of exception list "ex".*Remove the `list` entries/s);
  });

  it("an existing list_id fails with advice, and is adopted on request", async () => {
    await created(list);
    await expect(provider.create(await checked(list))).rejects.toThrow(/already exists.*adopt: true/s);
    const adopted = await provider.create(await checked({ ...list, name: "Adopted", adopt: true }));
    expect(adopted.outs).toMatchObject({ name: "Adopted", adopt: true, version: 2 });
    await expect(provider.create(await checked({ ...list, type: "keyword", adopt: true }))).rejects.toThrow(/type "ip", not "keyword"/);
  });

  it("warns when Kibana ignores serializer and keeps it in state", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { outs } = await created({ ...list, serializer: "(?<value>.+)" });
      expect(outs.serializer).toBe("(?<value>.+)");
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"serializer" parameter is not supported/));
    } finally {
      warn.mockRestore();
    }
  });
});

describe("delete while referenced", () => {
  it("surfaces Kibana's 409 naming the exception item that still uses the list, and keeps the list", async () => {
    const { id, outs } = await created(list);
    const exceptionList = { list_id: "tuning", name: "Tuning", description: "d", type: "detection", namespace_type: "single" };
    expect((await kibanaFetch(emulator.kibana, "POST", "/api/exception_lists", exceptionList)).status).toBe(200);
    const item = {
      list_id: "tuning",
      item_id: "uses-bad-ips",
      name: "Bad IPs are expected here",
      description: "d",
      type: "simple",
      namespace_type: "single",
      entries: [{ field: "source.ip", operator: "included", type: "list", list: { id: outs.list_id, type: "ip" } }],
    };
    expect((await kibanaFetch(emulator.kibana, "POST", "/api/exception_lists/items", item)).status).toBe(200);

    await expect(provider.delete!(id, outs)).rejects.toThrow(
      /cannot be deleted: Kibana refuses because exception item still references it \(item "uses-bad-ips" of exception list "tuning"\)/,
    );
    expect((await kibanaFetch(emulator.kibana, "GET", `/api/lists?id=${outs.list_id}`)).status).toBe(200);
  });
});
