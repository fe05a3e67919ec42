/**
 * Contract mode in a clone with nothing beside it: no ../shared, no ESAC_KIBANA_OPENAPI_DIR. The search for shared
 * data is replaced by one that finds nothing (and fails loudly if the bundles are asked for), so only the committed
 * snapshot can supply the contract. test/bin.test.ts does the same through the packaged bin from outside the repo.
 */
import { client, RULE_BODIES, RULES } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";
import { getContractEngine } from "./validator";

jest.mock("../shared-dir", () => ({
  findSharedDir: () => undefined,
  findOpenApiDir: () => {
    throw new Error("the bundles were asked for, but this clone has none");
  },
}));

describe("contract mode with no ../shared and ESAC_KIBANA_OPENAPI_DIR unset", () => {
  const saved = process.env.ESAC_KIBANA_OPENAPI_DIR;
  let emu: RunningEmulator;
  beforeAll(async () => {
    delete process.env.ESAC_KIBANA_OPENAPI_DIR;
    emu = await startEmulator({ port: 0, contract: true });
  });
  afterAll(async () => {
    await emu?.stop();
    if (saved !== undefined) process.env.ESAC_KIBANA_OPENAPI_DIR = saved;
  });

  it("checks against the committed snapshot", () => {
    expect(getContractEngine().describeSource()).toMatch(/^snapshot .*contract\/kibana-openapi\.snapshot\.json$/);
  });

  it("rejects a request the spec rejects and accepts a valid one", async () => {
    const c = client(emu);
    const bad = await c.post(RULES, { ...RULE_BODIES.query, severity: "extreme" });
    expect(bad.status).toBe(500);
    expect(bad.body.message).toMatch(/^Contract violation request POST \/api\/detection_engine\/rules: \/severity must be equal to one of the allowed values/);
    const good = await c.post(RULES, RULE_BODIES.query);
    expect(good.status).toBe(200);
    expect((await c.get(`${RULES}?id=${good.body.id}`)).status).toBe(200);
    expect(emu.violations()).toHaveLength(1);
  });
});
