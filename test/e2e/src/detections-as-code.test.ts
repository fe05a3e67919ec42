import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { changes, E2EBench, EXAMPLES, stepCollector } from "./harness";

const SPACE = "soc";
const RULES = 12;

describe("examples/detections-as-code through the real Pulumi CLI", () => {
  let bench: E2EBench;
  let stack: Stack;

  beforeAll(async () => {
    bench = await E2EBench.start({ contract: true });
    stack = await bench.stack(join(EXAMPLES, "detections-as-code"));
  });

  afterAll(async () => {
    await bench?.close();
  });

  it("pulumi up creates every rule with one HTTP call each", async () => {
    const mark = bench.mark();
    const result = await stack.up();
    const calls = bench.callsSince(mark);
    expect(result.summary.resourceChanges).toEqual({ create: RULES + 1 });
    const rules = await bench.rules(SPACE);
    expect(rules.size).toBe(RULES);
    expect(new Set([...rules.values()].map((r) => r.type))).toEqual(
      new Set(["query", "saved_query", "eql", "esql", "threshold", "threat_match", "machine_learning", "new_terms"]),
    );
    expect(calls).toHaveLength(RULES);
    expect(calls.every((c) => c.method === "POST" && c.path === `/s/${SPACE}/api/detection_engine/rules`)).toBe(true);
    expect(bench.emulator.violations()).toEqual([]);
  });

  it("pulumi preview right after reports no changes and makes no HTTP call", async () => {
    const mark = bench.mark();
    const { steps, onEvent } = stepCollector();
    const result = await stack.preview({ onEvent });
    expect(changes(steps)).toEqual([]);
    expect(result.changeSummary).toEqual({ same: RULES + 1 });
    expect(bench.callsSince(mark)).toEqual([]);
  });

  it("pulumi refresh shows an out-of-band edit and deletion, and pulumi up restores both", async () => {
    const outputs = await stack.outputs();
    const deployed = outputs.detectionRules.value as Record<string, { rule_id: string }>;
    const edited = deployed["ssh-brute-force"].rule_id;
    const deleted = deployed["web-shell-spawn"].rule_id;
    const before = (await bench.rules(SPACE)).get(edited);

    const patch = await bench.kibana("PATCH", `/s/${SPACE}/api/detection_engine/rules`, { rule_id: edited, name: "renamed in the UI", tags: [] });
    expect(patch.status).toBe(200);
    expect((await bench.kibana("DELETE", `/s/${SPACE}/api/detection_engine/rules?rule_id=${deleted}`)).status).toBe(200);

    const mark = bench.mark();
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });
    // One paged _find serves every rule of the space: ceil(N/1000) + 2 at most.
    expect(bench.callsSince(mark).length).toBeLessThanOrEqual(Math.ceil(RULES / 1000) + 2);

    const { steps, onEvent } = stepCollector();
    const up = await stack.up({ onEvent });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, update: 1 });
    const update = changes(steps).find((s) => s.op === "update");
    expect(update?.name).toBe("ssh-brute-force");
    expect(update?.diffs).toEqual(expect.arrayContaining(["name", "tags"]));

    const after = await bench.rules(SPACE);
    expect(after.size).toBe(RULES);
    expect(after.get(edited)).toMatchObject({ name: before.name, tags: before.tags });
    expect(after.has(deleted)).toBe(true);
  });

  it("keeps the API key out of the stack state and of every serialized provider", async () => {
    const state = await bench.exportState(stack);
    const text = JSON.stringify(state);
    expect(text).toContain("kibana:apiKey");
    expect(text).toContain("ciphertext");
    expect(text).not.toContain(bench.emulator.apiKey);
    const resources = state.deployment.resources as { type: string; inputs?: Record<string, unknown> }[];
    const providers = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => String(r.inputs?.__provider));
    expect(providers).toHaveLength(RULES);
    for (const provider of providers) {
      expect(provider).not.toContain(bench.emulator.apiKey);
      expect(provider).not.toMatch(/ApiKey |KIBANA_API_KEY=|Basic [A-Za-z0-9+/=]{8}/);
    }
  });

  it("pulumi destroy leaves the emulator without rules", async () => {
    const mark = bench.mark();
    const result = await stack.destroy();
    const calls = bench.callsSince(mark);
    expect(result.summary.resourceChanges).toEqual({ delete: RULES + 1 });
    expect(calls).toHaveLength(RULES);
    expect(calls.every((c) => c.method === "DELETE")).toBe(true);
    expect((await bench.rules(SPACE)).size).toBe(0);
    expect(bench.emulator.violations()).toEqual([]);
  });
});
