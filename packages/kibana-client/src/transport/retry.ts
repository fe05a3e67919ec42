/**
 * What a failed attempt tells us about re-sending it:
 * - `not-processed`: Kibana provably did not act on it (connection never established, 429, 503) — safe to re-send anything;
 * - `maybe-processed`: the outcome is unknown (connection lost after sending, 502/504, response timeout) — re-send only idempotent requests;
 * - `final`: re-sending would not help (4xx, 500, TLS/configuration errors).
 */
export type FailureKind = "not-processed" | "maybe-processed" | "final";

/** Classifies an HTTP error status. */
export function classifyStatus(status: number): FailureKind {
  // Kibana's rate limiter and its "not ready" answers both mean the request was rejected up front.
  if (status === 429 || status === 503) return "not-processed";
  if (status === 502 || status === 504) return "maybe-processed";
  return "final";
}

// Transient network failures; anything else (TLS verification, invalid arguments, closed client) is final.
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/**
 * Classifies a network error. `requestStarted` is whether undici had begun writing the request to an
 * established socket; before that point the server cannot have seen it, whatever the error code.
 */
export function classifyNetworkError(code: string, requestStarted: boolean): FailureKind {
  if (!TRANSIENT_NETWORK_CODES.has(code)) return "final";
  return requestStarted ? "maybe-processed" : "not-processed";
}

/** Whether a failed attempt may be re-sent, given the request's idempotency. */
export function isResendable(kind: FailureKind, idempotent: boolean): boolean {
  return kind === "not-processed" || (kind === "maybe-processed" && idempotent);
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3: delay-seconds, or an HTTP-date) into milliseconds.
 * HTTP-dates are accepted in the three formats of RFC 9110 §5.6.7 (IMF-fixdate, obsolete RFC 850, asctime),
 * always as GMT; a date in the past means "now" (0). Returns undefined when absent or unparseable — in particular
 * for values a lenient `Date.parse` would accept but that are not HTTP-dates ("-1", "2030-01-01", "Jan 1 2030").
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = parseHttpDate(trimmed, nowMs);
  if (date === undefined) return undefined;
  return Math.max(0, date - nowMs);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^[a-z]{3}, (\\d{1,2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, "i");
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = new RegExp(`^[a-z]{6,9}, (\\d{1,2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, "i");
// Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(`^[a-z]{3} ${MONTH} +(\\d{1,2}) ${TIME} (\\d{4})$`, "i");

/** Milliseconds since the epoch for an HTTP-date, or undefined. */
function parseHttpDate(text: string, nowMs: number): number | undefined {
  let day: string, month: string, year: number, hour: string, minute: string, second: string;
  let match: RegExpExecArray | null;
  if ((match = IMF_FIXDATE.exec(text))) {
    [, day, month, , hour, minute, second] = match;
    year = Number(match[3]);
  } else if ((match = RFC_850.exec(text))) {
    [, day, month, , hour, minute, second] = match;
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const currentYear = new Date(nowMs).getUTCFullYear();
    year = 2000 + Number(match[3]);
    while (year > currentYear + 50) year -= 100;
  } else if ((match = ASCTIME.exec(text))) {
    [, month, day, hour, minute, second] = match;
    year = Number(match[6]);
  } else {
    return undefined;
  }
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const fields = [Number(day), Number(hour), Number(minute), Number(second)];
  const ms = Date.UTC(year, monthIndex, fields[0], fields[1], fields[2], fields[3]);
  const parsed = new Date(ms);
  // Reject out-of-range fields (31 Feb, 25:00:00) that Date.UTC would silently roll over.
  if (parsed.getUTCDate() !== fields[0] || parsed.getUTCHours() !== fields[1] || parsed.getUTCMinutes() !== fields[2] || parsed.getUTCSeconds() !== fields[3]) {
    return undefined;
  }
  return ms;
}

/** Exponential backoff with full jitter: random(0, min(maxDelayMs, baseDelayMs * 2^retry)), `retry` counting from 0. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Retry limits for one request. */
export interface RetryPolicy {
  maxRetries: number;
  maxRetryTimeMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before the next attempt, or undefined when the retry count or time budget is used up.
 * `attempts` is how many attempts were made so far; `elapsedMs` the time since the first one started.
 * A server-requested `retryAfterMs` replaces the backoff, capped by maxDelayMs and the remaining budget.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempts: number,
  elapsedMs: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempts > policy.maxRetries) return undefined;
  const remaining = policy.maxRetryTimeMs - elapsedMs;
  if (remaining <= 0) return undefined;
  const wanted = retryAfterMs ?? backoffDelay(attempts - 1, policy.baseDelayMs, policy.maxDelayMs, random);
  return Math.max(0, Math.min(wanted, policy.maxDelayMs, remaining));
}
