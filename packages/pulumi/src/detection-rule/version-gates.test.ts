import type { RunningEmulator } from "@esac/kibana-emulator";
import { clearKibanaStatusCache } from "@esac/kibana-client";
import { detectionRuleProvider as provider, resetRuleReadCache } from "./provider";
import { callsSince, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

// threat_mapping[].entries[].negate is Kibana 9.2+ (PR #227084; detection-rules PR #5041 min_stack_version 9.2.0):
// 8.19's rule schema strips it, so the entry silently becomes a positive match. Refused before any write.
let old: RunningEmulator;
let current: RunningEmulator;
beforeAll(async () => {
  [old, current] = await Promise.all([startTestKibana({ version: "8.19.17" }), startTestKibana({ version: "9.4.2" })]);
});
afterAll(() => Promise.all([old.stop(), current.stop()]));
beforeEach(() => {
  old.reset();
  current.reset();
  resetRuleReadCache();
  clearKibanaStatusCache();
});
afterEach(() => {
  expect(old.violations()).toEqual([]);
  expect(current.violations()).toEqual([]);
});

async function target(kibana: RunningEmulator, version?: string): Promise<void> {
  const { config } = stackConfigFor(kibana);
  await provider.configure!({ config: { get: (key: string) => (key === "kibana:version" ? version : config.get(key)) } } as never);
}

const indicatorRule = {
  rule_id: "ip-not-allowlisted",
  name: "Connection to a known-bad IP outside the allow-list",
  description: "Threat match with a negated entry",
  risk_score: 73,
  severity: "high",
  type: "threat_match",
  query: "destination.ip:*",
  index: ["logs-*"],
  threat_index: ["logs-ti_*"],
  threat_query: "@timestamp >= now-30d",
  threat_mapping: [
    {
      entries: [
        { field: "destination.ip", type: "mapping", value: "threat.indicator.ip" },
        { field: "destination.port", type: "mapping", value: "threat.indicator.port", negate: true },
      ],
    },
  ],
};
const { checked, created } = providerSteps(provider);
const writes = (kibana: RunningEmulator, from: number) => callsSince(kibana, from).filter((c) => c.method !== "GET");
const NEGATE_8_19 = "threat_mapping.0.entries.1.negate: not supported by Kibana 8.19";

describe("threat_mapping negate by Kibana version", () => {
  it("check with kibana:version 8.19 refuses it, naming the field and 9.2, with no HTTP call; 9.4 accepts it", async () => {
    await target(old, "8.19");
    const before = old.requests().length;
    const failures = (await provider.check!({}, indicatorRule)).failures ?? [];
    expect(failures).toEqual([
      {
        property: "",
        reason: "threat_mapping.0.entries.1.negate: not supported by Kibana 8.19.0: threat_mapping[].entries[].negate first appears in Kibana 9.2",
      },
    ]);
    expect(old.requests().length).toBe(before);
    await target(current, "9.4");
    expect((await provider.check!({}, indicatorRule)).failures).toBeUndefined();
  });

  it("without kibana:version, create on 8.19 reads /api/status and refuses before any write", async () => {
    await target(old);
    const inputs = await checked(indicatorRule);
    const from = old.requests().length;
    await expect(provider.create(inputs)).rejects.toThrow(`DetectionRule rule_id "ip-not-allowlisted" in space "default": ${NEGATE_8_19}.17`);
    expect(callsSince(old, from).map((c) => `${c.method} ${c.path}`)).toEqual(["GET /api/status"]);
  });

  it("on 9.4 the rule is created with the negated entry", async () => {
    await target(current);
    const { outs } = await created(indicatorRule);
    expect(outs.threat_mapping[0].entries[1]).toEqual({ field: "destination.port", type: "mapping", value: "threat.indicator.port", negate: true });
  });

  it("an update that adds negate on 8.19 is refused before the PUT; a rule without it needs no /api/status read", async () => {
    await target(old);
    const plain = { ...indicatorRule, threat_mapping: [{ entries: [indicatorRule.threat_mapping[0]!.entries[0]!] }] };
    const from = old.requests().length;
    const { id, outs } = await created(plain);
    expect(callsSince(old, from).some((c) => c.path === "/api/status")).toBe(false);
    const news: Obj = await checked(indicatorRule, outs);
    const beforeUpdate = old.requests().length;
    await expect(provider.update!(id, outs, news)).rejects.toThrow(NEGATE_8_19);
    expect(writes(old, beforeUpdate)).toEqual([]);
  });
});
