import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { fleetServerHostProvider as provider, resetFleetServerHostReadCache } from "./provider";

type Obj = Record<string, any>;

const H = "/api/fleet/fleet_server_hosts";
const SALT = "test-salt-0123456789abcdef";
const host = { name: "Fleet A", host_urls: ["https://fleet-a.example.com"], host_id: "fleet-a", secrets_salt: SALT };

const emulator = useTestKibana(provider, resetFleetServerHostReadCache);

const { checked, created } = providerSteps(provider);

async function fleetCopy(id: string): Promise<Obj> {
  const res = await kibanaFetch(emulator.kibana, "GET", `${H}/${id}`);
  expect(res.status).toBe(200);
  return res.body.item;
}

describe("a Fleet Server host update over a change made in Fleet since the last read", () => {
  it("is refused, naming the host, the fields that changed and the remedy; Fleet's copy is untouched", async () => {
    const { id, inputs, outs } = await created(host);
    await kibanaFetch(emulator.kibana, "PUT", `${H}/fleet-a`, { name: "renamed in UI", host_urls: ["https://ui.example.com"] });
    resetFleetServerHostReadCache();
    const news = await checked({ ...host, is_internal: true }, inputs);
    const before = emulator.kibana.requests().length;
    await expect(provider.update!(id, outs, news)).rejects.toThrow(
      new RegExp(
        '^FleetServerHost "fleet-a" \\("Fleet A"\\) was changed in Kibana since Pulumi last read it \\(now different: name, host_urls\\)\\. ' +
          ".*Run `pulumi refresh`.*then `pulumi up`.*`overwrite_concurrent_edits: true`",
      ),
    );
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "GET", path: H, status: 200 }]);
    expect(await fleetCopy("fleet-a")).toMatchObject({ name: "renamed in UI", host_urls: ["https://ui.example.com:443"] });
  });

  it("is overwritten with overwrite_concurrent_edits: true, with one PUT and no listing", async () => {
    const { id, inputs, outs } = await created(host);
    await kibanaFetch(emulator.kibana, "PUT", `${H}/fleet-a`, { name: "renamed in UI" });
    resetFleetServerHostReadCache();
    const news = await checked({ ...host, is_internal: true, overwrite_concurrent_edits: true }, inputs);
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "PUT", path: `${H}/fleet-a`, status: 200 }]);
    expect(updated.outs).toMatchObject({ name: "Fleet A", is_internal: true, overwrite_concurrent_edits: true });
    expect(await fleetCopy("fleet-a")).toMatchObject({ name: "Fleet A", is_internal: true });
  });

  it("goes through after `pulumi refresh` (read)", async () => {
    const { id, inputs, outs } = await created(host);
    await kibanaFetch(emulator.kibana, "PUT", `${H}/fleet-a`, { name: "renamed in UI" });
    resetFleetServerHostReadCache();
    const refreshed = await provider.read!(id, outs);
    const updated = await provider.update!(id, refreshed.props!, await checked({ ...host, is_internal: true }, inputs));
    expect(updated.outs).toMatchObject({ name: "Fleet A", is_internal: true });
  });
});

describe("a Fleet Server host update with no change in Fleet since the last read", () => {
  it("updates 10 hosts with one listing and one PUT each", async () => {
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await created({ ...host, host_id: `fleet-${i}`, name: `Fleet ${i}` }));
    resetFleetServerHostReadCache();
    const before = emulator.kibana.requests().length;
    await Promise.all(made.map(async (m) => provider.update!(m.id, m.outs, await checked({ ...m.inputs, is_internal: true }, m.inputs))));
    const calls = callsSince(emulator.kibana, before);
    expect(calls.filter((c) => c.method === "GET")).toEqual([{ method: "GET", path: H, status: 200 }]);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(10);
    expect(calls).toHaveLength(11);
  });

  it("lets the provider's own successive updates through, in one process and in the next", async () => {
    const { id, inputs, outs } = await created(host);
    const first = await provider.update!(id, outs, await checked({ ...host, name: "one" }, inputs));
    const second = await provider.update!(id, first.outs, await checked({ ...host, host_urls: ["https://two.example.com"] }, inputs));
    resetFleetServerHostReadCache();
    const third = await provider.update!(id, second.outs, await checked({ ...host, name: "three" }, inputs));
    expect(third.outs).toMatchObject({ name: "three" });
    expect(await fleetCopy("fleet-a")).toMatchObject({ name: "three" });
  });

  it("is not tripped by Fleet moving the default to another host in the same up", async () => {
    const a = await created({ ...host, is_default: true });
    const b = await created({ ...host, host_id: "fleet-b", name: "Fleet B", is_default: true });
    expect(b.outs.is_default).toBe(true);
    const updated = await provider.update!(a.id, a.outs, await checked({ ...host, is_default: false, name: "Fleet A2" }, a.inputs));
    expect(updated.outs).toMatchObject({ name: "Fleet A2", is_default: false });
  });

  it("keeps the existing advice when the host was deleted in Fleet", async () => {
    const { id, inputs, outs } = await created(host);
    await kibanaFetch(emulator.kibana, "DELETE", `${H}/fleet-a`);
    await expect(provider.update!(id, outs, await checked({ ...host, name: "x" }, inputs))).rejects.toThrow(/no longer exists in Kibana.*pulumi refresh/);
  });
});
