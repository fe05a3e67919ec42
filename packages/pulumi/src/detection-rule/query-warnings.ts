import * as pulumi from "@pulumi/pulumi";
import { AsyncResource } from "node:async_hooks";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { warningLines, type QueryCheckSettings } from "./query-findings";

/*
 * The program's query warnings, checked on a worker thread.
 *
 * Checking the queries of 1,650 corpus rules takes the program about 0.35 s, most of it parsing with code the JIT has
 * not compiled yet. On the program's own thread that time sits between building the resources and sending them to the
 * engine, and then delays the engine's answers. The worker checks while the engine and the provider work, and
 * the warnings are logged on their resource when it answers; Pulumi's runtime waits for them (`rpcKeepAlive`) before
 * the program ends. Where no worker can run (the TypeScript sources under a test runner, a failed worker), the rules
 * are checked in place, as before.
 */

/** A rule to check (plain values only), with the label its warnings start with. */
export interface LabelledRule {
  label: string;
  rule: Record<string, unknown>;
}

/** A message to the worker (./query-warnings-worker.ts). */
export interface WarningJob {
  id: number;
  rules: LabelledRule[];
  settings: QueryCheckSettings;
}

/** The worker's answer to a job: its warning lines, or why the check failed. */
export type WarningReply = { id: number; lines: string[] } | { id: number; error: string };

interface PendingJob {
  job: WarningJob;
  /** Logs the job's lines and lets the program end; runs in the resource's own Pulumi context. */
  report: (lines: () => string[]) => void;
}

const WORKER_FILE = join(__dirname, "query-warnings-worker.js");
const pending = new Map<number, PendingJob>();
let nextJob = 0;
/** The worker; null once none can run; undefined until first needed. */
let worker: Worker | null | undefined;

/**
 * Checks `rules` off the program's thread and logs their warning lines on `resource` as one warning, `format(lines)`,
 * when there are any.
 */
export function logWarningsOffThread(
  resource: pulumi.Resource,
  rules: LabelledRule[],
  settings: QueryCheckSettings,
  format: (lines: string[]) => string,
): void {
  if (!rules.length) return;
  const job: WarningJob = { id: nextJob++, rules, settings };
  const log = (lines: string[]) => {
    if (lines.length) void pulumi.log.warn(format(lines), resource);
  };
  const thread = checkThread();
  if (thread) {
    const done = pulumi.runtime.rpcKeepAlive();
    // Bound to this call's async context: the answer arrives on the worker's port, and Pulumi finds the program's
    // engine connection through that context (an Automation API process may run several programs).
    const report = AsyncResource.bind((lines: () => string[]) => {
      try {
        log(lines());
      } catch (error) {
        // The check threw after the resource was built: an error on the resource fails the update, as the exception
        // would have in its constructor.
        void pulumi.log.error(`the query check failed: ${error instanceof Error ? error.message : String(error)}`, resource);
      } finally {
        done();
      }
    });
    pending.set(job.id, { job, report });
    try {
      thread.postMessage(job);
      thread.ref();
      return;
    } catch {
      // A value the thread cannot take (structured clone refused it): checked in place below.
      pending.delete(job.id);
      done();
    }
  }
  log(linesOf(job));
}

const linesOf = (job: WarningJob) => job.rules.flatMap(({ label, rule }) => warningLines(label, rule, job.settings));

function checkThread(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (!existsSync(WORKER_FILE)) return worker;
  try {
    const thread = new Worker(WORKER_FILE);
    thread.unref();
    thread.on("message", (reply: WarningReply) => settle(reply));
    thread.on("error", () => abandon(thread));
    thread.on("exit", () => abandon(thread));
    worker = thread;
  } catch {
    worker = null;
  }
  return worker;
}

function settle(reply: WarningReply): void {
  const entry = pending.get(reply.id);
  if (!entry) return;
  pending.delete(reply.id);
  entry.report(() => ("error" in reply ? linesOf(entry.job) : reply.lines));
  if (!pending.size) worker?.unref();
}

/** The thread failed or ended: its jobs are checked in place, and so is every later one. */
function abandon(thread: Worker): void {
  if (worker === thread) worker = null;
  for (const entry of [...pending.values()]) {
    pending.delete(entry.job.id);
    entry.report(() => linesOf(entry.job));
  }
}
