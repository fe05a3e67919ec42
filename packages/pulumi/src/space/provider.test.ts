import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { spaceProvider as provider } from "./provider";

type Obj = Record<string, any>;

const S = "/api/spaces/space";
const soc = { space_id: "soc", name: "SOC", description: "Security operations", color: "#aabbcc" };

const emulator = useTestKibana(provider);

const { created } = providerSteps(provider);
const failures = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => f.reason);

describe("check", () => {
  it("names the field, the value and the reason, with no HTTP call; unknowns pass at preview", async () => {
    const before = emulator.kibana.requests().length;
    expect(await failures({ ...soc, space_id: "SOC" })).toEqual([`id: must be lower case, a-z, 0-9, '_', and '-' are allowed (value: "SOC")`]);
    expect(await failures({ ...soc, color: "teal" })).toEqual(['color: must be a 6 digit hex color, starting with a # (value: "teal")']);
    expect(await failures({ ...soc, solution: "siem" })).toEqual([expect.stringMatching(/^solution: .* \(value: "siem"\)$/)]);
    expect(await failures({ ...soc, space_id: "default" })).toEqual([
      expect.stringMatching(/^id: the default space always exists.*space_id out, or set it to "default"$/),
    ]);
    expect(await failures({ ...soc, solution: "security", disabledFeatures: ["ml"] })).toEqual([
      expect.stringMatching(/^disabledFeatures: Kibana ignores it while solution is "security"/),
    ]);
    expect(await failures({ ...soc, overwrite_concurrent_edits: true })).toEqual([expect.stringMatching(/^overwrite_concurrent_edits: unknown argument/)]);
    expect(await failures({ ...soc, name: UNKNOWN, space_id: UNKNOWN })).toEqual([]);
    expect(emulator.kibana.requests().length).toBe(before);
  });
});

describe("create / read / update / delete", () => {
  it("creates with one call; state is Kibana's answer", async () => {
    const before = emulator.kibana.requests().length;
    const { id, outs } = await created(soc);
    expect(id).toBe("soc");
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "POST", path: S, status: 200 }]);
    expect(outs).toEqual({ space_id: "soc", name: "SOC", description: "Security operations", color: "#aabbcc", disabledFeatures: [] });
    expect((await kibanaFetch(emulator.kibana, "GET", `${S}/soc`)).body).toMatchObject({ id: "soc", name: "SOC" });
  });

  it("refresh shows a change made in Kibana as drift, and a deleted space as gone", async () => {
    const { id, inputs, outs } = await created(soc);
    await kibanaFetch(emulator.kibana, "PUT", `${S}/soc`, { id: "soc", name: "SOC (edited)", disabledFeatures: ["dev_tools"] });
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ name: "SOC (edited)", disabledFeatures: ["dev_tools"], color: "#aabbcc" });
    expect((await provider.diff!(id, read.props!, inputs)).changes).toBe(true);
    expect((await provider.diff!(id, outs, inputs)).changes).toBe(false);
    await kibanaFetch(emulator.kibana, "DELETE", `${S}/soc`);
    expect(await provider.read!(id, outs)).toEqual({});
  });

  it("updates in place with one PUT; a dropped description is cleared with an empty string; changing the id replaces", async () => {
    const { id, inputs, outs } = await created(soc);
    const news = { space_id: "soc", name: "SOC 2", disabledFeatures: ["ml", "dev_tools"] };
    expect(await provider.diff!(id, outs, news)).toEqual({ changes: true, replaces: [] });
    const before = emulator.kibana.requests().length;
    const { outs: updated } = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "PUT", path: `${S}/soc`, status: 200 }]);
    expect(updated).toEqual({ space_id: "soc", name: "SOC 2", disabledFeatures: ["ml", "dev_tools"] });
    const stored = (await kibanaFetch(emulator.kibana, "GET", `${S}/soc`)).body;
    expect(stored.description).toBe("");
    // Kibana keeps a colour the PUT left out: not managed when the program leaves it out, so no diff.
    expect(stored.color).toBe("#aabbcc");
    const refreshed = (await provider.read!(id, updated)).props!;
    expect((await provider.diff!(id, refreshed, { ...news, disabledFeatures: ["dev_tools", "ml"] })).changes).toBe(false);
    expect((await provider.diff!(id, outs, { ...inputs, space_id: "soc-2" })).replaces).toEqual(["space_id"]);
  });

  it("a solution decides disabledFeatures: Kibana's list shows no diff", async () => {
    const { id, inputs, outs } = await created({ ...soc, solution: "security" });
    expect(outs.disabledFeatures.length).toBeGreaterThan(0);
    expect((await provider.diff!(id, outs, inputs)).changes).toBe(false);
  });

  it("an existing space is refused with the adopt advice, then taken over with adopt: true", async () => {
    await kibanaFetch(emulator.kibana, "POST", S, { id: "soc", name: "Theirs" });
    await expect(created(soc)).rejects.toThrow(/Space "soc": a space with that id already exists in Kibana.*set `adopt: true`/);
    const before = emulator.kibana.requests().length;
    const { outs } = await created({ ...soc, adopt: true });
    // One read first: a space already as the program says is taken over without a write; this one differs.
    expect(callsSince(emulator.kibana, before)).toEqual([
      { method: "GET", path: `${S}/soc`, status: 200 },
      { method: "POST", path: S, status: 409 },
      { method: "PUT", path: `${S}/soc`, status: 200 },
    ]);
    expect(outs).toMatchObject({ name: "SOC", adopt: true });
  });

  it("deletes with one call, and the space's objects with it; 404 counts as deleted", async () => {
    const { id, outs } = await created(soc);
    const rule = { name: "r", description: "d", risk_score: 1, severity: "low", type: "query", query: "*", rule_id: "r1" };
    expect((await kibanaFetch(emulator.kibana, "POST", "/s/soc/api/detection_engine/rules", rule)).status).toBe(200);
    const before = emulator.kibana.requests().length;
    await provider.delete!(id, outs);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "DELETE", path: `${S}/soc`, status: 204 }]);
    expect((await kibanaFetch(emulator.kibana, "GET", "/s/soc/api/detection_engine/rules?rule_id=r1")).status).toBe(404);
    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
  });
});
