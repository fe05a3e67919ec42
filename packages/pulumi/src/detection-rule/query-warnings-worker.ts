import { parentPort } from "node:worker_threads";
import { warningLines } from "./query-findings";
import type { WarningJob, WarningReply } from "./query-warnings";

// The program's query-check thread (see ./query-warnings.ts): one reply per job, in the order received.
parentPort?.on("message", (job: WarningJob) => {
  let reply: WarningReply;
  try {
    reply = { id: job.id, lines: job.rules.flatMap(({ label, rule }) => warningLines(label, rule, job.settings)) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
