import { join } from "node:path";
import { expectFailure, FIXTURES } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

// Issue 15: broken queries fail at `pulumi preview` (naming the argument, line and column) and Kibana is not called;
// a look-back gap or a field outside ECS is a warning that does not stop the rule from being created.
const PROGRAM = join(FIXTURES, "query-checks");

describe("query checks through the real Pulumi CLI", () => {
  const e2e = useE2EBench();

  it.each([
    ["kql", /query: KQL syntax error at line 1, column 19: expected "\)"/],
    ["eql", /query: EQL syntax error at line 1, column 18: /],
    ["esql", /query: ES\|QL syntax error at line 1, column 6: expected an index pattern but found \|/],
  ])("a broken %s query fails preview and up before any call to Kibana", async (kind, expected) => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:case": { value: kind } });
    const mark = e2e.bench.mark();
    expect(await expectFailure(stack.preview())).toMatch(expected);
    expect(await expectFailure(stack.up())).toMatch(expected);
    expect(e2e.bench.callsSince(mark).filter((c) => c.method !== "GET")).toEqual([]);
    expect((await e2e.bench.rules("default")).has(`qc-${kind}`)).toBe(false);
  });

  it.each([
    ["gap", /qc-gap.*from: .*"now-6m".*"1h"/],
    ["field", /qc-field.*query: field "process\.nmae" is not in ECS/],
    ["set", /2 query warning\(s\):\n\s*rule_id "qc-gap": from: .*"now-6m".*"1h".*\n\s*rule_id "qc-set": query: field "process\.nmae" is not in ECS/],
  ])("a %s warning is printed at preview and the rule is still created", async (kind, expected) => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:case": { value: kind } });
    const preview = await stack.preview();
    expect(preview.stdout).toMatch(expected);
    await stack.up();
    expect((await e2e.bench.rules("default")).has(`qc-${kind}`)).toBe(true);
    await stack.destroy();
  });
});
