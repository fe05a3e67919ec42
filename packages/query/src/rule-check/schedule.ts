import type { RuleQueryFinding } from "./findings";

type Obj = Record<string, unknown>;

/** Kibana's defaults when a rule leaves them out (the create-rule schema's `interval`, `from` and `to`). */
const DEFAULT_INTERVAL = "5m";
const DEFAULT_FROM = "now-6m";
const DEFAULT_TO = "now";

const SECOND = 1000;
/** Date-math units as moment (and so Kibana's `@kbn/datemath`) sizes them; `M` and `y` are calendar units, approximated. */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: SECOND,
  m: 60 * SECOND,
  h: 3600 * SECOND,
  d: 86400 * SECOND,
  w: 7 * 86400 * SECOND,
  M: 30 * 86400 * SECOND,
  y: 365 * 86400 * SECOND,
};

/** A schedule interval: a whole number and a unit (`5m`, `1h`, `30s`); anything else is Kibana's schema's to refuse. */
export function parseInterval(interval: string): number | undefined {
  const match = /^(\d+)(s|m|h|d)$/.exec(interval.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}

/**
 * How far before the run a relative date-math expression is, in ms: `now` is 0, `now-6m` 360000, `now-1h+5m` 3300000.
 * Undefined for an absolute date or a rounding (`now/d`), whose distance from the run changes from run to run.
 */
export function relativeOffset(expression: string): number | undefined {
  const match = /^now((?:[+-]\d+(?:ms|[smhdwMy]))*)$/.exec(expression.trim());
  if (!match) return undefined;
  let offset = 0;
  for (const [, sign, amount, unit] of match[1]!.matchAll(/([+-])(\d+)(ms|[smhdwMy])/g)) {
    offset += (sign === "-" ? 1 : -1) * Number(amount) * UNIT_MS[unit!]!;
  }
  return offset;
}

/**
 * Each run searches `from`…`to`; runs are `interval` apart. A look-back shorter than the interval leaves the events of
 * the time between them unsearched. Kibana's own rule form cannot produce such a rule: its "Additional look-back time"
 * is added to the interval (`formatScheduleStepData` in x-pack/solutions/security/plugins/security_solution/public/
 * detection_engine/rule_creation_ui/pages/rule_creation/helpers.ts: `from = now-(interval + look-back)s`, `to = now`);
 * the API takes any `from`, so a rule written as code can. Reported as a warning: the rule runs, with gaps.
 */
export function checkLookback(rule: Obj): RuleQueryFinding[] {
  const interval = typeof rule.interval === "string" ? rule.interval : DEFAULT_INTERVAL;
  const from = typeof rule.from === "string" ? rule.from : DEFAULT_FROM;
  const to = typeof rule.to === "string" ? rule.to : DEFAULT_TO;
  const intervalMs = parseInterval(interval);
  const fromMs = relativeOffset(from);
  const toMs = relativeOffset(to);
  if (intervalMs === undefined || fromMs === undefined || toMs === undefined) return [];
  const lookbackMs = fromMs - toMs;
  if (lookbackMs >= intervalMs) return [];
  return [
    {
      severity: "warning",
      kind: "lookback-gap",
      field: "from",
      message:
        `the look-back from "${from}" to "${to}" (${humanDuration(lookbackMs)}) is shorter than the interval "${interval}": ` +
        `${humanDuration(intervalMs - lookbackMs)} of events between runs are never searched; set from to "now-${humanDuration(intervalMs + 60 * SECOND)}" or earlier`,
    },
  ];
}

/** The largest whole unit: 360000 → `6m`, 3600000 → `1h`, 90000 → `90s`; negatives keep their sign. */
function humanDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  for (const unit of ["d", "h", "m", "s"]) {
    const size = UNIT_MS[unit]!;
    if (abs >= size && abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs}ms`;
}
