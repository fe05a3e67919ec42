import { listDataStreamsProvider as provider } from "./provider";
import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";

const emulator = useTestKibana(provider);

async function listExists(space: string, id: string): Promise<boolean> {
  return (await kibanaFetch(emulator.kibana, "GET", `/s/${space}/api/lists?id=${id}`)).status === 200;
}

describe("ListDataStreams", () => {
  it("check accepts only space_id, connection and delete_on_destroy, with no HTTP call", async () => {
    const before = emulator.kibana.requests().length;
    const res = await provider.check!({}, { delete_on_destroy: "yes", list_index: true });
    expect(res.failures).toEqual([
      { property: "", reason: "list_index: unknown argument (expected one of space_id, connection, adopt, delete_on_destroy) (value: true)" },
      { property: "", reason: 'delete_on_destroy: must be a boolean (value: "yes")' },
    ]);
    expect((await provider.check!({}, { delete_on_destory: true })).failures).toEqual([
      { property: "", reason: "delete_on_destory: unknown argument; did you mean `delete_on_destroy`? (value: true)" },
    ]);
    expect((await provider.check!({}, {})).inputs).toEqual({ space_id: "default", delete_on_destroy: false });
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("create is one idempotent call, also when the streams already exist", async () => {
    const inputs = (await provider.check!({}, { space_id: "soc" })).inputs!;
    await kibanaFetch(emulator.kibana, "POST", "/s/soc/api/lists/index");
    const before = emulator.kibana.requests().length;
    const { id, outs } = await provider.create(inputs);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "POST", path: "/s/soc/api/lists/index", status: 200 }]);
    expect(id).toBe("soc");
    expect(outs).toMatchObject({ space_id: "soc", list_index: true, list_item_index: true, delete_on_destroy: false });
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
  });

  it("refresh notices deleted data streams", async () => {
    const inputs = (await provider.check!({}, {})).inputs!;
    const { id, outs } = await provider.create(inputs);
    expect((await provider.read!(id, outs)).props).toMatchObject({ list_index: true });
    await kibanaFetch(emulator.kibana, "DELETE", "/api/lists/index");
    expect(await provider.read!(id, outs)).toEqual({});
  });

  it("destroy keeps the data streams (and every list in them) unless delete_on_destroy is set", async () => {
    const inputs = (await provider.check!({}, {})).inputs!;
    const { id, outs } = await provider.create(inputs);
    await kibanaFetch(emulator.kibana, "POST", "/api/lists", { id: "someone-elses", name: "n", description: "d", type: "ip" });
    const before = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    expect(callsSince(emulator.kibana, before)).toEqual([]);
    expect(await listExists("default", "someone-elses")).toBe(true);

    const optIn = (await provider.check!(inputs, { delete_on_destroy: true })).inputs!;
    expect(await provider.diff!(id, outs, optIn)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await provider.update!(id, outs, optIn)).outs;
    await provider.delete!(id, updated);
    expect(await listExists("default", "someone-elses")).toBe(false);
  });
});
