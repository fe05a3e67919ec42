import { detectionRuleProvider as provider, resetRuleReadCache } from "./provider";
import { RULE_SOURCE_KEY, ruleSourceOf } from "./check-memo";
import { kibanaFetch, stackConfigFor, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";

const emulator = useTestKibana(provider, resetRuleReadCache);

/** Points the provider at the test Kibana with extra stack config (esac:customFields…). */
async function configure(extra: Record<string, string> = {}): Promise<void> {
  const { config } = stackConfigFor(emulator.kibana);
  await provider.configure!({ config: { get: (key: string) => extra[key] ?? config.get(key) } } as never);
}
beforeEach(() => configure());

const rule = {
  rule_id: "memo-rule",
  name: "Shells",
  description: "d",
  risk_score: 21,
  severity: "low",
  type: "query",
  query: "process.name:sh",
  index: ["logs-*"],
};
const { checked, created } = providerSteps(provider);

describe("DetectionRule check memo", () => {
  it("takes the state's checked inputs when the program's inputs, esac and the check's config are unchanged", async () => {
    const first = await checked(rule);
    expect(first[RULE_SOURCE_KEY]).toBe(ruleSourceOf(rule));
    // Marked so the test can tell the state's inputs from a new check's.
    const state = { ...first, note: "from the state" };
    expect((await checked(rule, state)).note).toBe("from the state");
    // Any change to the program's inputs checks again.
    const changed = await checked({ ...rule, description: "changed" }, state);
    expect(changed.note).toBeUndefined();
    expect(changed.description).toBe("changed");
    expect(changed[RULE_SOURCE_KEY]).not.toBe(first[RULE_SOURCE_KEY]);
  });

  it("leaves unchanged inputs as the state holds them, with a stale digest or none (no state write after an upgrade)", async () => {
    const first = await checked(rule);
    const { [RULE_SOURCE_KEY]: _digest, ...beforeDigests } = first;
    expect(await checked(rule, beforeDigests)).toEqual(beforeDigests);
    const stale = { ...first, [RULE_SOURCE_KEY]: "digest of an older esac" };
    expect(await checked(rule, stale)).toEqual(stale);
    // An edited rule's inputs change anyway: it gets the current digest.
    expect((await checked({ ...rule, severity: "high" }, stale))[RULE_SOURCE_KEY]).toBe(ruleSourceOf({ ...rule, severity: "high" }));
  });

  it("checks again when the stack config the check reads changes", async () => {
    const state = { ...(await checked(rule)), note: "from the state" };
    await configure({ "esac:customFields": "custom.*" });
    const again = await checked(rule, state);
    expect(again.note).toBeUndefined();
    expect(again[RULE_SOURCE_KEY]).not.toBe(state[RULE_SOURCE_KEY]);
  });

  it("carries the program's connection, which the digest is not made from", async () => {
    const connection = (apiKey: string) => ({ endpoint: "https://kibana.example:5601", apiKey });
    expect(ruleSourceOf({ ...rule, connection: connection("first") })).toBe(ruleSourceOf({ ...rule, connection: connection("second") }));
    const state = { ...(await checked({ ...rule, connection: connection("first") })), note: "from the state" };
    const reused = await checked({ ...rule, connection: connection("second") }, state);
    expect(reused.note).toBe("from the state");
    expect(reused.connection).toEqual(connection("second"));
    const bad = await provider.check!(state, { ...rule, connection: { endpoint: "kibana.example", apiKey: "third" } });
    expect((bad.failures ?? []).map((f) => f.reason)).toEqual([expect.stringMatching(/^connection\.endpoint: must be an http\(s\) URL/)]);
    const without = await checked(rule, state);
    expect(without.note).toBe("from the state");
    expect(without).not.toHaveProperty("connection");
  });

  it("does not reuse a failed check, and keeps the digest out of Kibana's rule", async () => {
    const failed = await provider.check!({}, { ...rule, risk_score: 150 });
    expect(failed.failures?.length).toBeGreaterThan(0);
    expect(failed.inputs).not.toHaveProperty(RULE_SOURCE_KEY);
    const { inputs } = await created(rule);
    expect(inputs).toHaveProperty(RULE_SOURCE_KEY);
    const { body: stored } = await kibanaFetch(emulator.kibana, "GET", "/api/detection_engine/rules?rule_id=memo-rule");
    expect(stored.rule_id).toBe("memo-rule");
    expect(JSON.stringify(stored)).not.toContain(RULE_SOURCE_KEY);
  });
});
