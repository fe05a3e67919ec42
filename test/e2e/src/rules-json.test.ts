import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { changes, expectFailure, FIXTURES, stepCollector } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

const PROGRAM = join(FIXTURES, "rules-json");
const RULES = "/api/detection_engine/rules";

interface RuleSpec {
  name: string;
  args: Record<string, unknown>;
}

function queryRule(ruleId: string, extra: Record<string, unknown> = {}): RuleSpec {
  return {
    name: ruleId,
    args: {
      rule_id: ruleId,
      type: "query",
      language: "kuery",
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

async function setRules(stack: Stack, rules: RuleSpec[]): Promise<void> {
  await stack.setConfig("fixture:rules", { value: JSON.stringify(rules) });
}

const e2e = useE2EBench();

describe("program edits through the real CLI", () => {
  it("previews a field edit as an update and a rule_id change as a replacement, then applies both", async () => {
    const stack = await e2e.bench.stack(PROGRAM);
    await setRules(stack, [queryRule("edit-a"), queryRule("edit-b")]);
    await stack.up();
    const before = await e2e.bench.rules("default");

    await setRules(stack, [queryRule("edit-a", { name: "Renamed", tags: ["t1"] }), { ...queryRule("edit-b2"), name: "edit-b" }]);
    const mark = e2e.bench.mark();
    const { steps, onEvent } = stepCollector();
    await stack.preview({ onEvent });
    expect(e2e.bench.callsSince(mark)).toEqual([]);
    const planned = Object.fromEntries(changes(steps).map((s) => [s.name, s]));
    expect(planned["edit-a"]).toMatchObject({ op: "update" });
    expect(planned["edit-a"].diffs).toEqual(["name", "tags"]);
    expect(planned["edit-b"].op).toMatch(/replace/);

    const upMark = e2e.bench.mark();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, replace: 1 });
    // The update checks for a concurrent edit against one listing of the space (one _find per space per `up`) before
    // its PUT; the replacement deletes the old rule before it creates the new one. Update and replacement run
    // concurrently, so only those two orders are fixed.
    const calls = e2e.bench.callsSince(upMark);
    const rules = (method: string, path = RULES) => ({ method, path, status: 200 });
    expect([...calls].sort((a, b) => a.method.localeCompare(b.method))).toEqual([rules("DELETE"), rules("GET", `${RULES}/_find`), rules("POST"), rules("PUT")]);
    const at = (method: string) => calls.findIndex((c) => c.method === method);
    expect(at("GET")).toBeLessThan(at("PUT"));
    expect(at("DELETE")).toBeLessThan(at("POST"));

    const after = await e2e.bench.rules("default");
    expect(after.get("edit-a")).toMatchObject({ name: "Renamed", tags: ["t1"], id: before.get("edit-a").id });
    expect(after.has("edit-b")).toBe(false);
    expect(after.has("edit-b2")).toBe(true);
    await stack.destroy();
    expect((await e2e.bench.rules("default")).size).toBe(0);
  });
});

describe("adopting existing rules", () => {
  it("fails with instructions without adopt, and takes the rule over with adopt: true", async () => {
    const existing = await e2e.bench.kibana("POST", "/api/detection_engine/rules", { ...queryRule("pre-existing").args, name: "Made by hand" });
    expect(existing.status).toBe(200);

    const stack = await e2e.bench.stack(PROGRAM);
    await setRules(stack, [queryRule("pre-existing", { name: "Managed by esac" })]);
    const text = await expectFailure(stack.up());
    expect(text).toContain('rule_id "pre-existing" in space "default" already exists');
    expect(text).toContain("adopt: true");
    expect((await e2e.bench.rules("default")).get("pre-existing").name).toBe("Made by hand");

    await setRules(stack, [queryRule("pre-existing", { name: "Managed by esac", adopt: true })]);
    await stack.up();
    const adopted = (await e2e.bench.rules("default")).get("pre-existing");
    expect(adopted).toMatchObject({ name: "Managed by esac", id: existing.body.id });

    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    await stack.destroy();
    expect((await e2e.bench.rules("default")).has("pre-existing")).toBe(false);
  });
});

describe("bad input", () => {
  it.each([
    ["risk_score above 100", queryRule("bad-risk", { risk_score: 150 }), "risk_score"],
    ["an eql rule without a query", { name: "bad-eql", args: { ...queryRule("bad-eql").args, type: "eql", language: "eql", query: undefined } }, "query"],
  ])("%s fails at preview naming the field, and Kibana receives nothing", async (_label, rule, field) => {
    const stack = await e2e.bench.stack(PROGRAM);
    await setRules(stack, [rule as RuleSpec]);
    const mark = e2e.bench.mark();
    const text = await expectFailure(stack.preview());
    expect(text).toMatch(new RegExp(`${field}\\b`));
    expect(text).toContain((rule as RuleSpec).name);
    expect(e2e.bench.callsSince(mark)).toEqual([]);
  });

  it("names every problem of a rule at once: exact path, value, and the nearest known key — never a secret", async () => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:connection": { value: JSON.stringify("conn-S3cret-value"), secret: true } });
    const threat = [{ framework: "MITRE ATT&CK", tactic: { id: 5, name: "Execution", reference: "https://attack.mitre.org/tactics/TA0002/" } }];
    await setRules(stack, [queryRule("many-problems", { max_signal: 5, risk_score: 150, threat })]);
    const mark = e2e.bench.mark();
    const text = await expectFailure(stack.preview());
    expect(text).toContain("max_signal: unknown argument; did you mean `max_signals`? (value: 5)");
    expect(text).toContain("threat.0.tactic.id: Invalid input: expected string, received number (value: 5)");
    expect(text).toContain("risk_score: Too big: expected number to be <=100 (value: 150)");
    expect(text).toContain("connection: must be an object with endpoint and credentials (value not shown: secret)");
    expect(text).not.toContain("conn-S3cret-value");
    expect(text).not.toMatch(/\(resource\)|\{<nil>\}/);
    expect(e2e.bench.callsSince(mark)).toEqual([]);
  });
});

