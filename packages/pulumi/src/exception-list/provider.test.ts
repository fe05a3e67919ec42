import { exceptionListProvider as provider, resetExceptionListReadCache } from "./provider";
import { detectionRuleProvider } from "../detection-rule/provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, stackConfigFor, useTestKibana } from "../test-support/emulator";
import { failurePaths } from "../test-support/failures";
import { providerSteps } from "../test-support/steps";

const emulator = useTestKibana(provider, resetExceptionListReadCache);

const list = { list_id: "trusted-hosts", name: "Trusted hosts", description: "Hosts we trust", type: "detection", tags: ["prod"], meta: { owner: "soc" } };

const { checked, created } = providerSteps(provider);

describe("check", () => {
  it("names the field and the reason, with no HTTP call", async () => {
    const before = emulator.kibana.requests().length;
    const res = await provider.check!({}, { ...list, type: "detections", namespace_type: "global", os_types: ["beos"] });
    expect(failurePaths(res).sort()).toEqual(["namespace_type", "os_types.0", "type"]);
    expect(res.failures?.map((f) => f.reason)).toContainEqual(expect.stringMatching(/^type: .*; did you mean `detection`\? \(value: "detections"\)$/));
    expect(emulator.kibana.requests().length).toBe(before);
  });

  it("fills Kibana's defaults and keeps a generated list_id stable", async () => {
    const inputs = await checked({ name: "n", description: "d", type: "detection" });
    expect(inputs).toMatchObject({ namespace_type: "single", os_types: [], tags: [], space_id: "default" });
    expect((await checked({ name: "m", description: "d", type: "detection" }, inputs)).list_id).toBe(inputs.list_id);
    expect((await checked({ name: "m", description: "d", type: "detection", namespace_type: "agnostic" }, inputs)).list_id).not.toBe(inputs.list_id);
  });
});

