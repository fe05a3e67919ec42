/** Kibana's schedule strings: `interval` ("5m") and date math for `from`/`to` ("now-6m", "now-1d/d"). */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** "5m" → 300000; also "90s", "1h", "2d", "1w", "0s". Undefined if not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+)\s*(ms|s|m|h|d|w)\s*$/.exec(value);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

/**
 * How far before "now" a relative date-math expression points, in ms: "now" → 0, "now-6m" → 360000,
 * "now-1h-30m" → 5400000, "now-1d/d" → 86400000 (rounding only moves the start earlier, so ignoring it gives the
 * shortest look-back, which is what a coverage check needs). Undefined for absolute dates or anything else.
 */
export function parseRelativeDateMath(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  const m = /^now((?:[+-]\d+(?:ms|[smhdw]))*)(?:\/(?:[smhdwMy]))?$/.exec(s);
  if (!m) return undefined;
  let offset = 0;
  for (const part of m[1].matchAll(/([+-])(\d+)(ms|[smhdw])/g)) {
    const ms = Number(part[2]) * UNIT_MS[part[3]];
    offset += part[1] === "-" ? ms : -ms;
  }
  return offset;
}

/** 360000 → "6m", 5400000 → "1h30m", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  const out: string[] = [];
  for (const [unit, size] of [
    ["d", UNIT_MS.d],
    ["h", UNIT_MS.h],
    ["m", UNIT_MS.m],
    ["s", UNIT_MS.s],
  ] as const) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) out.push(`${rest}ms`);
  return sign + out.join("");
}
