import { formatDuration, parseDuration, parseRelativeDateMath } from "../../src/util/time";
import { globToRegExp } from "../../src/util/match";
import { checkHttps } from "../../src/util/url";
import { productionReason, PRODUCTION_DEFAULTS } from "../../src/util/production";
import { context } from "../helpers";

describe("time", () => {
  it.each([
    ["5m", 300_000],
    ["90s", 90_000],
    ["1h", 3_600_000],
    ["2d", 172_800_000],
    ["0s", 0],
    ["5 minutes", undefined],
    [5, undefined],
  ])("parseDuration(%j) = %j", (s, ms) => expect(parseDuration(s)).toBe(ms));
  it.each([
    ["now", 0],
    ["now-6m", 360_000],
    ["now-1h-30m", 5_400_000],
    ["now-1d/d", 86_400_000],
    ["now+5m", -300_000],
    ["2026-01-01", undefined],
    ["now-6 minutes", undefined],
  ])("parseRelativeDateMath(%j) = %j", (s, ms) => expect(parseRelativeDateMath(s)).toBe(ms));
  it("formats durations", () => {
    expect([0, 360_000, 5_400_000, 90_061_500].map(formatDuration)).toEqual(["0s", "6m", "1h30m", "1d1h1m1s500ms"]);
  });
});

describe("globs, URLs and production", () => {
  it("matches globs case-insensitively", () => {
    expect(globToRegExp("prod-*").test("PROD-eu")).toBe(true);
    expect(globToRegExp("prod-*").test("preprod-eu")).toBe(false);
    expect(globToRegExp("a.b?").test("axbc")).toBe(false);
  });
  it("checks https", () => {
    expect(checkHttps("https://x", [])).toEqual({ ok: true });
    expect(checkHttps("http://x", [])).toEqual({ ok: false, reason: "uses plain http (host x)" });
    expect(checkHttps("ftp://x", [])).toEqual({ ok: false, reason: "uses the ftp scheme, not https" });
    expect(checkHttps("http://[::1]:8080", ["::1"])).toEqual({ ok: true });
  });
  it("tells production stacks apart", () => {
    expect(productionReason(PRODUCTION_DEFAULTS, context({ stack: "dev" }))).toBeUndefined();
    expect(productionReason(PRODUCTION_DEFAULTS, context({ stack: "production" }))).toBe('stack name "production"');
    expect(productionReason(PRODUCTION_DEFAULTS, context({ tags: { environment: "prod" } }))).toBe("stack tag environment=prod");
  });
});
