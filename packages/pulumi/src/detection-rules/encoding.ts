import { canonicalJson, toPlainJson } from "../provider-kit/json";
import { containsUnknown } from "../provider-kit/unknown";

/*
 * A rule set travels between the program, the engine and this provider, and sits in the state, with each rule as
 * one JSON text (keys sorted) instead of a tree of values. Pulumi converts every property value to a protobuf Struct
 * and back at each step, in Node and in Go: for 1,650 corpus rules the tree form took 25 s of a 37 s preview (the
 * provider's own check and diff took 0.6 s); as texts it is 1,650 strings. `pulumi preview --diff` still shows each
 * changed rule field by field: Pulumi's display decodes JSON strings ("(json)").
 */

/** A rule (or a loaded rule entry) as the set's JSON text. */
export const encodeRule = (rule: unknown): string => canonicalJson(rule);

/** A rule from the state or the program: the JSON text of a rule, or a rule object (states written before texts). */
export function decodeRule(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * The set's rules by rule_id, as texts, sorted by rule_id so the state's order does not depend on the program's. A
 * text is kept as it is (a rule of the state, already encoded). A rule still holding values unknown at preview stays
 * an object: as text, Pulumi's unknown marker would read as a value.
 */
export function encodeRules(rules: Record<string, unknown>): Record<string, unknown> {
  const encoded = (rule: unknown) => (typeof rule === "string" ? rule : containsUnknown(rule) ? toPlainJson(rule) : encodeRule(rule));
  return Object.fromEntries(
    Object.keys(rules)
      .sort()
      .map((ruleId) => [ruleId, encoded(rules[ruleId])]),
  );
}
