import type { RunningEmulator } from "@esac/kibana-emulator";
import { valueListItemProvider as provider, resetValueListItemReadCache } from "./provider";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana();
  await provider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
beforeEach(async () => {
  kibana.reset();
  resetValueListItemReadCache();
  await kibanaFetch(kibana, "POST", "/api/lists/index");
  await kibanaFetch(kibana, "POST", "/api/lists", { id: "ranges", name: "n", description: "d", type: "ip_range" });
});
afterEach(() => expect(kibana.violations()).toEqual([]));

const item = { list_id: "ranges", value: "10.0.0.1", list_item_id: "gw", type: "ip_range" };

const { checked } = providerSteps(provider);

describe("ValueListItem", () => {
  it("check rejects a value the list type refuses, with no HTTP call", async () => {
    const before = kibana.requests().length;
    const res = await provider.check!({}, { ...item, value: "10.0.0.300" });
    expect(res.failures).toEqual([{ property: "", reason: 'value: "10.0.0.300" is not an IP address (list type ip_range)' }]);
    expect(failurePaths(await provider.check!({}, { ...item, value: "" }))).toEqual(["value"]);
    expect(kibana.requests().length).toBe(before);
  });

  it("create is one call; the value Kibana rewrites shows no diff, before and after refresh", async () => {
    const inputs = await checked(item);
    const before = kibana.requests().length;
    const { id, outs } = await provider.create(inputs);
    expect(callsSince(kibana, before)).toEqual([{ method: "POST", path: "/api/lists/items", status: 200 }]);
    expect(id).toBe("gw");
    expect(outs).toMatchObject({ list_item_id: "gw", value: "10.0.0.1-10.0.0.1", type: "ip_range" });
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
    const read = await provider.read!(id, outs);
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: false });
  });

  it("updates the value in place with one PUT; list_id or list_item_id changes replace", async () => {
    const inputs = await checked(item);
    const { id, outs } = await provider.create(inputs);
    const news = await checked({ ...item, value: "10.0.0.0/8" }, inputs);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const before = kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(kibana, before)).toEqual([{ method: "PUT", path: "/api/lists/items", status: 200 }]);
    expect(updated.outs).toMatchObject({ value: "10.0.0.0/8" });
    expect(await provider.diff!(id, outs, await checked({ ...item, list_id: "other" }, inputs))).toMatchObject({ replaces: ["list_id"] });
  });

  it("items of one list refresh with one _find; out-of-band edits and deletions show", async () => {
    const made = [];
    for (const v of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) {
      const inputs = await checked({ ...item, value: v, list_item_id: v });
      made.push({ inputs, ...(await provider.create(inputs)) });
    }
    resetValueListItemReadCache();
    const before = kibana.requests().length;
    await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    expect(callsSince(kibana, before)).toEqual([{ method: "GET", path: "/api/lists/items/_find", status: 200 }]);

    await kibanaFetch(kibana, "PUT", "/api/lists/items", { id: "10.0.0.1", value: "192.168.0.1" });
    await kibanaFetch(kibana, "DELETE", "/api/lists/items?id=10.0.0.2");
    resetValueListItemReadCache();
    const edited = await provider.read!(made[0]!.id, made[0]!.outs);
    expect(edited.props).toMatchObject({ value: "192.168.0.1-192.168.0.1" });
    expect(await provider.diff!(made[0]!.id, edited.props!, made[0]!.inputs)).toMatchObject({ changes: true });
    expect(await provider.read!(made[1]!.id, made[1]!.outs)).toEqual({});
  });

  it("delete is one call and treats 404 as done", async () => {
    const { id, outs } = await provider.create(await checked(item));
    const before = kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    expect(callsSince(kibana, before).map((c) => c.status)).toEqual([200, 404]);
  });
});
