import { createHash } from "node:crypto";
import { changedRuleFields } from "../detection-rule/normalize";
import { decodeRule } from "./encoding";

type Obj = Record<string, unknown>;

/*
 * The state's outputs record, per rule, what Kibana holds, without repeating the rule text the inputs already hold.
 * Pulumi keeps inputs and outputs side by side, sends both through gRPC at each step and rewrites both at each
 * checkpoint: with a copy of each rule in both, a set of 1,650 rules was 26 MB of state, and a no-change preview, a
 * refresh and an edit each took 1.5 to 4 s longer than with one copy (measured on the engine alone, no HTTP).
 *
 * An entry is either
 * - `sha256:<digest of Kibana's text>.<digest of the program's checked text>` when Kibana holds the program's rule
 *   (no field differs): the diff compares the program's next text by its digest, a refresh Kibana's by its own;
 * - or Kibana's copy as JSON text (its normal form), when it differs from the program's: a rule changed in Kibana
 *   since (found by refresh), or one Kibana did not take as written. States written before entries were digests hold
 *   this form (or the rule as an object) for every rule.
 */

const SAME_RULE = /^sha256:([\w-]{43})\.([\w-]{43})$/;

const digestOf = (text: string): string => createHash("sha256").update(text).digest("base64url");

/** The entry for a rule Kibana holds as `kibanaText` (its normal form as JSON text), written from `programText`. */
export function heldEntry(kibanaText: string, programText: unknown): string {
  const same =
    typeof programText === "string" &&
    (programText === kibanaText || changedRuleFields(JSON.parse(kibanaText) as Obj, decodeRule(programText) as Obj).length === 0);
  return same ? `sha256:${digestOf(kibanaText)}.${digestOf(programText)}` : kibanaText;
}

/** The digests of an entry that says Kibana holds the program's rule; undefined for an entry holding Kibana's copy. */
function sameRuleDigests(entry: unknown): { kibana: string; program: string } | undefined {
  const match = typeof entry === "string" ? SAME_RULE.exec(entry) : null;
  return match ? { kibana: match[1]!, program: match[2]! } : undefined;
}

/** Kibana's copy of the rule as the entry records it, decoded; undefined when the entry is digests only. */
export function heldCopy(entry: unknown): Obj | undefined {
  return sameRuleDigests(entry) ? undefined : (decodeRule(entry) as Obj);
}

/**
 * Whether the program's checked `programText` is what Kibana holds, as far as the state knows: the text it was written
 * from or Kibana's own text, or (against a recorded copy) no field that Kibana would keep differs.
 */
export function holdsProgramRule(entry: unknown, programText: unknown): boolean {
  const digests = sameRuleDigests(entry);
  if (digests) return typeof programText === "string" && [digests.program, digests.kibana].includes(digestOf(programText));
  if (typeof entry === "string" && entry === programText) return true;
  return changedRuleFields(decodeRule(entry) as Obj, decodeRule(programText) as Obj).length === 0;
}

/**
 * The entry after a refresh that found Kibana holding `kibanaText`: the state's entry when Kibana's copy is the one
 * it records (then nothing drifted), else Kibana's copy.
 */
export function refreshedEntry(entry: unknown, kibanaText: string): { entry: string; drifted: boolean } {
  const digests = sameRuleDigests(entry);
  const unchanged = digests ? digestOf(kibanaText) === digests.kibana : entry === kibanaText;
  return unchanged ? { entry: entry as string, drifted: false } : { entry: kibanaText, drifted: true };
}
