import { execFile, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { FaultEvent, FaultRule } from "@esac/kibana-emulator";
import type { Stack } from "@pulumi/pulumi/automation";
import { changes, expectFailure, failureText, FIXTURES, stepCollector } from "./harness";
import { useE2EBench } from "./use-e2e-bench";

// Issue 10 item 6: each fault case through the real CLI, then Kibana's contents checked object by object.
const PROGRAM = join(FIXTURES, "faults");
const EXPLICIT_RULE_ID = "faults-explicit";
const VALUE_COUNT = 50;
const RULES = "/api/detection_engine/rules";

/** The create route of every family the fixture uses. */
const CREATE_ROUTES: { family: string; path: string }[] = [
  { family: "DetectionRule", path: RULES },
  { family: "ExceptionList", path: "/api/exception_lists" },
  { family: "ExceptionListItem", path: "/api/exception_lists/items" },
  { family: "ValueList", path: "/api/lists" },
  { family: "ValueListItems", path: "/api/lists/items/_import" },
  { family: "Connector", path: "/api/actions/connector/*" },
  { family: "FleetServerHost", path: "/api/fleet/fleet_server_hosts" },
];
/** Objects the fixture makes, per family (value list items counted one per value). */
const EXPECTED: Record<string, number> = {
  DetectionRule: 2,
  ExceptionList: 1,
  ExceptionListItem: 1,
  ValueList: 1,
  ValueListItem: VALUE_COUNT,
  Connector: 1,
  FleetServerHost: 1,
};

interface KibanaObject {
  family: string;
  id: string;
  /** The key two copies of one object would share (rule_id, list_id, item_id, value, name). */
  key: string;
}

interface Tally {
  objects: number;
  duplicates: number;
  orphans: number;
  lost: number;
}

const e2e = useE2EBench();
beforeEach(() => {
  e2e.bench.emulator.setFaults([]);
  e2e.bench.emulator.reset();
});

async function get(path: string): Promise<any> {
  const { status, body } = await e2e.bench.kibana("GET", path);
  if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Every object in Kibana of the families the fixture uses. */
async function kibanaObjects(): Promise<KibanaObject[]> {
  const out: KibanaObject[] = [];
  for (const rule of (await e2e.bench.rules("default")).values()) out.push({ family: "DetectionRule", id: rule.id, key: rule.rule_id });
  const lists = await get("/api/exception_lists/_find?namespace_type=single&per_page=1000");
  for (const list of lists.data) {
    out.push({ family: "ExceptionList", id: list.id, key: list.list_id });
    const items = await get(`/api/exception_lists/items/_find?list_id=${list.list_id}&namespace_type=single&per_page=1000`);
    for (const item of items.data) out.push({ family: "ExceptionListItem", id: item.id, key: item.item_id });
  }
  for (const list of (await get("/api/lists/_find?per_page=1000")).data) {
    out.push({ family: "ValueList", id: list.id, key: list.id });
    const items = await get(`/api/lists/items/_find?list_id=${list.id}&per_page=1000`);
    for (const item of items.data) out.push({ family: "ValueListItem", id: item.id, key: `${list.id}/${item.value}` });
  }
  for (const c of await get("/api/actions/connectors")) out.push({ family: "Connector", id: c.id, key: c.name });
  for (const h of (await get("/api/fleet/fleet_server_hosts")).items) out.push({ family: "FleetServerHost", id: h.id, key: h.name });
  return out;
}

/** Ids and list values the stack's state holds, as `family id` / `ValueListItem list/value`. */
async function stateKeys(stack: Stack): Promise<Set<string>> {
  const state = await e2e.bench.exportState(stack);
  const keys = new Set<string>();
  for (const r of state.deployment.resources ?? []) {
    const family = String(r.type).split(":").pop();
    if (!String(r.type).startsWith("pulumi-nodejs:dynamic/esac:")) continue;
    if (family === "ValueListItems") {
      for (const value of r.outputs.values ?? []) keys.add(`ValueListItem ${r.outputs.list_id}/${value}`);
    } else keys.add(`${family} ${r.id}`);
  }
  return keys;
}

/** Counts Kibana's objects against the fixture and the stack's state; `ignore` are objects the stack never owned. */
async function tally(stack: Stack, ignore: string[] = [], expected: Record<string, number> = EXPECTED): Promise<Tally & { perFamily: Record<string, number> }> {
  const objects = (await kibanaObjects()).filter((o) => !ignore.includes(o.id));
  const inState = await stateKeys(stack);
  const perFamily: Record<string, number> = {};
  const seen = new Map<string, number>();
  let orphans = 0;
  for (const o of objects) {
    perFamily[o.family] = (perFamily[o.family] ?? 0) + 1;
    const k = `${o.family} ${o.key}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
    const stateKey = o.family === "ValueListItem" ? `ValueListItem ${o.key}` : `${o.family} ${o.id}`;
    if (!inState.has(stateKey)) orphans++;
  }
  const duplicates = [...seen.values()].reduce((n, count) => n + count - 1, 0);
  const lost = Object.entries(expected).reduce((n, [family, want]) => n + Math.max(0, want - distinct(seen, family)), 0);
  return { objects: objects.length, duplicates, orphans, lost, perFamily };
}

function distinct(seen: Map<string, number>, family: string): number {
  return [...seen.keys()].filter((k) => k.startsWith(`${family} `)).length;
}

function line(name: string, before: Tally, after: Tally, extra: string): string {
  const t = (x: Tally) => `objects ${x.objects}, duplicates ${x.duplicates}, orphans ${x.orphans}, lost ${x.lost}`;
  return `faults: ${name}: before convergence ${t(before)}; after ${t(after)}; ${extra}`;
}

async function expectConverged(stack: Stack): Promise<void> {
  const { onEvent, steps } = stepCollector();
  await stack.preview({ onEvent });
  expect(changes(steps)).toEqual([]);
}

function expectClean(t: Tally & { perFamily: Record<string, number> }): void {
  expect(t).toMatchObject({ duplicates: 0, orphans: 0, lost: 0 });
  expect(t.perFamily).toEqual(EXPECTED);
}

/** Requests that reached a create route and were applied (2xx), with the number whose answer was lost. */
function createCounts(mark: number): { creates: number; lostAnswers: number } {
  const requests = e2e.bench.emulator.requests().slice(mark);
  const isCreate = (path: string) =>
    CREATE_ROUTES.some((r) => (r.path.endsWith("*") ? path.startsWith(r.path.slice(0, -1)) : path.replace(/^\/s\/[^/]+/, "") === r.path));
  let creates = 0;
  let lostAnswers = 0;
  for (const r of requests) {
    if (r.method !== "POST" || !isCreate(r.path)) continue;
    const applied = r.faults?.find((f) => f.appliedStatus !== undefined)?.appliedStatus ?? r.status;
    if (applied >= 200 && applied < 300) creates++;
    if (r.faults?.some((f) => f.outcome === "reset")) lostAnswers++;
  }
  return { creates, lostAnswers };
}

/** Distinct `[esac] … taken back` messages (the CLI prints each diagnostic twice). */
const takenBack = (printed: string) => new Set(printed.match(/\[esac\][^\n]*taken back/g) ?? []).size;

function fixtureStack(config: Record<string, string> = {}): Promise<Stack> {
  const all = { "fixture:ruleId": EXPLICIT_RULE_ID, "fixture:valueCount": String(VALUE_COUNT), ...config };
  return e2e.bench.stack(PROGRAM, Object.fromEntries(Object.entries(all).map(([k, value]) => [k, { value }])), "faults");
}

/** The process and all its descendants (the language host, the program, the dynamic-provider plugins). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after its last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we listed.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** SIGKILL to the `pulumi` process group and to every descendant (plugins may run in other groups). */
function killPulumi(pid: number): number {
  const tree = processTree(pid);
  for (const target of [-pid, ...tree]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return tree.length;
}

async function pulumiCli(stack: Stack, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)("pulumi", [...args, "--stack", stack.name, "--non-interactive"], {
    cwd: PROGRAM,
    env: { ...process.env, ...e2e.bench.env },
    maxBuffer: 1 << 28,
  });
  return stdout + stderr;
}

describe("fault injection through the real CLI: Kibana's contents object by object", () => {
  it("ambiguous creates: every create route loses its answer once after Kibana applied it; one object each", async () => {
    const stack = await fixtureStack();
    e2e.bench.emulator.setFaults(CREATE_ROUTES.map(({ path }): FaultRule => ({ method: "POST", path, phase: "after", reset: true, times: 1 })));
    const mark = e2e.bench.mark();
    let printed: string;
    let firstUp = "succeeded";
    try {
      const result = await stack.up();
      printed = result.stdout + result.stderr;
    } catch (error) {
      firstUp = "failed";
      printed = failureText(error);
    }
    const counts = createCounts(mark);
    expect(counts.lostAnswers).toBe(CREATE_ROUTES.length);
    const before = await tally(stack);
    if (firstUp === "failed") {
      e2e.bench.emulator.setFaults([]);
      const result = await stack.up();
      printed += result.stdout + result.stderr;
    }
    const after = await tally(stack);
    expectClean(after);
    await expectConverged(stack);
    console.log(
      line(
        "ambiguous-creates",
        before,
        after,
        `first up ${firstUp}, lost answers ${counts.lostAnswers}, creates ${counts.creates}, taken back ${takenBack(printed)}`,
      ),
    );
    // Every lost answer was resolved by taking the object found, never by a second create.
    expect(before.duplicates).toBe(0);
  });

  it("a colleague's rule under the program's rule_id plus a lost create answer: the up fails with the adopt advice, the rule untouched through up and destroy", async () => {
    const colleague = await e2e.bench.kibana("POST", RULES, {
      rule_id: EXPLICIT_RULE_ID,
      type: "query",
      name: "Colleague's rule",
      description: "Made in the Kibana UI",
      severity: "high",
      risk_score: 73,
      index: ["logs-*"],
      query: "event.kind:event",
    });
    expect(colleague.status).toBe(200);
    const stack = await fixtureStack();
    e2e.bench.emulator.setFaults([{ method: "POST", path: RULES, phase: "after", reset: true, times: 2 }]);
    const mark = e2e.bench.mark();
    const printed = await expectFailure(stack.up());
    expect(printed).toMatch(new RegExp(`${EXPLICIT_RULE_ID}[\\s\\S]*adopt: true`));
    const counts = createCounts(mark);
    const before = await tally(stack, [colleague.body.id]);
    const untouched = async () => {
      const now = (await e2e.bench.rules("default")).get(EXPLICIT_RULE_ID);
      const fields = ["id", "name", "severity", "risk_score", "revision", "updated_at", "meta"] as const;
      expect(now && Object.fromEntries(fields.map((f) => [f, now[f]]))).toEqual(Object.fromEntries(fields.map((f) => [f, colleague.body[f]])));
    };
    await untouched();

    e2e.bench.emulator.setFaults([]);
    // The program cannot own that rule_id: with --continue-on-error every other object converges, that rule keeps failing.
    expect(await expectFailure(stack.up({ continueOnError: true }))).toMatch(/adopt: true/);
    const after = await tally(stack, [colleague.body.id]);
    expect(after).toMatchObject({ duplicates: 0, orphans: 0, lost: 1 });
    expect(after.perFamily).toEqual({ ...EXPECTED, DetectionRule: 1 });
    await untouched();

    await stack.destroy();
    await untouched();
    expect((await kibanaObjects()).map((o) => o.id)).toEqual([colleague.body.id]);
    console.log(
      line(
        "foreign-key",
        before,
        after,
        `lost answers ${counts.lostAnswers}, creates ${counts.creates}, colleague's rule untouched after up and destroy, objects left after destroy 1 (the colleague's)`,
      ),
    );
  });

  it("slow answers: a rule PUT, a _version-guarded exception list PUT and a GET held longer than kibana:requestTimeout are re-sent and the up succeeds", async () => {
    const stack = await fixtureStack();
    await stack.up();
    await stack.setAllConfig({
      "kibana:requestTimeout": { value: "500ms" },
      "kibana:maxRetries": { value: "2" },
      "fixture:severity": { value: "medium" },
    });
    // Counted before the faults are set: the suite's own reads would take the GET faults meant for the provider.
    const before = await tally(stack);
    e2e.bench.emulator.setFaults([
      { method: "PUT", path: RULES, phase: "after", delayMs: 1200, times: 1 },
      // Applied, then answered too late: the re-send carries the _version the first attempt made stale (409).
      { method: "PUT", path: "/api/exception_lists", phase: "after", delayMs: 1200, times: 1 },
      { method: "GET", path: `${RULES}/_find`, phase: "after", delayMs: 1200, times: 1 },
    ]);
    const mark = e2e.bench.mark();
    await stack.up();
    const slow = e2e.bench.emulator
      .requests()
      .slice(mark)
      .filter((r) => r.faults?.some((f) => f.delayMs));
    // Every answer held past the limit was given up on by the client and the request sent again: 2 rules, 3 PUTs.
    const timedOut = slow.filter((r) => r.faults?.some((f) => f.clientClosed));
    expect(timedOut.map((r) => `${r.method} ${r.path}`).sort()).toEqual([`GET ${RULES}/_find`, `PUT ${RULES}`, "PUT /api/exception_lists"]);
    const puts = e2e.bench.emulator
      .requests()
      .slice(mark)
      .filter((r) => r.method === "PUT" && r.path === RULES);
    expect(puts).toHaveLength(3);
    const after = await tally(stack);
    expectClean(after);
    for (const rule of (await e2e.bench.rules("default")).values()) expect(rule.severity).toBe("medium");
    const lists = await get("/api/exception_lists/_find?namespace_type=single");
    expect(lists.data.map((l: { description: string }) => l.description)).toEqual(["Fault suite exception list (medium)"]);
    await expectConverged(stack);
    console.log(
      line(
        "slow-answers",
        before,
        after,
        `answers held 1200 ms ${slow.length}, given up by the client after 500 ms and re-sent ${timedOut.length}, rule PUTs ${puts.length} for 2 rules`,
      ),
    );
  });

  it("crash: the pulumi process tree killed at the 3rd applied create; cancel, refresh --clear-pending-creates, up converge without adopt", async () => {
    const stack = await fixtureStack();
    // One step at a time: the kill lands while pulumi waits for the create's answer, never while it writes its
    // checkpoint (a file backend's checkpoint cut mid-write fails the next command with "failed to load checkpoint").
    const args = ["up", "--yes", "--skip-preview", "--non-interactive", "--parallel", "1", "--stack", stack.name];
    const up = spawn("pulumi", args, {
      cwd: PROGRAM,
      env: { ...process.env, ...e2e.bench.env },
      detached: true,
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => up.on("exit", (_code, signal) => resolve(signal)));
    let applied = 0;
    let killed = 0;
    const hook = (event: FaultEvent) => {
      if (event.status === undefined || event.status >= 300 || ++applied !== 3) return;
      killed = killPulumi(up.pid!);
    };
    e2e.bench.emulator.setFaults(CREATE_ROUTES.map(({ path }): FaultRule => ({ method: "POST", path, phase: "after", hook })));
    expect(await exited).toBe("SIGKILL");
    e2e.bench.emulator.setFaults([]);
    expect(killed).toBeGreaterThanOrEqual(3);
    // Nothing of the killed run survives to write to Kibana or the state behind the next commands.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(processTree(up.pid!)).toEqual([up.pid]);

    expect(await expectFailure(pulumiCli(stack, "refresh", "--yes"))).toMatch(/locked/);
    await pulumiCli(stack, "cancel", "--yes");
    const before = await tally(stack);
    expect(before.objects).toBeGreaterThanOrEqual(3);
    await pulumiCli(stack, "refresh", "--clear-pending-creates", "--yes");
    const result = await stack.up();
    const printed = result.stdout + result.stderr;
    expect(printed).not.toMatch(/adopt/);
    const after = await tally(stack);
    expectClean(after);
    expect((await e2e.bench.exportState(stack)).deployment.pending_operations ?? []).toEqual([]);
    await expectConverged(stack);
    console.log(
      line(
        "crash",
        before,
        after,
        `killed ${killed} processes at the 3rd applied create (creates applied by Kibana in all ${applied}), taken back ${takenBack(printed)}, adopt needed 0`,
      ),
    );
  });
  it("storms: 503/429 before Kibana acts and 502/504/resets after it applied, on every route through create, update and destroy", async () => {
    const extraRules = 10;
    const values = 20;
    const stack = await fixtureStack({ "kibana:maxRetries": "12", "fixture:extraRules": String(extraRules), "fixture:valueCount": String(values) });
    const expected = { ...EXPECTED, DetectionRule: EXPECTED.DetectionRule! + extraRules, ValueListItem: values };
    // With 12 re-sends a request fails only after 13 faults in a row: about 0.3^13 ≈ 2e-7 per request here.
    // The first rules fire on every run (the storm is set afresh for each step); the rest at random.
    const storm: FaultRule[] = [
      { phase: "before", times: 3, status: 503 },
      { phase: "after", method: "POST", times: 2, status: 502 },
      { phase: "after", method: "PUT", times: 2, reset: true },
      { phase: "after", method: "DELETE", times: 2, status: 504 },
      { phase: "before", rate: 0.15, status: 503 },
      { phase: "before", rate: 0.1, status: 429, retryAfterSeconds: 0 },
      { phase: "after", method: "POST", rate: 0.2, status: 502 },
      { phase: "after", method: "PUT", rate: 0.2, reset: true },
      { phase: "after", method: "DELETE", rate: 0.2, status: 504 },
      { phase: "after", method: "GET", rate: 0.1, status: 502 },
    ];
    const fired = (mark: number) => {
      const counts: Record<string, number> = {};
      for (const r of e2e.bench.emulator.requests().slice(mark)) {
        for (const f of r.faults ?? []) {
          const kind = `${f.phase} ${f.outcome === "status" ? r.status : f.outcome}`;
          counts[kind] = (counts[kind] ?? 0) + 1;
        }
      }
      return counts;
    };
    const runs: string[] = [];
    const stormy = async (name: string, step: () => Promise<unknown>) => {
      const mark = e2e.bench.mark();
      e2e.bench.emulator.setFaults(storm);
      try {
        await step();
      } finally {
        e2e.bench.emulator.setFaults([]);
      }
      const counts = fired(mark);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      runs.push(`${name}: ${e2e.bench.emulator.requests().length - mark} requests, ${total} faults ${JSON.stringify(counts)}`);
      return total;
    };

    expect(await stormy("up", () => stack.up())).toBeGreaterThanOrEqual(5);
    const created = await tally(stack, [], expected);
    expect(created).toMatchObject({ duplicates: 0, orphans: 0, lost: 0 });
    expect(created.perFamily).toEqual(expected);
    await expectConverged(stack);

    await stack.setAllConfig({ "fixture:severity": { value: "high" }, "fixture:valueCount": { value: String(values + 10) } });
    expect(await stormy("update", () => stack.up())).toBeGreaterThanOrEqual(5);
    const updated = await tally(stack, [], { ...expected, ValueListItem: values + 10 });
    expect(updated).toMatchObject({ duplicates: 0, orphans: 0, lost: 0 });
    expect(updated.perFamily).toEqual({ ...expected, ValueListItem: values + 10 });
    for (const rule of (await e2e.bench.rules("default")).values()) expect(rule.severity).toBe("high");
    await expectConverged(stack);

    expect(await stormy("destroy", () => stack.destroy())).toBeGreaterThanOrEqual(5);
    expect(await kibanaObjects()).toEqual([]);
    console.log(`faults: storms: after up ${JSON.stringify(created)}; after update ${JSON.stringify(updated)}; after destroy 0 objects; ${runs.join("; ")}`);
  });

  it("UI edits during an up: the rule, exception list, connector, Fleet host and value list edited after the up started are refused, not overwritten", async () => {
    const stack = await fixtureStack();
    await stack.up();
    const uiEdits = async () => {
      const objects = await kibanaObjects();
      const idOf = (family: string) => objects.find((o) => o.family === family)!;
      const edits = [
        await e2e.bench.kibana("PATCH", RULES, { rule_id: EXPLICIT_RULE_ID, name: "Renamed in the UI" }),
        await e2e.bench.kibana("PUT", "/api/exception_lists", {
          list_id: idOf("ExceptionList").key,
          name: "Tuning",
          description: "Edited in the UI",
          type: "detection",
          namespace_type: "single",
        }),
        await e2e.bench.kibana("PUT", `/api/actions/connector/${idOf("Connector").id}`, {
          name: "Webhook renamed in the UI",
          config: { url: "https://hooks.example.com/ui" },
        }),
        await e2e.bench.kibana("PUT", `/api/fleet/fleet_server_hosts/${idOf("FleetServerHost").id}`, { name: "Fleet host renamed in the UI" }),
        await e2e.bench.kibana("POST", "/api/lists/items", { list_id: idOf("ValueList").id, value: "10.99.0.1" }),
      ];
      expect(edits.map((e) => e.status)).toEqual([200, 200, 200, 200, 200]);
    };
    await stack.setAllConfig({ "fixture:severity": { value: "medium" }, "fixture:valueCount": { value: String(VALUE_COUNT + 10) } });
    // The edits land before the up's first request is served: after the up started, before it read anything. One
    // step at a time, so that no other step's request is served while the hook holds the first one.
    e2e.bench.emulator.setFaults([{ phase: "before", times: 1, hook: uiEdits }]);
    const mark = e2e.bench.mark();
    const printed = await expectFailure(stack.up({ continueOnError: true, parallel: 1 }));
    e2e.bench.emulator.setFaults([]);
    const refused = ["DetectionRule", "ExceptionList", "Connector", "FleetServerHost", "ValueListItems"].filter((type) =>
      new RegExp(`esac:${type} \\S+ \\*\\*updating failed\\*\\*[^\\n]*was changed in Kibana since Pulumi last read it`).test(printed),
    );
    expect(refused).toEqual(["DetectionRule", "ExceptionList", "Connector", "FleetServerHost", "ValueListItems"]);
    expect(printed).toContain("10.99.0.1");
    const kept = await kibanaObjects();
    const rules = await e2e.bench.rules("default");
    expect(rules.get(EXPLICIT_RULE_ID)).toMatchObject({ name: "Renamed in the UI", severity: "low" });
    expect([...rules.values()].filter((r) => r.rule_id !== EXPLICIT_RULE_ID).map((r) => r.severity)).toEqual(["medium"]);
    expect(kept.filter((o) => o.family === "Connector").map((o) => o.key)).toEqual(["Webhook renamed in the UI"]);
    expect(kept.filter((o) => o.family === "FleetServerHost").map((o) => o.key)).toEqual(["Fleet host renamed in the UI"]);
    expect((await get("/api/exception_lists/_find?namespace_type=single")).data[0].description).toBe("Edited in the UI");
    const values = kept.filter((o) => o.family === "ValueListItem").map((o) => o.key.split("/")[1]);
    expect(values).toContain("10.99.0.1");
    expect(values).toHaveLength(VALUE_COUNT + 1);
    const writesRefused = e2e.bench.emulator
      .requests()
      .slice(mark)
      .filter((r) => r.method !== "GET" && r.status === 409).length;

    // The remedy the errors name: refresh takes Kibana's copies in, up applies the program over them.
    await stack.refresh();
    await stack.up();
    const after = await tally(stack);
    expect(after).toMatchObject({ duplicates: 0, orphans: 0, lost: 0 });
    expect(after.perFamily).toEqual({ ...EXPECTED, ValueListItem: VALUE_COUNT + 10 });
    expect((await e2e.bench.rules("default")).get(EXPLICIT_RULE_ID)).toMatchObject({ name: "Explicit rule", severity: "medium" });
    await expectConverged(stack);
    console.log(
      `faults: ui-edits-during-up: 5 objects edited after the up started; refused ${refused.length} (${refused.join(", ")}), ` +
        `409s from Kibana ${writesRefused}, UI edits kept 5/5; after refresh + up ${JSON.stringify(after)}`,
    );
  });

  it("secrets in the wrong shape (a string where an object belongs) fail preview naming the field, never the value, and Kibana receives nothing", async () => {
    const connectorSecret = "wrong-shape-connector-S3cret";
    const hostSecret = "wrong-shape-host-S3cret";
    const stack = await fixtureStack();
    await stack.setAllConfig({
      "fixture:connectorSecrets": { value: JSON.stringify(connectorSecret), secret: true },
      "fixture:hostSecrets": { value: JSON.stringify(hostSecret), secret: true },
    });
    const mark = e2e.bench.mark();
    const printed = await expectFailure(stack.preview());
    expect(printed).toMatch(/secrets: .*value not shown: secret/);
    expect(printed).not.toContain(connectorSecret);
    expect(printed).not.toContain(hostSecret);
    expect(e2e.bench.callsSince(mark)).toEqual([]);
    const upPrinted = await expectFailure(stack.up());
    expect(upPrinted).not.toContain(connectorSecret);
    expect(upPrinted).not.toContain(hostSecret);
    const state = JSON.stringify(await e2e.bench.exportState(stack));
    expect(state).not.toContain(connectorSecret);
    expect(state).not.toContain(hostSecret);
    console.log(
      `faults: wrong-shape secrets: preview and up failed naming \`secrets\`, 0 occurrences of either secret in output or state, objects created ${(await kibanaObjects()).length}`,
    );
  });
});
