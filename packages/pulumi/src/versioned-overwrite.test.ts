import type { RunningEmulator } from "@esac/kibana-emulator";
import { exceptionListProvider, resetExceptionListReadCache } from "./exception-list/provider";
import { exceptionListItemProvider, resetExceptionListItemReadCache } from "./exception-list-item/provider";
import { resetValueListReadCache, valueListProvider } from "./value-list/provider";
import { resetValueListItemReadCache, valueListItemProvider } from "./value-list-item/provider";
import { valueListItemsProvider } from "./value-list-items/provider";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "./test-support/emulator";
import { providerSteps } from "./test-support/steps";

type Obj = Record<string, any>;

/** One family Kibana guards with `_version`: how to make an object, edit it in the UI, change it and read it back. */
interface Family {
  name: string;
  provider: typeof exceptionListProvider;
  reset(): void;
  setup(): Promise<void>;
  args: Obj;
  /** The program's change. */
  change: Obj;
  editInUi(): Promise<{ status: number }>;
  readBack(): Promise<Obj>;
  /** What Kibana holds after the UI edit (left alone by a refused update). */
  edited: Obj;
}

const ENTRY = { type: "match", field: "host.name", value: "backup-01", operator: "included" };

const families: Family[] = [
  {
    name: "ExceptionList",
    provider: exceptionListProvider,
    reset: resetExceptionListReadCache,
    setup: async () => {},
    args: { list_id: "trusted-hosts", name: "Trusted hosts", description: "Hosts we trust", type: "detection" },
    change: { name: "mine" },
    editInUi: () => kibanaFetch(kibana, "PUT", "/api/exception_lists", { list_id: "trusted-hosts", name: "UI name", description: "d", type: "detection" }),
    readBack: async () => (await kibanaFetch(kibana, "GET", "/api/exception_lists?list_id=trusted-hosts")).body,
    edited: { name: "UI name", description: "d" },
  },
  {
    name: "ExceptionListItem",
    provider: exceptionListItemProvider,
    reset: resetExceptionListItemReadCache,
    setup: async () => {
      await kibanaFetch(kibana, "POST", "/api/exception_lists", { list_id: "trusted", name: "n", description: "d", type: "detection" });
    },
    args: { list_id: "trusted", item_id: "backup", name: "Backup jobs", description: "Nightly backups", entries: [ENTRY] },
    change: { name: "mine" },
    editInUi: () =>
      kibanaFetch(kibana, "PUT", "/api/exception_lists/items", { item_id: "backup", name: "UI", description: "d", type: "simple", entries: [ENTRY] }),
    readBack: async () => (await kibanaFetch(kibana, "GET", "/api/exception_lists/items?item_id=backup")).body,
    edited: { name: "UI", description: "d" },
  },
  {
    name: "ValueList",
    provider: valueListProvider,
    reset: resetValueListReadCache,
    setup: async () => {
      await kibanaFetch(kibana, "POST", "/api/lists/index");
    },
    args: { list_id: "bad-ips", name: "Bad IPs", description: "Known bad addresses", type: "ip" },
    change: { name: "mine" },
    editInUi: () => kibanaFetch(kibana, "PATCH", "/api/lists", { id: "bad-ips", description: "edited in the UI" }),
    readBack: async () => (await kibanaFetch(kibana, "GET", "/api/lists?id=bad-ips")).body,
    edited: { name: "Bad IPs", description: "edited in the UI" },
  },
  {
    name: "ValueListItem",
    provider: valueListItemProvider,
    reset: resetValueListItemReadCache,
    setup: async () => {
      await kibanaFetch(kibana, "POST", "/api/lists/index");
      await kibanaFetch(kibana, "POST", "/api/lists", { id: "ranges", name: "n", description: "d", type: "ip_range" });
    },
    args: { list_id: "ranges", value: "10.0.0.1", list_item_id: "gw", type: "ip_range" },
    change: { value: "10.0.0.0/8" },
    editInUi: () => kibanaFetch(kibana, "PATCH", "/api/lists/items", { id: "gw", value: "10.0.0.2" }),
    readBack: async () => (await kibanaFetch(kibana, "GET", "/api/lists/items?id=gw")).body,
    edited: { value: "10.0.0.2-10.0.0.2" },
  },
];

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana();
  for (const family of families) await family.provider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
afterEach(() => expect(kibana.violations()).toEqual([]));

