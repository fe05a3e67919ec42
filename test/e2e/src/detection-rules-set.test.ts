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
  type SetState = { inputs?: { __esac_rule_sources?: Record<string, string> }; outputs?: { rules?: Record<string, string> } };
  /** The DetectionRules resource in the stack's state. */
  const recordedSet = async (stack: Awaited<ReturnType<E2EBench["stack"]>>): Promise<SetState | undefined> => {
    const state = await e2e.bench.exportState(stack);
    return (state.deployment.resources as (SetState & { type: string })[]).find((r) => r.type.endsWith(":DetectionRules"));
  };
  /** The set's entries in the state's outputs, by rule_id: digests while Kibana holds the program's rule, else Kibana's copy. */
  const recordedEntries = async (stack: Awaited<ReturnType<E2EBench["stack"]>>) => (await recordedSet(stack))?.outputs?.rules ?? {};

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

    // A refresh that finds no drift leaves the inputs as they are (read returns none): the check digests survive it,
    // and the next preview has nothing to do.
    await stack.refresh();
    expect(Object.keys((await recordedSet(stack))?.inputs?.__esac_rule_sources ?? {})).toHaveLength(COUNT);
    const { onEvent: onEventAfter, steps: stepsAfter } = stepCollector();
    mark = e2e.bench.mark();
    await stack.preview({ onEvent: onEventAfter });
    expect(changes(stepsAfter)).toEqual([]);
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
    const entriesBefore = await recordedEntries(stack);
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
    // The state records exactly what Kibana holds after the partial failure: the ten edits, not the refused rule (the
    // up and preview below, with no call and no change, show the recorded rules are the program's).
    const entries = await recordedEntries(stack);
    expect(Object.keys(entries).sort()).toEqual([...after.keys()].sort());
    const rerecorded = Object.keys(entries).filter((ruleId) => entries[ruleId] !== entriesBefore[ruleId]);
    expect(rerecorded.sort()).toEqual(
      [...after.values()]
        .filter((r) => r.severity === "high")
        .map((r) => r.rule_id)
        .sort(),
    );
    expect(Object.values(entries).every((entry) => entry.startsWith("sha256:"))).toBe(true);

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
