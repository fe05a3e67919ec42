import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { client, RULE_BODIES, RULES } from "./__tests__/client";
import { startEmulator, withEmulator } from "./server";
import type { FaultEvent, RecordedRequest, RunningEmulator } from "./types";

/** A create sent with fetch directly: a client timeout (`timeoutMs`) and socket errors surface as rejections. */
function createRule(emu: RunningEmulator, body: object, timeoutMs?: number): Promise<Response> {
  return fetch(`${emu.url}${RULES}`, {
    method: "POST",
    headers: { authorization: `ApiKey ${emu.apiKey}`, "kbn-xsrf": "true", "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
  });
}

async function ruleIds(emu: RunningEmulator): Promise<string[]> {
  const found = await client(emu).get(`${RULES}/_find?per_page=100`);
  expect(found.status).toBe(200);
  return found.body.data.map((r: { rule_id: string }) => r.rule_id).sort();
}

/** Waits until the emulator has recorded `count` requests (an answer held by a delay is recorded when it is sent). */
async function recorded(emu: RunningEmulator, count: number, timeoutMs = 5_000): Promise<RecordedRequest[]> {
  const deadline = Date.now() + timeoutMs;
  while (emu.requests().length < count) {
    if (Date.now() > deadline) throw new Error(`only ${emu.requests().length} of ${count} requests recorded after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return emu.requests();
}

const rule = (ruleId: string) => ({ ...RULE_BODIES.query, rule_id: ruleId });

describe("faults after processing, delays and hooks", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.clearRequests();
    emu.setFaults([]);
  });

  it("reset after processing: the client sees a socket error, the object exists", async () => {
    emu.setFaults([{ method: "POST", path: RULES, phase: "after", reset: true, times: 1 }]);
    await expect(createRule(emu, rule("ambiguous"))).rejects.toThrow(/fetch failed/);
    expect(await ruleIds(emu)).toEqual(["ambiguous"]);
    expect(emu.requests()[0]).toMatchObject({
      method: "POST",
      path: RULES,
      status: 0,
      faulted: true,
      faults: [{ rule: 0, phase: "after", outcome: "reset", appliedStatus: 200 }],
    });
    // `times: 1`: the next create is answered; retrying the same rule_id gets Kibana's 409.
    expect((await createRule(emu, rule("ambiguous"))).status).toBe(409);
    expect(emu.requests()[2]!.faults).toBeUndefined();
  });

  it("reset before processing (unchanged): nothing is applied", async () => {
    emu.setFaults([{ method: "POST", path: RULES, reset: true, times: 1 }]);
    await expect(createRule(emu, rule("lost"))).rejects.toThrow(/fetch failed/);
    expect(await ruleIds(emu)).toEqual([]);
    expect(emu.requests()[0]).toMatchObject({ status: 0, faulted: true, faults: [{ phase: "before", outcome: "reset" }] });
    expect(emu.requests()[0]!.faults![0]!.appliedStatus).toBeUndefined();
  });

  it("an error status after processing replaces Kibana's answer; the object exists", async () => {
    emu.setFaults([{ method: "POST", path: RULES, phase: "after", status: 502, retryAfterSeconds: 3 }]);
    const r = await client(emu).post(RULES, rule("gateway"));
    expect([r.status, r.headers.get("retry-after"), r.body]).toEqual([502, "3", { statusCode: 502, error: "Bad Gateway", message: "Bad Gateway" }]);
    expect(await ruleIds(emu)).toEqual(["gateway"]);
    expect(emu.requests()[0]).toMatchObject({ status: 502, faults: [{ phase: "after", outcome: "status", appliedStatus: 200 }] });
  });

  it("the reset after processing is flushed to the data file before the socket is destroyed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-faults-"));
    const dataFile = join(dir, "data.json");
    try {
      await withEmulator({ dataFile, faults: [{ method: "POST", path: RULES, phase: "after", reset: true }] }, async (e) => {
        await expect(createRule(e, rule("persisted"))).rejects.toThrow(/fetch failed/);
        // No wait for the 25 ms debounce: the file already holds the rule.
        expect(readFileSync(dataFile, "utf8")).toContain('"rule_id":"persisted"');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("delay after processing longer than the client timeout: the client times out, the write is applied", async () => {
    emu.setFaults([{ method: "POST", path: RULES, phase: "after", delayMs: 400 }]);
    const t0 = performance.now();
    await expect(createRule(emu, rule("late-answer"), 100)).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - t0).toBeLessThan(390);
    expect(await ruleIds(emu)).toEqual(["late-answer"]);
    const post = (await recorded(emu, 2)).find((r) => r.method === "POST"); // recorded when the held answer is sent
    expect(post).toMatchObject({
      method: "POST",
      status: 200,
      faults: [{ phase: "after", outcome: "pass", delayMs: 400, appliedStatus: 200, clientClosed: true }],
    });
    expect(post!.durationMs).toBeGreaterThanOrEqual(390);
  });

  it("delay after processing shorter than the client timeout: Kibana's answer, late", async () => {
    emu.setFaults([{ method: "POST", path: RULES, phase: "after", delayMs: 200 }]);
    const t0 = performance.now();
    const r = await createRule(emu, rule("slow"), 5_000);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { rule_id: string }).rule_id).toBe("slow");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(emu.requests()[0]!.faults![0]!.clientClosed).toBeUndefined();
  });

  it("delay before processing: the handler runs after the delay, even when the client gave up", async () => {
    emu.setFaults([{ method: "POST", path: RULES, delayMs: 400 }]);
    await expect(createRule(emu, rule("queued"), 100)).rejects.toThrow(/timeout|aborted/i);
    expect(await ruleIds(emu)).toEqual([]);
    const post = (await recorded(emu, 2)).find((r) => r.method === "POST");
    expect(await ruleIds(emu)).toEqual(["queued"]);
    expect(post).toMatchObject({ status: 200, faults: [{ phase: "before", outcome: "pass", delayMs: 400, clientClosed: true }] });
  });

  it("delay before processing with a status: the error comes late and nothing is applied", async () => {
    emu.setFaults([{ method: "POST", path: RULES, delayMs: 150, status: 504 }]);
    const t0 = performance.now();
    expect((await createRule(emu, rule("never"))).status).toBe(504);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(await ruleIds(emu)).toEqual([]);
  });

  describe("hooks", () => {
    it("an after-processing hook runs once per matched request, with method/path/status, after the write and before the answer", async () => {
      const events: FaultEvent[] = [];
      const seenInStore: string[][] = [];
      const answeredAtHookEnd: number[] = [];
      let answered = 0;
      emu.setFaults([
        {
          method: "POST",
          path: RULES,
          phase: "after",
          hook: async (event) => {
            events.push(event);
            seenInStore.push(await ruleIds(emu));
            await new Promise((r) => setTimeout(r, 150));
            answeredAtHookEnd.push(answered);
          },
        },
      ]);
      const first = await createRule(emu, rule("one"));
      answered++;
      const second = await createRule(emu, rule("two"));
      answered++;
      const conflict = await createRule(emu, rule("one"));
      answered++;
      expect([first.status, second.status, conflict.status]).toEqual([200, 200, 409]);
      expect(await ruleIds(emu)).toEqual(["one", "two"]); // the GETs of the hook and this one did not match

      expect(events.map(({ rule, phase, method, path, spaceId, status }) => ({ rule, phase, method, path, spaceId, status }))).toEqual([
        { rule: 0, phase: "after", method: "POST", path: RULES, spaceId: "default", status: 200 },
        { rule: 0, phase: "after", method: "POST", path: RULES, spaceId: "default", status: 200 },
        { rule: 0, phase: "after", method: "POST", path: RULES, spaceId: "default", status: 409 },
      ]);
      for (const e of events) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      // Each answer came after its hook's promise: the client had not yet got it when the hook ended.
      expect(answeredAtHookEnd).toEqual([0, 1, 2]);
      expect(seenInStore).toEqual([["one"], ["one", "two"], ["one", "two"]]);
      const posts = emu.requests().filter((r) => r.method === "POST");
      expect(posts.map((r) => r.faults)).toEqual([
        [{ rule: 0, phase: "after", outcome: "pass", hook: true, appliedStatus: 200 }],
        [{ rule: 0, phase: "after", outcome: "pass", hook: true, appliedStatus: 200 }],
        [{ rule: 0, phase: "after", outcome: "pass", hook: true, appliedStatus: 409 }],
      ]);
      for (const post of posts) expect(post.durationMs).toBeGreaterThanOrEqual(140);
    });

    it("a before-processing hook runs before the handler (no status yet)", async () => {
      const seen: { status?: number; ids: string[] }[] = [];
      emu.setFaults([{ method: "POST", path: RULES, hook: async (e) => void seen.push({ status: e.status, ids: await ruleIds(emu) }) }]);
      expect((await createRule(emu, rule("first"))).status).toBe(200);
      expect(seen).toEqual([{ status: undefined, ids: [] }]);
    });

    it("a hook combined with a reset after processing: called, then the client loses the answer", async () => {
      let calls = 0;
      emu.setFaults([{ method: "POST", path: "/api/detection_engine/*", phase: "after", reset: true, hook: () => void calls++ }]);
      await expect(createRule(emu, rule("killed-moment"))).rejects.toThrow(/fetch failed/);
      expect(calls).toBe(1);
      expect(await ruleIds(emu)).toEqual(["killed-moment"]);
    });

    it("a failing hook is reported as a warning and the fault goes on", async () => {
      const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
      try {
        emu.setFaults([
          {
            method: "POST",
            path: RULES,
            phase: "after",
            hook: () => {
              throw new Error("boom in hook");
            },
          },
        ]);
        expect((await createRule(emu, rule("still-answered"))).status).toBe(200);
        expect(warn).toHaveBeenCalledWith(expect.stringMatching(/hook of fault rule 0 failed: boom in hook/));
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe("rate and times apply to the new kinds", () => {
    it("`times` limits an after-processing hook and reset", async () => {
      let calls = 0;
      emu.setFaults([{ method: "POST", path: RULES, phase: "after", reset: true, times: 2, hook: () => void calls++ }]);
      await expect(createRule(emu, rule("a"))).rejects.toThrow();
      await expect(createRule(emu, rule("b"))).rejects.toThrow();
      expect((await createRule(emu, rule("c"))).status).toBe(200);
      expect(calls).toBe(2);
      expect(await ruleIds(emu)).toEqual(["a", "b", "c"]);
      expect(emu.requests().map((r) => [r.status, r.faults?.[0]?.outcome ?? "none"])).toEqual([
        [0, "reset"],
        [0, "reset"],
        [200, "none"],
        [200, "none"],
      ]);
    });

    it("`rate` with a seed picks the same requests every run, and the hook fires exactly on them", async () => {
      const run = () => {
        const hooked: number[] = [];
        let n = 0;
        return withEmulator(
          { seed: 7, faults: [{ method: "POST", path: RULES, phase: "after", rate: 0.5, delayMs: 1, hook: () => void hooked.push(n) }] },
          async (e) => {
            for (; n < 16; n++) expect((await createRule(e, rule(`r${n}`))).status).toBe(200);
            const faulted = e.requests().flatMap((r, i) => (r.faults ? [i] : []));
            expect(hooked).toEqual(faulted);
            expect((await ruleIds(e)).length).toBe(16);
            return faulted;
          },
        );
      };
      const first = await run();
      expect(await run()).toEqual(first);
      expect(first.length).toBeGreaterThan(0);
      expect(first.length).toBeLessThan(16);
    });

    it("one rule per phase can fire on the same request", async () => {
      emu.setFaults([
        { method: "POST", path: RULES, delayMs: 10 },
        { method: "POST", path: RULES, phase: "after", status: 503 },
      ]);
      expect((await createRule(emu, rule("both"))).status).toBe(503);
      expect(await ruleIds(emu)).toEqual(["both"]);
      expect(emu.requests()[0]!.faults).toEqual([
        { rule: 0, phase: "before", outcome: "pass", delayMs: 10 },
        { rule: 1, phase: "after", outcome: "status", appliedStatus: 200 },
      ]);
    });
  });

  describe("faultEventsFile", () => {
    it("gets one JSON line per fired fault, written before the answer", async () => {
      const dir = mkdtempSync(join(tmpdir(), "emu-fault-events-"));
      const faultEventsFile = join(dir, "events.ndjson");
      const lines = () =>
        readFileSync(faultEventsFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as FaultEvent);
      try {
        let atHook: FaultEvent[] = [];
        const faults = [{ method: "POST", path: RULES, phase: "after" as const, hook: () => void (atHook = lines()) }];
        await withEmulator({ faultEventsFile, faults }, async (e) => {
          expect(lines()).toEqual([]);
          expect((await createRule(e, rule("x"))).status).toBe(200);
          expect((await client(e).get(`/s/team${RULES}/_find`)).status).toBe(200);
          expect(lines()).toEqual([{ rule: 0, phase: "after", method: "POST", path: RULES, spaceId: "default", status: 200, at: expect.any(String) }]);
          expect(atHook).toEqual(lines());
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("an unwritable path fails at start", async () => {
      await expect(startEmulator({ faultEventsFile: join(tmpdir(), "no-such-dir-esac", "x", "events.ndjson") })).rejects.toThrow(/ENOENT/);
    });
  });

  describe("validation: the field, the value and the reason", () => {
    it.each([
      [{ phase: "later" }, 'FaultRule.phase must be "before" or "after", got "later"'],
      [{ delayMs: -5 }, "FaultRule.delayMs must be a non-negative number of milliseconds, got -5"],
      [{ delayMs: "100" }, 'FaultRule.delayMs must be a non-negative number of milliseconds, got "100"'],
      [{ hook: "kill" }, 'FaultRule.hook must be a function, got "kill"'],
      [{ reset: true, status: 503 }, "FaultRule.status cannot be combined with reset: true (a reset sends no answer), got 503"],
      [{ reset: "yes" }, 'FaultRule.reset must be a boolean, got "yes"'],
      [{ status: 200 }, "FaultRule.status must be an error status (400..599, e.g. 429, 500, 502, 503, 504), got 200"],
      [{ times: 1.5 }, "FaultRule.times must be a non-negative integer, got 1.5"],
      [{ rate: 2 }, "FaultRule.rate must be within 0..1, got 2"],
      [
        { phse: "after" },
        'FaultRule has an unknown field "phse"; known fields: method, path, rate, times, phase, status, retryAfterSeconds, reset, delayMs, hook',
      ],
    ])("%j", (bad, message) => {
      expect(() => emu.setFaults([bad as never])).toThrow(message);
    });

    it("names the rule's index when there are several, and keeps the previous rules on error", async () => {
      emu.setFaults([{ method: "POST", path: RULES, status: 500 }]);
      expect(() => emu.setFaults([{ path: RULES }, { phase: "after", delayMs: -1 }])).toThrow("FaultRule.delayMs (rule 1) must be");
      expect((await createRule(emu, rule("still-500"))).status).toBe(500);
    });

    it("refuses bad rules at start", async () => {
      await expect(startEmulator({ faults: [{ phase: "during" as never }] })).rejects.toThrow(/FaultRule\.phase/);
    });
  });
});
