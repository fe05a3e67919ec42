import { checkFingerprint, sourceDigest } from "../detection-rule/check-memo";

type Obj = Record<string, unknown>;

/*
 * Checking a rule (schema, defaults, normal form, query parse) costs about half a millisecond; a set of 1,650 rules
 * re-checked on every preview spent 0.9 s of it. A rule's check depends only on the program's text of the rule, on
 * esac's code and on the stack config the check reads, so the checked inputs keep, per rule, a digest of those: a
 * rule whose digest is unchanged takes the state's checked text as it is. The digests sit under a `__` key, which
 * Pulumi leaves out of its diff display. `read` (refresh) does not keep them, so a rule refreshed from Kibana is
 * always checked again.
 */

/** Input key: per rule_id, the digest of what the state's checked rule was made from. */
export const RULE_SOURCES_KEY = "__esac_rule_sources";

/** The digest of each rule's program text under the current code and check settings. */
export function ruleSourceDigests(texts: Map<string, string>): Record<string, string> {
  const fingerprint = checkFingerprint();
  const digests: Record<string, string> = {};
  for (const [ruleId, text] of texts) digests[ruleId] = sourceDigest(fingerprint, text);
  return digests;
}

/** The state's checked rule texts that stand for `digests` unchanged, by rule_id. */
export function reusableRules(olds: Obj, digests: Record<string, string>): Map<string, string> {
  const sources = (olds[RULE_SOURCES_KEY] ?? {}) as Obj;
  const rules = (olds.rules ?? {}) as Obj;
  const reusable = new Map<string, string>();
  for (const [ruleId, digest] of Object.entries(digests)) {
    const checked = rules[ruleId];
    if (sources[ruleId] === digest && typeof checked === "string") reusable.set(ruleId, checked);
  }
  return reusable;
}

/**
 * The program's rules split into the entries of a record by rule_id that are the very texts the state checked under
 * the same key (taken as checked, without decoding them: 13 MB of JSON for 1,650 rules) and the rest, in the
 * program's form. An array of rules is all rest: its keys are only known once decoded.
 */
export function reusableEntries(olds: Obj, programRules: unknown): { reused: Map<string, string>; sources: Record<string, string>; rest: unknown } {
  if (typeof programRules !== "object" || programRules === null || Array.isArray(programRules)) return { reused: new Map(), sources: {}, rest: programRules };
  const entries = Object.entries(programRules as Obj);
  const sources = ruleSourceDigests(new Map(entries.filter((e): e is [string, string] => typeof e[1] === "string")));
  const reused = reusableRules(olds, sources);
  const rest = Object.fromEntries(entries.filter(([ruleId]) => !reused.has(ruleId)));
  return { reused, sources: Object.fromEntries(Object.entries(sources).filter(([ruleId]) => reused.has(ruleId))), rest };
}
