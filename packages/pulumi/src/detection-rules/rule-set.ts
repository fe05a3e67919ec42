import type * as pulumi from "@pulumi/pulumi";
import { checkFailures, type CheckFailure } from "../provider-kit/check";
import { OPTION_KEYS } from "../provider-kit/kibana-target";
import { OWNER_INPUT_KEY } from "../provider-kit/ownership";
import { containsUnknown } from "../provider-kit/unknown";
import { decodeRule } from "./encoding";

type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A `LoadedRule` of `loadRuleFiles` (`{ file, at, body }`): its body is the rule. Either may come as JSON text. */
function ruleBodyOf(encoded: unknown): unknown {
  const entry = decodeRule(encoded);
  return isObject(entry) && isObject(entry.body) && typeof entry.file === "string" ? entry.body : entry;
}

/**
 * The program's `rules` as rule bodies keyed by `rule_id`: an array of rules, or a record by `rule_id` (what
 * `loadRuleFiles().rules` is) whose values are rules or loaded rules. Problems name the entry.
 */
export function keyedRules(rules: unknown): {
  byId: Map<string, unknown>;
  /** The entry's JSON text, for each rule given as one. */
  texts: Map<string, string>;
  problems: { reason: string; value?: unknown }[];
} {
  const byId = new Map<string, unknown>();
  const texts = new Map<string, string>();
  const problems: { reason: string; value?: unknown }[] = [];
  const entries: [string, unknown, unknown][] = Array.isArray(rules)
    ? rules.map((r, i) => [`rules[${i}]`, ruleBodyOf(r), r])
    : isObject(rules)
      ? Object.entries(rules).map(([k, r]) => [`rules["${k}"]`, ruleBodyOf(r), r])
      : [];
  if (!Array.isArray(rules) && !isObject(rules))
    problems.push({ reason: "rules: required (an array of rules, or a record of rules by rule_id)", value: rules });
  for (const [where, body, entry] of entries) {
    if (!isObject(body)) {
      problems.push({ reason: `${where}: must be a rule object`, value: body });
      continue;
    }
    const ruleId = body.rule_id;
    if (typeof ruleId !== "string" || ruleId === "") {
      problems.push({ reason: `${where}.rule_id: required (string): it keys the rule in the set`, value: ruleId });
      continue;
    }
    if (!Array.isArray(rules) && !where.endsWith(`["${ruleId}"]`)) {
      problems.push({ reason: `${where}: its rule_id is "${ruleId}"; a record of rules is keyed by rule_id` });
      continue;
    }
    if (byId.has(ruleId)) {
      problems.push({ reason: `${where}: rule_id "${ruleId}" appears more than once` });
      continue;
    }
    byId.set(ruleId, body);
    if (typeof entry === "string") texts.set(ruleId, entry);
  }
  return { byId, texts, problems };
}

/**
 * Checks every rule with `DetectionRule`'s own `check` (the same schema, defaults and normal form), all failures at
 * once, each prefixed with its rule_id. Returns the normal forms by rule_id.
 */
export async function checkRules(singular: pulumi.dynamic.ResourceProvider, byId: Map<string, unknown>): Promise<{ rules: Obj; failures: CheckFailure[] }> {
  const rules: Obj = {};
  const failures: CheckFailure[] = [];
  for (const [ruleId, body] of byId) {
    const checked = await singular.check!({}, body as Obj);
    if (checked.failures?.length) {
      failures.push(...checked.failures.map((f) => ({ property: "", reason: `rule_id "${ruleId}": ${f.property ? `${f.property}: ` : ""}${f.reason}` })));
      continue;
    }
    rules[ruleId] = containsUnknown(body) ? body : withoutOptions(checked.inputs as Obj);
  }
  return { rules, failures };
}

function withoutOptions(inputs: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(inputs)) if (!(OPTION_KEYS as readonly string[]).includes(k) && k !== OWNER_INPUT_KEY) out[k] = v;
  return out;
}

/** The problems of {@link keyedRules} as check failures. */
export function keyFailures(problems: { reason: string; value?: unknown }[]): CheckFailure[] {
  return checkFailures(problems.map((p) => ({ path: [], reason: p.reason, value: p.value })));
}