describe.each(families.map((f) => [f.name, f] as const))("%s: an update over a change made in Kibana since the last read", (_name, family) => {
  const { provider } = family;
  beforeEach(async () => {
    kibana.reset();
    family.reset();
    await family.setup();
  });

  const { checked } = providerSteps(provider);

  async function createdThenEditedInUi(): Promise<{ id: string; inputs: Obj; outs: Obj }> {
    const inputs = await checked(family.args);
    const { id, outs } = await provider.create(inputs);
    expect((await family.editInUi()).status).toBe(200);
    return { id, inputs, outs };
  }

  it("is refused by Kibana (_version), and the message names the refresh remedy and the opt-in", async () => {
    const { id, inputs, outs } = await createdThenEditedInUi();
    const news = await checked({ ...family.args, ...family.change }, inputs);
    await expect(provider.update!(id, outs, news)).rejects.toThrow(
      /changed in Kibana since Pulumi last read it.*Run `pulumi refresh`.*then `pulumi up` again; or set `overwrite_concurrent_edits: true`/s,
    );
    expect(await family.readBack()).toMatchObject(family.edited);
  });

  it("is not mistaken for its own write whose answer was lost: the re-sent PUT's 409 is reported", async () => {
    const { id, inputs, outs } = await createdThenEditedInUi();
    kibana.setFaults([{ method: "PUT", phase: "after", reset: true, times: 1 }]);
    const news = await checked({ ...family.args, ...family.change }, inputs);
    await expect(provider.update!(id, outs, news)).rejects.toThrow(/changed in Kibana since Pulumi last read it/);
    expect(await family.readBack()).toMatchObject(family.edited);
  });

  // The same PUT with the state's _version is refused (above): accepted here, it went without one.
  it("is overwritten with overwrite_concurrent_edits: true (one PUT without _version)", async () => {
    const { id, inputs, outs } = await createdThenEditedInUi();
    const news = await checked({ ...family.args, ...family.change, overwrite_concurrent_edits: true }, inputs);
    const before = kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(kibana, before).map((c) => `${c.method} ${c.status}`)).toEqual(["PUT 200"]);
    expect(updated.outs).toMatchObject({ overwrite_concurrent_edits: true });
    const stored = await family.readBack();
    for (const [key, value] of Object.entries(family.change)) {
      if (key !== "value") expect(stored[key]).toEqual(value);
    }
    expect(stored).not.toMatchObject(family.edited);
  });
});

describe.each(families.map((f) => [f.name, f] as const))("%s: an update Kibana applied but whose answer was lost", (_name, family) => {
  const { provider } = family;
  beforeEach(async () => {
    kibana.reset();
    family.reset();
    await family.setup();
  });
  afterEach(() => kibana.setFaults([]));

  const { checked } = providerSteps(provider);

  it("is re-sent, and the re-send's 409 (its own write changed _version) is taken as applied once Kibana is read to hold it", async () => {
    const inputs = await checked(family.args);
    const { id, outs } = await provider.create(inputs);
    const news = await checked({ ...family.args, ...family.change }, inputs);
    kibana.setFaults([{ method: "PUT", phase: "after", reset: true, times: 1 }]);
    const before = kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(kibana, before).map((c) => `${c.method} ${c.status}`)).toEqual(["PUT 0", "PUT 409", "GET 200"]); // 0: the connection was reset after Kibana applied it;
    const stored = await family.readBack();
    expect(updated.outs._version).toBe(stored._version);
    for (const [key, value] of Object.entries(family.change)) {
      if (key !== "value") expect(stored[key]).toEqual(value);
    }
    expect(stored).not.toMatchObject(family.edited);
  });
});

describe("ValueListItems: an update over values changed in Kibana since the last read", () => {
  const { checked } = providerSteps(valueListItemsProvider);
  const args = { list_id: "scanners", type: "ip", values: ["10.0.0.1", "10.0.0.2", "10.0.0.3"] };
  const values = async () =>
    ((await kibanaFetch(kibana, "GET", "/api/lists/items/_find?list_id=scanners&per_page=100")).body.data as { value: string }[]).map((i) => i.value).sort();

  beforeEach(async () => {
    kibana.reset();
    await kibanaFetch(kibana, "POST", "/api/lists/index");
    await kibanaFetch(kibana, "POST", "/api/lists", { id: "scanners", name: "Scanners", description: "d", type: "ip" });
  });

  async function created(): Promise<{ id: string; inputs: Obj; outs: Obj }> {
    const inputs = await checked(args);
    const { id, outs } = await valueListItemsProvider.create(inputs);
    return { id, inputs, outs };
  }

  it("refuses to delete a value added in Kibana, naming it and the remedy; Kibana keeps both the edit and its other values", async () => {
    const { id, inputs, outs } = await created();
    expect((await kibanaFetch(kibana, "POST", "/api/lists/items", { list_id: "scanners", value: "10.9.9.9" })).status).toBe(200);
    const news = await checked({ ...args, values: [...args.values, "10.0.0.4"] }, inputs);
    await expect(valueListItemsProvider.update!(id, outs, news)).rejects.toThrow(
      /^ValueListItems of list "scanners" in space "default" was changed in Kibana since Pulumi last read it \(1 value\(s\) added that the program does not have: 10\.9\.9\.9\)\..*pulumi refresh.*overwrite_concurrent_edits: true/s,
    );
    expect(await values()).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.9.9.9"]);
  });

  it("refuses to import again a value of the program removed in Kibana", async () => {
    const { id, inputs, outs } = await created();
    const item = (await kibanaFetch(kibana, "GET", "/api/lists/items?list_id=scanners&value=10.0.0.2")).body[0];
    expect((await kibanaFetch(kibana, "DELETE", `/api/lists/items?id=${item.id}`)).status).toBe(200);
    const news = await checked({ ...args, values: ["10.0.0.1", "10.0.0.2"] }, inputs);
    await expect(valueListItemsProvider.update!(id, outs, news)).rejects.toThrow(/1 value\(s\) of the program removed: 10\.0\.0\.2/);
    expect(await values()).toEqual(["10.0.0.1", "10.0.0.3"]);
  });

  it("applies the program over such a change with overwrite_concurrent_edits: true", async () => {
    const { id, inputs, outs } = await created();
    await kibanaFetch(kibana, "POST", "/api/lists/items", { list_id: "scanners", value: "10.9.9.9" });
    const news = await checked({ ...args, values: [...args.values, "10.0.0.4"], overwrite_concurrent_edits: true }, inputs);
    const updated = await valueListItemsProvider.update!(id, outs, news);
    expect(updated.outs).toMatchObject({ values: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], overwrite_concurrent_edits: true });
    expect(await values()).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]);
  });
});
