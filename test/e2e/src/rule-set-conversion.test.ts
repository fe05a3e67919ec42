import { join } from "node:path";
import { type E2EBench, FIXTURES } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

// Issue 14 item 1: converting a rule set between DetectionRule resources and one DetectionRules, both ways, costs no
// recreation: each rule keeps its Kibana id, and Kibana sees no write at all (README "Converting between
// DetectionRule and DetectionRules").
const PROGRAM = join(FIXTURES, "rule-set-conversion");
const COUNT = 20;

describe("converting between DetectionRule and DetectionRules through the real Pulumi CLI", () => {
  const e2e = useE2EBench();

  const writes = (mark: number) => e2e.bench.callsSince(mark).filter((c) => c.method !== "GET");
  /** Kibana's saved-object id of each rule, by rule_id: unchanged ids mean no rule was recreated. */
  const kibanaIds = async () => new Map([...(await e2e.bench.rules("default"))].map(([ruleId, rule]) => [ruleId, rule.id as string]));
  const esacTypes = async (stack: Awaited<ReturnType<E2EBench["stack"]>>) => {
    const state = await e2e.bench.exportState(stack);
    return (state.deployment.resources as { type: string }[]).map((r) => r.type.split(":").pop()).filter((t) => t?.startsWith("DetectionRule"));
  };

  /**
   * The README's two steps, each checked to write nothing: retainOnDelete on the form being left, then the other form
   * with adopt (and without retainOnDelete: the engine reads it for the removed form from the state), which takes the
   * rules by rule_id as they are while the old form leaves the state without a DELETE. The rules keep their ids.
   */
  async function convertTo(stack: Awaited<ReturnType<E2EBench["stack"]>>, form: "singular" | "plural", ids: Map<string, string>): Promise<void> {
    await stack.setConfig("fixture:retain", { value: "true" });
    let mark = e2e.bench.mark();
    await stack.up();
    expect(writes(mark)).toEqual([]);
    await stack.setAllConfig({
      "fixture:count": { value: String(COUNT) },
      "fixture:form": { value: form },
      "fixture:adopt": { value: "true" },
      "fixture:retain": { value: "false" },
    });
    mark = e2e.bench.mark();
    await stack.up();
    expect(writes(mark)).toEqual([]);
    expect(await kibanaIds()).toEqual(ids);
  }

  it("singular to plural and back: no write, no recreation, and the last form still owns the rules", async () => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:count": { value: String(COUNT) }, "fixture:form": { value: "singular" } });
    await stack.up();
    const ids = await kibanaIds();
    expect(ids.size).toBe(COUNT);

    await convertTo(stack, "plural", ids);
    expect(await esacTypes(stack)).toEqual(["DetectionRules"]);
    const mark = e2e.bench.mark();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(e2e.bench.callsSince(mark)).toEqual([]);

    await convertTo(stack, "singular", ids);
    expect(await esacTypes(stack)).toHaveLength(COUNT);

    // The singular resources own the rules again: destroy deletes every one.
    await stack.destroy();
    expect((await kibanaIds()).size).toBe(0);
  });
});
