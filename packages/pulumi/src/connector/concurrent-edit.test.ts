import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { connectorProvider as provider, resetConnectorReadCache } from "./provider";

type Obj = Record<string, any>;

const emulator = useTestKibana(provider, resetConnectorReadCache);

const SALT = "test-salt-0123456789abcdef";
const webhook = {
  connector_type_id: ".webhook",
  name: "Hook",
  config: { url: "https://hooks.example.com/in" },
  secrets: { user: "svc", password: "hunter22" },
  secrets_salt: SALT,
};

const { checked, created } = providerSteps(provider);

async function kibanaCopy(id: string): Promise<Obj> {
  const res = await kibanaFetch(emulator.kibana, "GET", `/api/actions/connector/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** A colleague's edit in the UI, made after Pulumi's last read. */
async function editInUi(id: string, name: string, url: string): Promise<void> {
  const res = await kibanaFetch(emulator.kibana, "PUT", `/api/actions/connector/${id}`, {
    name,
    config: { url },
    secrets: { user: "ui", password: "ui-pass" },
  });
  expect(res.status).toBe(200);
}

describe("a connector update over a change made in Kibana since the last read", () => {
  it("is refused, naming the connector, what changed (not the values) and the remedy; Kibana's copy is untouched", async () => {
    const { id, inputs, outs } = await created(webhook);
    await editInUi(id, "Hook (UI)", "https://ui.example.com/in");
    resetConnectorReadCache();
    const news = await checked({ ...webhook, config: { url: "https://hooks.example.com/v2" } }, inputs);
    const before = emulator.kibana.requests().length;
    const update = provider.update!(id, outs, news);
    await expect(update).rejects.toThrow(
      new RegExp(
        `^Connector "${id}" \\(.webhook "Hook"\\) in space "default" was changed in Kibana since Pulumi last read it ` +
          "\\(now different: name, config.url\\)\\. .*Run `pulumi refresh`.*then `pulumi up`.*`overwrite_concurrent_edits: true`",
      ),
    );
    await expect(update).rejects.not.toThrow(/ui\.example\.com|hunter22|ui-pass/);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "GET", path: "/api/actions/connectors", status: 200 }]);
    expect(await kibanaCopy(id)).toMatchObject({ name: "Hook (UI)", config: { url: "https://ui.example.com/in" } });
  });

  it("is overwritten with overwrite_concurrent_edits: true, with one PUT and no listing", async () => {
    const { id, inputs, outs } = await created(webhook);
    await editInUi(id, "Hook (UI)", "https://ui.example.com/in");
    resetConnectorReadCache();
    const news = await checked({ ...webhook, name: "Hook 2", overwrite_concurrent_edits: true }, inputs);
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "PUT", path: `/api/actions/connector/${id}`, status: 200 }]);
    expect(updated.outs).toMatchObject({ name: "Hook 2", config: { url: "https://hooks.example.com/in" }, overwrite_concurrent_edits: true });
    expect(await kibanaCopy(id)).toMatchObject({ name: "Hook 2", config: { url: "https://hooks.example.com/in" } });
  });

  it("goes through after `pulumi refresh` (read)", async () => {
    const { id, inputs, outs } = await created(webhook);
    await editInUi(id, "Hook (UI)", "https://ui.example.com/in");
    resetConnectorReadCache();
    const refreshed = await provider.read!(id, outs);
    const updated = await provider.update!(id, refreshed.props!, await checked({ ...webhook, name: "Hook 2" }, inputs));
    expect(updated.outs).toMatchObject({ name: "Hook 2", config: { url: "https://hooks.example.com/in" } });
  });
});

describe("a connector update with no change in Kibana since the last read", () => {
  it("updates 12 connectors with one listing and one PUT each", async () => {
    const made = [];
    for (let i = 0; i < 12; i++) made.push(await created({ ...webhook, name: `hook ${i}` }));
    resetConnectorReadCache();
    const before = emulator.kibana.requests().length;
    const updated = await Promise.all(made.map(async (m) => provider.update!(m.id, m.outs, await checked({ ...webhook, name: `hook ${m.id}` }, m.inputs))));
    expect(updated.map((u) => u.outs.name)).toEqual(made.map((m) => `hook ${m.id}`));
    const calls = callsSince(emulator.kibana, before);
    expect(calls.filter((c) => c.method === "GET")).toEqual([{ method: "GET", path: "/api/actions/connectors", status: 200 }]);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(12);
    expect(calls).toHaveLength(13);
  });

  it("lets the provider's own successive updates through, in one process and in the next", async () => {
    const { id, inputs, outs } = await created(webhook);
    const first = await provider.update!(id, outs, await checked({ ...webhook, name: "one" }, inputs));
    const second = await provider.update!(id, first.outs, await checked({ ...webhook, config: { url: "https://hooks.example.com/two" } }, inputs));
    resetConnectorReadCache();
    const third = await provider.update!(id, second.outs, await checked({ ...webhook, name: "three" }, inputs));
    expect(third.outs).toMatchObject({ name: "three", config: { url: "https://hooks.example.com/in" } });
    expect(await kibanaCopy(id)).toMatchObject({ name: "three" });
  });

  it("does not see a change of secrets alone (Kibana never returns them)", async () => {
    const { id, inputs, outs } = await created(webhook);
    await editInUi(id, "Hook", "https://hooks.example.com/in");
    resetConnectorReadCache();
    const updated = await provider.update!(id, outs, await checked({ ...webhook, name: "Hook 2" }, inputs));
    expect(updated.outs).toMatchObject({ name: "Hook 2" });
  });

  it("keeps the existing advice when the connector was deleted in Kibana", async () => {
    const { id, inputs, outs } = await created(webhook);
    await kibanaFetch(emulator.kibana, "DELETE", `/api/actions/connector/${id}`);
    await expect(provider.update!(id, outs, await checked({ ...webhook, name: "Hook 2" }, inputs))).rejects.toThrow(
      /no longer exists in Kibana.*pulumi refresh/,
    );
  });
});
