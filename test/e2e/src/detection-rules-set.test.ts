import { join } from "node:path";
import { changes, type E2EBench, expectFailure, FIXTURES, stepCollector } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

// Issue 14 item 1: many rules as one DetectionRules resource, through the real CLI.
const PROGRAM = join(FIXTURES, "detection-rules-set");
const COUNT = 200;
const RULES = "/api/detection_engine/rules";

describe("DetectionRules through the real Pulumi CLI", () => {
  const e2e = useE2EBench();

  const writes = (mark: number) => e2e.bench.callsSince(mark).filter((c) => c.method !== "GET");
  const kibanaRules = async () => e2e.bench.rules("default");
  /** The rules the stack's state holds for the DetectionRules resource (its outputs), by rule_id. */
  const recordedRules = async (stack: Awaited<ReturnType<E2EBench["stack"]>>) => {
    const state = await e2e.bench.exportState(stack);
    const set = (state.deployment.resources as { type: string; outputs?: { rules?: unknown } }[]).find((r) => r.type.endsWith(":DetectionRules"));
    const rules = (set?.outputs?.rules ?? {}) as Record<string, string>;
    return Object.fromEntries(Object.entries(rules).map(([ruleId, text]) => [ruleId, JSON.parse(text) as { severity?: string }]));
  };

  it("create, no-change preview, UI drift, a partial failure, destroy — writes in bulk only", async () => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:count": { value: String(COUNT) } });

    let mark = e2e.bench.mark();
    await stack.up();
    expect(writes(mark).map((c) => `${c.method} ${c.path.split("?")[0]} ${c.status}`)).toEqual([`POST ${RULES}/_import 200`]);
    expect((await kibanaRules()).size).toBe(COUNT);

    mark = e2e.bench.mark();
    const { onEvent, steps } = stepCollector();
    await stack.preview({ onEvent });
    expect(changes(steps)).toEqual([]);
    expect(e2e.bench.callsSince(mark)).toEqual([]);

    // Edited in the UI: refresh takes it in as drift, and up puts the program back with one import line.
    expect((await e2e.bench.kibana("PATCH", RULES, { rule_id: "set-0007", name: "Renamed in the UI" })).status).toBe(200);
    await stack.refresh();
    mark = e2e.bench.mark();
    await stack.up();
    expect(writes(mark).map((c) => `${c.method} ${c.path.split("?")[0]}`)).toEqual([`POST ${RULES}/_import`]);
    expect((await kibanaRules()).get("set-0007")?.name).toBe("Set rule 7");

    // Ten edits and one rule Kibana refuses: one import, the refused rule named, the ten applied.
    await stack.setAllConfig({
      "fixture:count": { value: String(COUNT) },
      "fixture:edited": { value: "10" },
      "fixture:severity": { value: "high" },
      "fixture:broken": { value: "true" },
    });
    mark = e2e.bench.mark();
    const printed = await expectFailure(stack.up());
    expect(printed).toMatch(/set-broken/);
    expect(writes(mark).map((c) => `${c.method} ${c.path.split("?")[0]}`)).toEqual([`POST ${RULES}/_import`]);
    const after = await kibanaRules();
    expect(
      [...after.values()]
        .filter((r) => r.severity === "high")
        .map((r) => r.rule_id)
        .sort(),
    ).toHaveLength(10);
    expect(after.has("set-broken")).toBe(false);
    // The state records exactly what Kibana holds after the partial failure: the ten edits, not the refused rule.
    const recorded = await recordedRules(stack);
    expect(Object.keys(recorded).sort()).toEqual([...after.keys()].sort());
    for (const [ruleId, rule] of after) expect(recorded[ruleId]?.severity).toBe(rule.severity);

    // Without the broken rule nothing is left to write. Pulumi still plans one update of a resource whose last
    // operation left init errors (step_generator.go: `hasInitErrors` turns the diff into an update); that update
    // finds no rule to change and makes no call.
    await stack.setConfig("fixture:broken", { value: "false" });
    mark = e2e.bench.mark();
    await stack.up();
    expect(e2e.bench.callsSince(mark)).toEqual([]);
    const esacSteps = (s: ReturnType<typeof changes>) => s.filter((step) => step.type.startsWith("pulumi-nodejs:dynamic/esac:"));
    const { onEvent: onEvent2, steps: steps2 } = stepCollector();
    mark = e2e.bench.mark();
    await stack.preview({ onEvent: onEvent2 });
    expect(esacSteps(changes(steps2))).toEqual([]);
    expect(e2e.bench.callsSince(mark)).toEqual([]);
    expect([...(await kibanaRules()).values()].filter((r) => r.severity === "high")).toHaveLength(10);

    mark = e2e.bench.mark();
    await stack.destroy();
    expect(writes(mark).map((c) => `${c.method} ${c.path.split("?")[0]}`)).toEqual([`POST ${RULES}/_bulk_action`]);
    expect((await kibanaRules()).size).toBe(0);
  });
});
