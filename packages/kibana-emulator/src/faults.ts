/**
 * Fault injection: rules matched in order before routing/auth (they model a proxy or an overloaded Kibana).
 * Bodies mimic what clients really see: Kibana's rate limiter 429, a 503 from a booting Kibana, Boom 500,
 * gateway errors.
 */
import { boomBody } from "./errors";
import type { Rng } from "./random";
import type { FaultRule } from "./types";

export interface FaultDecision {
  rule: FaultRule;
  reset: boolean;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const FAULT_MESSAGES: Record<number, string> = {
  429: "Server is overloaded",
  500: "An internal server error occurred",
  502: "Bad Gateway",
  503: "Kibana server is not ready yet",
  504: "Gateway Timeout",
};

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

export class FaultEngine {
  private rules: { rule: FaultRule; fired: number }[] = [];

  constructor(
    private readonly rng: Rng,
    rules: FaultRule[] = [],
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    for (const r of rules) {
      if (r.rate !== undefined && (r.rate < 0 || r.rate > 1)) throw new Error(`FaultRule.rate must be within 0..1, got ${r.rate}`);
      if (r.times !== undefined && (!Number.isInteger(r.times) || r.times < 0)) throw new Error(`FaultRule.times must be a non-negative integer`);
    }
    this.rules = rules.map((rule) => ({ rule, fired: 0 }));
  }

  /** `paths`: the path as received and without the space prefix. */
  decide(method: string, paths: string[]): FaultDecision | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path !== undefined && !pathMatches(rule.path, paths)) continue;
      const rate = rule.rate ?? 1;
      if (rate < 1 && this.rng() >= rate) continue;
      entry.fired++;
      const status = rule.status ?? 503;
      const headers: Record<string, string> = {};
      if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
      return { rule, reset: rule.reset === true, status, body: boomBody(status, FAULT_MESSAGES[status]), headers };
    }
    return undefined;
  }
}
