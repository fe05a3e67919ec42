import * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "@esac/kibana-emulator";
import { providers } from "./providers";
import { stackConfigFor, startTestKibana } from "./test-support/emulator";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => { handler: () => pulumi.dynamic.ResourceProvider } = require("require-from-string");

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana({ apiKey: "S3CRET-emulator-api-key" });
});
afterAll(() => kibana.stop());

describe("the serialized provider (what Pulumi stores in state for every resource)", () => {
  it.each(Object.keys(providers))("%s is small, holds no credentials, and works when loaded like the host loads it", async (family) => {
    process.env.KIBANA_API_KEY = "ENV-S3CRET-should-not-be-captured";
    const provider = providers[family as keyof typeof providers];
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    delete process.env.KIBANA_API_KEY;

    expect(sf.text.length).toBeLessThanOrEqual(8 * 1024);
    expect(sf.containsSecrets).toBe(false);
    for (const secret of ["S3CRET", kibana.url]) expect(sf.text).not.toContain(secret);

    // The dynamic-provider host does `requireFromString(text).handler()` with cwd = the program directory.
    const loaded = requireFromString(sf.text).handler();
    await loaded.configure!(stackConfigFor(kibana) as never);
    if (family !== "DetectionRule") return;
    const rule = { name: "serialized", description: "d", risk_score: 1, severity: "low", type: "query", rule_id: "ser-1" };
    const { inputs } = await loaded.check!({}, rule);
    const { id, outs } = await loaded.create(inputs);
    expect(outs).toMatchObject({ rule_id: "ser-1", revision: 0 });
    const read = await loaded.read!(id, outs);
    expect(read.id).toBe(id);
    const news = (await loaded.check!(inputs, { ...rule, severity: "high", risk_score: 73 })).inputs;
    expect((await loaded.diff!(id, outs, news)).changes).toBe(true);
    const updated = await loaded.update!(id, outs, news);
    expect(updated.outs).toMatchObject({ severity: "high", revision: 1 });
    await loaded.delete!(id, updated.outs);
    expect(kibana.requests().map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200", "GET 200", "PUT 200", "DELETE 200"]);
  });
});
