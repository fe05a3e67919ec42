/**
 * Fault injection: rules matched in order, in two phases. "before" rules act before routing/auth (a proxy or an
 * overloaded Kibana: nothing is applied); "after" rules act once the handler has answered (the write is applied but
 * the answer is lost, replaced, late, or held while a hook runs). Bodies mimic what clients really see: Kibana's rate
 * limiter 429, a 503 from a booting Kibana, Boom 500, gateway errors.
 */
import { boomBody } from "./errors";
import type { Rng } from "./random";
import type { FaultPhase, FaultRule, FiredFault } from "./types";

export type FaultOutcome = { kind: "reset" } | { kind: "pass" } | { kind: "status"; status: number; body: unknown; headers: Record<string, string> };

export interface FaultDecision {
  rule: FaultRule;
  index: number;
  phase: FaultPhase;
  outcome: FaultOutcome;
  delayMs: number;
}

const FAULT_MESSAGES: Record<number, string> = {
  429: "Server is overloaded",
  500: "An internal server error occurred",
  502: "Bad Gateway",
  503: "Kibana server is not ready yet",
  504: "Gateway Timeout",
};

const RULE_FIELDS = ["method", "path", "rate", "times", "phase", "status", "retryAfterSeconds", "reset", "delayMs", "hook"];

function pathMatches(pattern: string | RegExp, paths: string[]): boolean {
  if (pattern instanceof RegExp) {
    return paths.some((p) => {
      pattern.lastIndex = 0;
      return pattern.test(p);
    });
  }
  if (pattern.endsWith("*")) return paths.some((p) => p.startsWith(pattern.slice(0, -1)));
  return paths.includes(pattern);
}

const isNonNegative = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v >= 0;

/** Throws `FaultRule.<field> …` (with the rule's index when there are several) for the first invalid field. */
export function validateFaultRules(rules: unknown): asserts rules is FaultRule[] {
  if (!Array.isArray(rules)) throw new Error(`faults must be an array of fault rules, got ${JSON.stringify(rules)}`);
  rules.forEach((r: unknown, i) => {
    const at = rules.length > 1 ? ` (rule ${i})` : "";
    const fail = (field: string, reason: string, value: unknown): never => {
      const shown = typeof value === "function" ? "a function" : value instanceof RegExp ? String(value) : JSON.stringify(value);
      throw new Error(`FaultRule.${field}${at} ${reason}, got ${shown}`);
    };
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw new Error(`FaultRule${at} must be an object, got ${JSON.stringify(r)}`);
    const rule = r as Record<string, unknown>;
    for (const key of Object.keys(rule)) {
      if (!RULE_FIELDS.includes(key)) throw new Error(`FaultRule${at} has an unknown field "${key}"; known fields: ${RULE_FIELDS.join(", ")}`);
    }
    if (rule.method !== undefined && (typeof rule.method !== "string" || rule.method === "")) fail("method", "must be an HTTP method name", rule.method);
    if (rule.path !== undefined && typeof rule.path !== "string" && !(rule.path instanceof RegExp)) fail("path", "must be a string or a RegExp", rule.path);
    if (rule.rate !== undefined && (typeof rule.rate !== "number" || !(rule.rate >= 0 && rule.rate <= 1))) fail("rate", "must be within 0..1", rule.rate);
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || (rule.times as number) < 0)) fail("times", "must be a non-negative integer", rule.times);
    if (rule.phase !== undefined && rule.phase !== "before" && rule.phase !== "after") fail("phase", 'must be "before" or "after"', rule.phase);
    if (rule.status !== undefined && (!Number.isInteger(rule.status) || (rule.status as number) < 400 || (rule.status as number) > 599)) {
      fail("status", "must be an error status (400..599, e.g. 429, 500, 502, 503, 504)", rule.status);
    }
    if (rule.retryAfterSeconds !== undefined && !isNonNegative(rule.retryAfterSeconds))
      fail("retryAfterSeconds", "must be a non-negative number", rule.retryAfterSeconds);
    if (rule.reset !== undefined && typeof rule.reset !== "boolean") fail("reset", "must be a boolean", rule.reset);
    if (rule.delayMs !== undefined && !isNonNegative(rule.delayMs)) fail("delayMs", "must be a non-negative number of milliseconds", rule.delayMs);
    if (rule.hook !== undefined && typeof rule.hook !== "function") fail("hook", "must be a function", rule.hook);
    if (rule.reset === true && rule.status !== undefined) fail("status", "cannot be combined with reset: true (a reset sends no answer)", rule.status);
    if (rule.reset === true && rule.retryAfterSeconds !== undefined) {
      fail("retryAfterSeconds", "cannot be combined with reset: true (a reset sends no answer)", rule.retryAfterSeconds);
    }
  });
}

function outcomeOf(rule: FaultRule): FaultOutcome {
  if (rule.reset === true) return { kind: "reset" };
  // A rule that only delays or hooks lets Kibana's answer through; any other rule answers with an error.
  if (rule.status === undefined && (rule.delayMs !== undefined || rule.hook !== undefined)) return { kind: "pass" };
  const status = rule.status ?? 503;
  const headers: Record<string, string> = {};
  if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
  return { kind: "status", status, body: boomBody(status, FAULT_MESSAGES[status]), headers };
}

/** What the request log says about a fired fault. */
export function firedFault(decision: FaultDecision, appliedStatus?: number): FiredFault {
  const fired: FiredFault = { rule: decision.index, phase: decision.phase, outcome: decision.outcome.kind };
  if (decision.delayMs > 0) fired.delayMs = decision.delayMs;
  if (decision.rule.hook) fired.hook = true;
  if (appliedStatus !== undefined) fired.appliedStatus = appliedStatus;
  return fired;
}

export class FaultEngine {
  private rules: { rule: FaultRule; fired: number }[] = [];

  constructor(
    private readonly rng: Rng,
    rules: FaultRule[] = [],
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    validateFaultRules(rules);
    this.rules = rules.map((rule) => ({ rule, fired: 0 }));
  }

  /** The first rule of `phase` that matches and fires. `paths`: the path as received and without the space prefix. */
  decide(method: string, paths: string[], phase: FaultPhase = "before"): FaultDecision | undefined {
    for (const [index, entry] of this.rules.entries()) {
      const { rule } = entry;
      if ((rule.phase ?? "before") !== phase) continue;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path !== undefined && !pathMatches(rule.path, paths)) continue;
      const rate = rule.rate ?? 1;
      if (rate < 1 && this.rng() >= rate) continue;
      entry.fired++;
      return { rule, index, phase, outcome: outcomeOf(rule), delayMs: rule.delayMs ?? 0 };
    }
    return undefined;
  }
}
