import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { expectFailure, FIXTURES } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

const PROGRAM = join(FIXTURES, "rules-json");
const RULES = "/api/detection_engine/rules";

function queryRule(ruleId: string, extra: Record<string, unknown> = {}): { name: string; args: Record<string, unknown> } {
  return {
    name: ruleId,
    args: {
      rule_id: ruleId,
      type: "query",
      name: `Rule ${ruleId}`,
      description: `Fixture rule ${ruleId}`,
      severity: "low",
      risk_score: 21,
      index: ["logs-*"],
      query: "event.kind:alert",
      ...extra,
    },
  };
}

const IDS = ["ce-a", "ce-b", "ce-c", "ce-d"];

async function setRules(stack: Stack, extra: Record<string, unknown> = {}): Promise<void> {
  await stack.setConfig("fixture:rules", { value: JSON.stringify(IDS.map((id) => queryRule(id, extra))) });
}

const e2e = useE2EBench();

describe("a rule changed in Kibana after the last refresh, through the real CLI", () => {
  it("is not overwritten by `up`; refresh then up applies the program; the other rules update with one _find", async () => {
    const stack = await e2e.bench.stack(PROGRAM);
    await setRules(stack);
    await stack.up();

    const ui = await e2e.bench.kibana("PATCH", RULES, { rule_id: "ce-b", severity: "high", tags: ["analyst"] });
    expect(ui.status).toBe(200);
    await setRules(stack, { risk_score: 55 });
    const mark = e2e.bench.mark();
    // --continue-on-error: without it Pulumi starts no new step after the first failure, so how many of the other
    // rules get their update would depend on timing.
    const printed = await expectFailure(stack.up({ continueOnError: true }));
    expect(printed).toMatch(/DetectionRule rule_id "ce-b" in space "default" was changed in Kibana since Pulumi last read it \(revision 0 → 1; /);
    expect(printed).toMatch(/fields now different: severity, tags\)/);
    expect(printed).toMatch(/Run `pulumi refresh`.*then `pulumi up`.*`overwrite_concurrent_edits: true`/);
    const calls = e2e.bench.callsSince(mark);
    expect(calls.filter((c) => c.path === `${RULES}/_find`)).toHaveLength(1);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(IDS.length - 1);
    const afterRefused = await e2e.bench.rules("default");
    expect(afterRefused.get("ce-b")).toMatchObject({ severity: "high", tags: ["analyst"], risk_score: 21, revision: 1 });
    for (const id of ["ce-a", "ce-c", "ce-d"]) expect(afterRefused.get(id)).toMatchObject({ risk_score: 55 });

    await stack.refresh();
    await stack.up();
    expect((await e2e.bench.rules("default")).get("ce-b")).toMatchObject({ severity: "low", tags: [], risk_score: 55 });

    // That `up` listed the rules; the next `up` must not trust its listing: each runs its own provider process.
    await e2e.bench.kibana("PATCH", RULES, { rule_id: "ce-c", enabled: true });
    await setRules(stack, { risk_score: 56 });
    expect(await expectFailure(stack.up())).toMatch(
      /ce-c\W+ in space \W+default\W+ was changed in Kibana since Pulumi last read it \(revision 1 → 1; .*fields now different: enabled\)/,
    );
    expect((await e2e.bench.rules("default")).get("ce-c")).toMatchObject({ enabled: true, risk_score: 55 });
  });

  it("is overwritten when the rule opts in with overwrite_concurrent_edits: true, and never sent to Kibana", async () => {
    const stack = await e2e.bench.stack(PROGRAM);
    await stack.setConfig("fixture:rules", { value: JSON.stringify([queryRule("ce-opt", { overwrite_concurrent_edits: true })]) });
    await stack.up();
    await e2e.bench.kibana("PATCH", RULES, { rule_id: "ce-opt", severity: "high" });
    await stack.setConfig("fixture:rules", { value: JSON.stringify([queryRule("ce-opt", { overwrite_concurrent_edits: true, risk_score: 60 })]) });
    const mark = e2e.bench.mark();
    await stack.up();
    expect(e2e.bench.callsSince(mark)).toEqual([{ method: "PUT", path: RULES, status: 200 }]);
    const rule = (await e2e.bench.rules("default")).get("ce-opt");
    expect(rule).toMatchObject({ severity: "low", risk_score: 60 });
    expect(rule).not.toHaveProperty("overwrite_concurrent_edits");
  });
});
