import { backoffDelay, classifyNetworkError, classifyStatus, isResendable, nextRetryDelay, parseRetryAfter, type RetryPolicy } from "./retry";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0); // Sun, 15 Jun 2025 12:00:00 GMT

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter("1", NOW)).toBe(1_000);
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter("  3  ", NOW)).toBe(3_000);
    expect(parseRetryAfter("1.5", NOW)).toBe(1_500);
  });

  it("reads an IMF-fixdate relative to now", () => {
    expect(parseRetryAfter("Sun, 15 Jun 2025 12:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Mon, 16 Jun 2025 12:00:00 GMT", NOW)).toBe(86_400_000);
    expect(parseRetryAfter(new Date(NOW + 7_000).toUTCString(), NOW)).toBe(7_000);
  });

  it("reads the obsolete RFC 850 and asctime formats as GMT", () => {
    expect(parseRetryAfter("Sunday, 15-Jun-25 12:01:00 GMT", NOW)).toBe(60_000);
    expect(parseRetryAfter("Sun Jun 15 12:00:05 2025", NOW)).toBe(5_000);
    expect(parseRetryAfter("Sun Jun  1 12:00:00 2025", Date.UTC(2025, 4, 31, 12, 0, 0))).toBe(86_400_000);
  });

  it("maps an RFC 850 two-digit year more than 50 years ahead to the past century", () => {
    // "99" read as 2099 would be 74 years ahead, so it is 1999: in the past.
    expect(parseRetryAfter("Friday, 31-Dec-99 23:59:59 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("Monday, 16-Jun-25 12:00:00 GMT", NOW)).toBe(86_400_000);
  });

  it("treats a date in the past as 'retry now'", () => {
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).toBe(0);
  });

  it("ignores absent, empty and malformed values (the caller then backs off normally)", () => {
    for (const value of [undefined, "", "   ", "soon", "-1", "+5", "2030-01-01", "2030-01-01T00:00:00Z", "1e3", "0x10", "12abc", "Infinity", "5 seconds"]) {
      expect([value, parseRetryAfter(value, NOW)]).toEqual([value, undefined]);
    }
  });

  it("rejects out-of-range date fields instead of rolling them over", () => {
    expect(parseRetryAfter("Mon, 31 Feb 2025 12:00:00 GMT", NOW)).toBeUndefined();
    expect(parseRetryAfter("Sun, 15 Jun 2025 25:00:00 GMT", NOW)).toBeUndefined();
    expect(parseRetryAfter("Sun, 15 Jun 2025 12:00:00 PST", NOW)).toBeUndefined();
  });

  it("uses the real clock by default", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = parseRetryAfter(inTenSeconds);
    // toUTCString drops the milliseconds, so the delay is between 9 and 10 seconds.
    expect(ms).toBeGreaterThan(8_500);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});

describe("backoffDelay (exponential, full jitter)", () => {
  it("spans [0, base * 2^retry) and doubles the ceiling per retry", () => {
    const almostOne = () => 0.999_999;
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(0, 100, 10_000, almostOne)).toBe(99);
    expect(backoffDelay(1, 100, 10_000, almostOne)).toBe(199);
    expect(backoffDelay(3, 100, 10_000, almostOne)).toBe(799);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
  });

  it("caps the ceiling at maxDelayMs, however many retries", () => {
    expect(backoffDelay(10, 100, 5_000, () => 0.999_999)).toBe(4_999);
    expect(backoffDelay(1_000, 100, 5_000, () => 0.999_999)).toBe(4_999);
    expect(backoffDelay(1_000, 100, 5_000, () => 0)).toBe(0);
  });

  it("stays within [0, cap] with the real random source and is actually jittered", () => {
    for (const retry of [0, 1, 2, 5, 20]) {
      const cap = Math.min(2_000, 50 * 2 ** retry);
      const samples = Array.from({ length: 500 }, () => backoffDelay(retry, 50, 2_000));
      expect(samples.every((delay) => Number.isInteger(delay) && delay >= 0 && delay <= cap)).toBe(true);
      // Full jitter: values spread over the whole range, not clustered near the cap.
      expect(new Set(samples).size).toBeGreaterThan(Math.min(10, cap / 2));
      expect(Math.min(...samples)).toBeLessThan(cap / 4);
      expect(Math.max(...samples)).toBeGreaterThan((cap * 3) / 4);
    }
  });
});

describe("nextRetryDelay", () => {
  const policy: RetryPolicy = { maxRetries: 3, maxRetryTimeMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 };
  const top = () => 0.999_999;

  it("backs off exponentially from the first retry", () => {
    expect(nextRetryDelay(policy, 1, 0, undefined, top)).toBe(99);
    expect(nextRetryDelay(policy, 2, 0, undefined, top)).toBe(199);
    expect(nextRetryDelay(policy, 3, 0, undefined, top)).toBe(399);
  });

  it("stops once maxRetries re-sends were made", () => {
    expect(nextRetryDelay(policy, 4, 0, undefined, top)).toBeUndefined();
    expect(nextRetryDelay({ ...policy, maxRetries: 0 }, 1, 0, undefined, top)).toBeUndefined();
  });

  it("stops once the time budget is spent and never waits past it", () => {
    expect(nextRetryDelay(policy, 1, 10_000)).toBeUndefined();
    expect(nextRetryDelay(policy, 1, 12_000)).toBeUndefined();
    expect(nextRetryDelay(policy, 1, 9_950, 5_000)).toBe(50);
    expect(nextRetryDelay(policy, 2, 9_990, undefined, top)).toBe(10);
  });

  it("lets Retry-After replace the backoff, capped by maxDelayMs", () => {
    expect(nextRetryDelay(policy, 1, 0, 700, () => 0)).toBe(700);
    expect(nextRetryDelay(policy, 1, 0, 0, top)).toBe(0);
    expect(nextRetryDelay(policy, 1, 0, 30_000, () => 0)).toBe(1_000);
  });
});

describe("failure classification", () => {
  it("classifies statuses", () => {
    expect(classifyStatus(429)).toBe("not-processed");
    expect(classifyStatus(503)).toBe("not-processed");
    expect(classifyStatus(502)).toBe("maybe-processed");
    expect(classifyStatus(504)).toBe("maybe-processed");
    for (const status of [400, 401, 403, 404, 409, 500, 501]) expect(classifyStatus(status)).toBe("final");
  });

  it("classifies network errors by whether the request had started", () => {
    expect(classifyNetworkError("ECONNREFUSED", false)).toBe("not-processed");
    expect(classifyNetworkError("UND_ERR_CONNECT_TIMEOUT", false)).toBe("not-processed");
    expect(classifyNetworkError("ECONNRESET", false)).toBe("not-processed");
    expect(classifyNetworkError("ECONNRESET", true)).toBe("maybe-processed");
    expect(classifyNetworkError("ETIMEDOUT", true)).toBe("maybe-processed");
    expect(classifyNetworkError("DEPTH_ZERO_SELF_SIGNED_CERT", false)).toBe("final");
    expect(classifyNetworkError("UND_ERR_INVALID_ARG", false)).toBe("final");
  });

  it("re-sends non-idempotent requests only when they provably were not processed", () => {
    expect(isResendable("not-processed", false)).toBe(true);
    expect(isResendable("not-processed", true)).toBe(true);
    expect(isResendable("maybe-processed", true)).toBe(true);
    expect(isResendable("maybe-processed", false)).toBe(false);
    expect(isResendable("final", true)).toBe(false);
    expect(isResendable("final", false)).toBe(false);
  });
});