describe("no endpoint or credentials anywhere", () => {
  it("preview warns naming the three places; up fails with the same advice before calling Kibana", async () => {
    const stack = await e2e.bench.stack(PROGRAM);
    await stack.removeAllConfig(["kibana:endpoint", "kibana:apiKey"]);
    await setRules(stack, [queryRule("unconfigured")]);
    const mark = e2e.bench.mark();
    const preview = await stack.preview();
    const places = [
      /No Kibana endpoint or credentials configured/,
      /the resource's `connection` argument/,
      /pulumi config set kibana:endpoint/,
      /KIBANA_ENDPOINT and KIBANA_API_KEY/,
    ];
    for (const place of places) expect(preview.stdout).toMatch(place);
    expect(preview.stdout).toMatch(/warning: No Kibana endpoint or credentials configured/);
    const text = await expectFailure(stack.up());
    for (const place of places) expect(text).toMatch(place);
    expect(e2e.bench.callsSince(mark)).toEqual([]);
  });
});

describe("per-resource connection", () => {
  it("reaches Kibana through the connection arg and keeps its API key out of the state", async () => {
    // Stack config points nowhere: only the resource's own connection can work.
    const stack = await e2e.bench.stack(PROGRAM, {
      "kibana:endpoint": { value: "http://127.0.0.1:9" },
      "fixture:connection": { value: JSON.stringify({ endpoint: e2e.bench.emulator.url, apiKey: e2e.bench.emulator.apiKey }), secret: true },
    });
    await setRules(stack, [queryRule("via-connection")]);
    await stack.up();
    expect((await e2e.bench.rules("default")).has("via-connection")).toBe(true);

    const text = JSON.stringify(await e2e.bench.exportState(stack));
    expect(text).not.toContain(e2e.bench.emulator.apiKey);
    await stack.destroy();
    expect((await e2e.bench.rules("default")).has("via-connection")).toBe(false);
  });
});
