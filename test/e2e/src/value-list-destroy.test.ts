import { join } from "node:path";
import { FIXTURES } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

/** As many values as the issue measured (12,000 values took 12,103 calls to destroy). */
const VALUES = Number(process.env.ESAC_E2E_LIST_VALUES ?? 12000);
const PROGRAM = join(FIXTURES, "value-list-destroy");
const LIST = "destroy-ips";

describe("ValueListItems destroy through the real Pulumi CLI", () => {
  const e2e = useE2EBench();

  const calls = (mark: number) => e2e.bench.callsSince(mark).map((c) => `${c.method} ${c.path.split("?")[0]}`);
  const countOf = (list: string[], call: string) => list.filter((c) => c === call).length;
  const itemCount = async (space: string) => (await e2e.bench.kibana("GET", `/s/${space}/api/lists/items/_find?list_id=${LIST}&per_page=1`)).body?.total;

  it("destroying the list with its values makes no item call: the list's one DELETE removes them", async () => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:valueCount": { value: String(VALUES) }, "fixture:space": { value: "together" } });
    await stack.up();
    expect(await itemCount("together")).toBe(VALUES);

    const mark = e2e.bench.mark();
    const started = performance.now();
    const destroy = await stack.destroy();
    const seconds = (performance.now() - started) / 1000;
    const made = calls(mark);
    console.log(`destroy list + ${VALUES} values: ${made.length} calls (${made.join(", ")}), ${seconds.toFixed(1)} s`);
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    expect(made.filter((c) => c.includes("/api/lists/items"))).toEqual([]);
    expect(made).toEqual(["DELETE /s/together/api/lists"]);
    expect((await e2e.bench.kibana("GET", `/s/together/api/lists?id=${LIST}`)).status).toBe(404);
    // The items went with the list: Kibana's delete of a list deletes its items (delete_list.ts).
    expect((await e2e.bench.kibana("GET", `/s/together/api/lists/items/_find?list_id=${LIST}`)).status).toBe(404);
  });

  it("destroying the values alone (the list stays) deletes every one of them, one call per item after the paged read", async () => {
    const stack = await e2e.bench.stack(PROGRAM, { "fixture:valueCount": { value: String(VALUES) }, "fixture:space": { value: "alone" } });
    await stack.up();
    await stack.setConfig("fixture:withItems", { value: "false" });

    const mark = e2e.bench.mark();
    const started = performance.now();
    const up = await stack.up();
    const seconds = (performance.now() - started) / 1000;
    const made = calls(mark);
    const pages = Math.ceil(VALUES / 5000);
    console.log(
      `destroy ${VALUES} values, list kept: ${made.length} calls (${pages} _find, ${countOf(made, "DELETE /s/alone/api/lists/items")} DELETE), ${seconds.toFixed(1)} s`,
    );
    expect(up.summary.resourceChanges).toMatchObject({ delete: 1, same: 2 });
    expect(countOf(made, "GET /s/alone/api/lists/items/_find")).toBe(pages);
    expect(countOf(made, "DELETE /s/alone/api/lists/items")).toBe(VALUES);
    expect(made.length).toBe(pages + VALUES);
    // No orphan value is left in the list that stays.
    expect(await itemCount("alone")).toBe(0);
    expect((await e2e.bench.kibana("GET", `/s/alone/api/lists?id=${LIST}`)).status).toBe(200);
    await stack.destroy();
  });
});
