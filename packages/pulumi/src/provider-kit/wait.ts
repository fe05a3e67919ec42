import { setTimeout as sleep } from "node:timers/promises";

export interface PollOptions<T> {
  /** One observation (e.g. a GET). */
  read: () => Promise<T>;
  /** True when the wait is over (success or a terminal failure the caller inspects). */
  done: (value: T) => boolean;
  /** Give up after this long (ms), returning the last observation. */
  timeoutMs: number;
  /** First wait; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Polls with exponential backoff until `done` or the deadline; returns the last observation and whether it is
 * final. Waits before the first read: callers poll right after starting an asynchronous operation.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<{ value: T; done: boolean; polls: number }> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  for (let polls = 1; ; polls++) {
    await sleep(Math.max(0, Math.min(delay, deadline - Date.now())));
    const value = await options.read();
    if (options.done(value)) return { value, done: true, polls };
    if (Date.now() >= deadline) return { value, done: false, polls };
    delay = Math.min(delay * 2, maxDelay);
  }
}