describe("create / read / update / delete", () => {
  it("creates with one call and shows no diff right after, and after refresh", async () => {
    const before = emulator.kibana.requests().length;
    const { id, inputs, outs } = await created(list);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "POST", path: "/api/exception_lists", status: 200 }]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outs).toMatchObject({ list_id: "trusted-hosts", namespace_type: "single", version: 1, _version: expect.any(String) });
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false, replaces: [] });
    const read = await provider.read!(id, outs);
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: false });
  });

  it("updates in place with one call: emptied tags, removed meta keys and a new type all land", async () => {
    const { id, inputs, outs } = await created(list);
    const news = await checked({ ...list, tags: [], meta: undefined, type: "rule_default" }, inputs);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "PUT", path: "/api/exception_lists", status: 200 }]);
    expect(updated.outs).toMatchObject({ tags: [], type: "rule_default", version: 2 });
    expect(updated.outs).not.toHaveProperty("meta");
    resetExceptionListReadCache();
    const read = await provider.read!(id, updated.outs);
    expect(read.props).not.toHaveProperty("meta");
    expect(await provider.diff!(id, read.props!, news)).toMatchObject({ changes: false });
  });

  it("removes a single meta key although Kibana merges meta on update", async () => {
    const { id, inputs, outs } = await created({ ...list, meta: { owner: "soc", ticket: "SEC-1", nested: { a: 1, b: 2 } } });
    const news = await checked({ ...list, meta: { owner: "soc", nested: { a: 1 } } }, inputs);
    const updated = await provider.update!(id, outs, news);
    resetExceptionListReadCache();
    const read = await provider.read!(id, updated.outs);
    expect(read.props!.meta).toEqual({ owner: "soc", nested: { a: 1 } });
    expect(await provider.diff!(id, read.props!, news)).toMatchObject({ changes: false });
  });

  it("version is compared only when the program sets it", async () => {
    const { id, inputs, outs } = await created(list);
    const updated = await provider.update!(id, outs, await checked({ ...list, name: "x" }, inputs));
    expect(updated.outs.version).toBe(2);
    expect(await provider.diff!(id, updated.outs, await checked({ ...list, name: "x" }, inputs))).toMatchObject({ changes: false });
    expect(await provider.diff!(id, updated.outs, await checked({ ...list, name: "x", version: 5 }, inputs))).toMatchObject({ changes: true });
  });

  it("replaces on list_id, namespace_type, os_types or space change", async () => {
    const { id, inputs, outs } = await created(list);
    for (const [change, key] of [
      [{ list_id: "other" }, "list_id"],
      [{ namespace_type: "agnostic" }, "namespace_type"],
      [{ os_types: ["linux"] }, "os_types"],
      [{ space_id: "soc" }, "space_id"],
    ] as const) {
      expect(await provider.diff!(id, outs, await checked({ ...list, ...change }, inputs))).toMatchObject({ changes: true, replaces: [key] });
    }
    expect(await provider.diff!(id, outs, { ...inputs, namespace_type: UNKNOWN })).toMatchObject({ changes: true, replaces: ["namespace_type"] });
  });

  it("a stale write fails with a clear message and does not overwrite", async () => {
    const { id, inputs, outs } = await created(list);
    await kibanaFetch(emulator.kibana, "PUT", "/api/exception_lists", { list_id: "trusted-hosts", name: "UI name", description: "d", type: "detection" });
    await expect(provider.update!(id, outs, await checked({ ...list, name: "mine" }, inputs))).rejects.toThrow(
      /changed in Kibana since Pulumi last read it.*conflict.*pulumi refresh/s,
    );
    expect((await kibanaFetch(emulator.kibana, "GET", "/api/exception_lists?list_id=trusted-hosts")).body.name).toBe("UI name");
  });

  it("agnostic lists: namespace_type is sent on every call, all lists refresh with one _find", async () => {
    const agnostic = await created({ ...list, list_id: "global", namespace_type: "agnostic" });
    const single = await created(list);
    resetExceptionListReadCache();
    const before = emulator.kibana.requests().length;
    const reads = await Promise.all([agnostic, single].map((m) => provider.read!(m.id, m.outs)));
    expect(reads.map((r) => r.id)).toEqual([agnostic.id, single.id]);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "GET", path: "/api/exception_lists/_find", status: 200 }]);
    await provider.update!(agnostic.id, agnostic.outs, await checked({ ...list, list_id: "global", namespace_type: "agnostic", name: "G" }, agnostic.inputs));
    await provider.delete!(agnostic.id, agnostic.outs);
    // The PUT finds the agnostic list only because the body says so; the DELETE says it in the query.
    const calls = emulator.kibana.requests().slice(before + 1);
    expect(calls.map((c) => [c.method, c.status, c.query.namespace_type])).toEqual([
      ["PUT", 200, undefined],
      ["DELETE", 200, "agnostic"],
    ]);
    expect((await kibanaFetch(emulator.kibana, "GET", "/api/exception_lists?list_id=global&namespace_type=agnostic")).status).toBe(404);
  });

  it("refresh reports out-of-band edits and deletion", async () => {
    const { id, inputs, outs } = await created(list);
    await kibanaFetch(emulator.kibana, "PUT", "/api/exception_lists", {
      list_id: "trusted-hosts",
      name: "Trusted hosts",
      description: "Hosts we trust",
      type: "detection",
      tags: [],
    });
    let read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ tags: [] });
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: true });
    await kibanaFetch(emulator.kibana, "DELETE", "/api/exception_lists?list_id=trusted-hosts");
    resetExceptionListReadCache();
    read = await provider.read!(id, outs);
    expect(read).toEqual({});
  });

  it("delete is one call and a missing list counts as deleted", async () => {
    const { id, outs } = await created(list);
    const before = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    expect(callsSince(emulator.kibana, before).map((c) => c.status)).toEqual([200, 404]);
  });

  it("an existing list_id fails with advice, and is adopted on request", async () => {
    await created(list);
    await expect(provider.create(await checked(list))).rejects.toThrow(/already exists.*adopt: true/s);
    const adopted = await provider.create(await checked({ ...list, name: "Adopted", adopt: true }));
    expect(adopted.outs).toMatchObject({ name: "Adopted", adopt: true });
  });

  it("a detection rule takes the list's outputs in exceptions_list", async () => {
    await detectionRuleProvider.configure!(stackConfigFor(emulator.kibana) as never);
    const { id, outs } = await created(list);
    const rule = { name: "r", description: "d", risk_score: 1, severity: "low", type: "query", rule_id: "uses-list" };
    const preview = await detectionRuleProvider.check!(
      {},
      { ...rule, exceptions_list: [{ id: UNKNOWN, list_id: UNKNOWN, namespace_type: UNKNOWN, type: UNKNOWN }] },
    );
    expect(preview.failures ?? []).toEqual([]);
    const ref = { id, list_id: outs.list_id, namespace_type: outs.namespace_type, type: outs.type };
    const { inputs } = await detectionRuleProvider.check!({}, { ...rule, exceptions_list: [ref] });
    const made = await detectionRuleProvider.create(inputs!);
    expect(made.outs.exceptions_list).toEqual([ref]);
  });
});
