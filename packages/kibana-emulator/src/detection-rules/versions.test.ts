/** Rule fields by Kibana release (KIBANA_FEATURES): what a release does not know is dropped, as its Zod schemas do. */
import { client, RULE_BODIES, RULES } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const negated = {
  ...RULE_BODIES.threat_match,
  rule_id: "negate",
  threat_mapping: [{ entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip", negate: true }] }],
};

describe.each([
  ["8.19", false],
  ["9.1", false],
  ["9.2", true],
  ["9.4", true],
])("threat_mapping[].entries[].negate on Kibana %s (threatMappingNegate: since 9.2, kibana PR #227084)", (version, kept) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, version });
  });
  afterAll(() => emu.stop());

  it(kept ? "is kept on create, PUT and PATCH" : "is dropped without an error on create, PUT and PATCH", async () => {
    const c = client(emu);
    const expected = kept ? { negate: true } : {};
    const entryOf = (rule: { threat_mapping: { entries: Record<string, unknown>[] }[] }) => rule.threat_mapping[0]!.entries[0];
    const base = { field: "destination.ip", type: "mapping", value: "threat.indicator.ip" };

    const created = await c.post(RULES, negated);
    expect(created.status).toBe(200);
    expect(entryOf(created.body)).toEqual({ ...base, ...expected });
    expect(entryOf((await c.put(RULES, negated)).body)).toEqual({ ...base, ...expected });
    expect(entryOf((await c.patch(RULES, { rule_id: "negate", threat_mapping: negated.threat_mapping })).body)).toEqual({ ...base, ...expected });
  });
});

// create_rules.ts "returns HTTP 400 error when there are more than 5 threshold fields provided": one message, the
// array branch's, in the release's wording (Zod 3 before 9.4, as the test file of that era asserts; Zod 4 from 9.4).
describe.each([
  ["8.19", "[request body]: threshold.field: Array must contain at most 5 element(s)"],
  ["9.4", "[request body]: threshold.field: Too big: expected array to have <=5 items"],
])("threshold with 6 fields on Kibana %s", (version, message) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, version });
  });
  afterAll(() => emu.stop());

  it(`is a Boom 400 "${message}"`, async () => {
    const r = await client(emu).post(RULES, { ...RULE_BODIES.threshold, threshold: { field: ["f1", "f2", "f3", "f4", "f5", "f6"], value: 1 } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ statusCode: 400, error: "Bad Request", message });
  });
});
