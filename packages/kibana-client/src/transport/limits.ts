/** The time limits a connection may set: how long one attempt may take, how often and for how long to retry. */
export interface ConnectionLimits {
  /** Milliseconds one attempt may take: waiting for a connection, the headers and the whole body. */
  requestTimeout: number;
  /** Re-sends after the first attempt. */
  maxRetries: number;
  /** Milliseconds, from the first attempt, after which no new attempt starts (waits included). */
  retryBudget: number;
}

export type LimitField = keyof ConnectionLimits;

export const LIMIT_FIELDS: readonly LimitField[] = ["requestTimeout", "maxRetries", "retryBudget"];

/** What the transport uses for a limit no connection source sets. */
export const LIMIT_DEFAULTS: ConnectionLimits = { requestTimeout: 30_000, maxRetries: 5, retryBudget: 120_000 };

// Node's timers fire at once for delays above 2^31-1 ms; a day is far beyond any sensible Kibana call anyway.
const MAX_DURATION_MS = 86_400_000;
const MAX_RETRIES = 100;

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;

/** Go-style durations, as Pulumi's `customTimeouts` take them ("10m", "1h30m", "90s", "500ms") → milliseconds; undefined if invalid. */
export function parseDuration(value: string): number | undefined {
  if (!DURATION.test(value)) return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  for (let m = DURATION_PART.exec(value); m; m = DURATION_PART.exec(value)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total;
}

/** What a valid value of each limit looks like, for error messages. */
const EXPECTED: Record<LimitField, string> = {
  requestTimeout: `a duration such as "30s", "2m" or "500ms", or a whole number of milliseconds, above 0 and at most 24h`,
  retryBudget: `a duration such as "2m" or "90s", or a whole number of milliseconds, from 0 (no retries) to 24h`,
  maxRetries: `a whole number from 0 (no retries) to ${MAX_RETRIES}`,
};

/**
 * Parses one limit as given in a resource's `connection` (a number or a string), stack config or the environment
 * (strings): durations are a Go-style duration string or milliseconds. Returns the number, or why it is invalid.
 */
export function parseLimit(field: LimitField, value: unknown): { ok: true; value: number } | { ok: false; reason: string } {
  const parsed = field === "maxRetries" ? parseCount(value) : parseMilliseconds(value);
  const valid = parsed !== undefined && (field === "requestTimeout" ? parsed > 0 : parsed >= 0);
  return valid ? { ok: true, value: parsed } : { ok: false, reason: `expected ${EXPECTED[field]}` };
}

function parseMilliseconds(value: unknown): number | undefined {
  const ms = typeof value === "number" ? wholeNumber(value) : typeof value === "string" ? textMilliseconds(value.trim()) : undefined;
  return ms !== undefined && ms <= MAX_DURATION_MS ? ms : undefined;
}

function textMilliseconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = parseDuration(text);
  return ms === undefined ? undefined : Math.ceil(ms);
}

function parseCount(value: unknown): number | undefined {
  const count = typeof value === "number" ? wholeNumber(value) : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
  return count !== undefined && count <= MAX_RETRIES ? count : undefined;
}

function wholeNumber(value: number): number | undefined {
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A value as it is echoed in an error message: strings quoted, anything else as JSON. */
export function describeLimitValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
