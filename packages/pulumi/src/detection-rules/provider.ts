import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { RuleResponse } from "@esac/kibana-client";
import { checkFailures, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { replacedKeys } from "../provider-kit/identity";
import { ResourceInitError } from "../provider-kit/init-error";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { carriedOptions, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { carriesOwnerMarker, ownerInput, ownerOf, setMeta, withOwnerMarker } from "../provider-kit/ownership";
import { DEFAULT_SPACE, validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { concurrentEditError, OVERWRITE_OPTION } from "../detection-rule/concurrent-edit";
import { canonicalRule, changedRuleFields, ruleRequestBody } from "../detection-rule/normalize";
import { detectionRuleProvider } from "../detection-rule/provider";
import { deleteByRuleIds, findByRuleIds, importByRuleId, type RuleFailure } from "./bulk";
import { decodeRule, encodeRule, encodeRules } from "./encoding";
import { heldCopy, heldEntry, holdsProgramRule, refreshedEntry } from "./held";
import { checkRules, isObject, keyedRules, keyFailures } from "./rule-set";
import { reusableEntries, reusableRules, ruleSourceDigests, RULE_SOURCES_KEY } from "./check-memo";

type Obj = Record<string, unknown>;

/** Per rule, the server-filled fields kept beside the normal form: the concurrent-edit check compares them. */
const SERVER_FIELDS = ["id", "revision", "updated_at", "updated_by"] as const;

const label = (props: Obj) => `DetectionRules in space "${(props.space_id as string | undefined) ?? DEFAULT_SPACE}"`;
/** One rule of the checked inputs, decoded (see ./encoding): an operation decodes only the rules it writes. */
const ruleOf = (props: Obj, ruleId: string) => decodeRule((props.rules as Obj)[ruleId]) as Obj;
/** The rule_ids of the state or the checked inputs. */
const ruleIdsOf = (props: Obj) => Object.keys((props.rules ?? {}) as Obj);

/**
 * What Kibana holds of `ruleIds`, by rule_id: its normal form as JSON text, and its server fields. A rule Kibana does
 * not hold is left out.
 */
function heldTexts(held: Map<string, RuleResponse>, ruleIds: Iterable<string>): { texts: Map<string, string>; kibana: Obj } {
  const texts = new Map<string, string>();
  const kibana: Obj = {};
  for (const ruleId of [...ruleIds].sort()) {
    const rule = held.get(ruleId);
    if (!rule) continue;
    texts.set(ruleId, encodeRule(canonicalRule(rule as unknown as Obj)));
    kibana[ruleId] = pick(rule as unknown as Obj, SERVER_FIELDS);
  }
  return { texts, kibana };
}

/** The body written for a rule: its normal form with this resource's ownership marker in `meta`. */
function markedBody(rule: Obj, owner: string | undefined): Obj {
  const body = ruleRequestBody(rule);
  return setMeta(body, withOwnerMarker(body.meta, owner));
}

const ADOPT_ADVICE =
  "To manage it from this set, set `adopt: true` on the DetectionRules resource (its settings will be overwritten by the program's); " +
  "otherwise choose another rule_id.";

interface Plan {
  write: string[];
  failures: RuleFailure[];
}

/**
 * Which of `ruleIds` (new to the state) may be written: a rule Kibana already holds is written when it carries this
 * resource's ownership marker (an interrupted earlier create) or with `adopt`; a foreign one is refused, naming it.
 * A held rule that already has the program's settings is kept as it is (no write).
 */
function planNew(inputs: Obj, ruleIds: string[], held: Map<string, RuleResponse>): Plan {
  const plan: Plan = { write: [], failures: [] };
  const ours = carriesOwnerMarker(ownerOf(inputs));
  for (const ruleId of ruleIds) {
    const existing = held.get(ruleId);
    if (!existing) plan.write.push(ruleId);
    else if (!ours(existing) && inputs.adopt !== true) {
      plan.failures.push({ rule_id: ruleId, message: `already exists in Kibana and carries no ownership marker of this resource. ${ADOPT_ADVICE}` });
    } else if (changedRuleFields(canonicalRule(existing as unknown as Obj), ruleOf(inputs, ruleId)).length) plan.write.push(ruleId);
  }
  return plan;
}

/** Rules changed in Kibana since the state's read (another revision or updated_at), unless the update may overwrite them. */
function refusedEdits(olds: Obj, news: Obj, ruleIds: string[], held: Map<string, RuleResponse>): RuleFailure[] {
  if (news[OVERWRITE_OPTION] === true) return [];
  const server = (olds.kibana ?? {}) as Record<string, Obj>;
  return ruleIds.flatMap((ruleId) => {
    // With digests only, the state has no copy to name the fields Kibana changed by: the revision says it.
    const stateCopy = heldCopy((olds.rules as Obj)[ruleId]);
    const refused = concurrentEditError(`rule_id "${ruleId}"`, { ...stateCopy, ...server[ruleId] }, held.get(ruleId), stateCopy !== undefined);
    return refused ? [{ rule_id: ruleId, message: refused.message.replace(`rule_id "${ruleId}" `, "").replace(/^: /, "") }] : [];
  });
}

/**
 * Rules added, removed, changed and unchanged between the state and the checked inputs (see ./held for how the state
 * records each rule: digests when Kibana holds the program's rule, compared without decoding; else Kibana's copy,
 * compared field by field, where a difference Kibana would not keep, such as an action uuid the program leaves to
 * Kibana, is no change).
 */
function ruleChanges(olds: Obj, news: Obj): { added: string[]; removed: string[]; changed: string[]; unchanged: string[] } {
  const [before, after] = [(olds.rules ?? {}) as Obj, (news.rules ?? {}) as Obj];
  const added = Object.keys(after).filter((ruleId) => !(ruleId in before));
  const removed = Object.keys(before).filter((ruleId) => !(ruleId in after));
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const ruleId of Object.keys(after)) {
    if (!(ruleId in before)) continue;
    (holdsProgramRule(before[ruleId], after[ruleId]) ? unchanged : changed).push(ruleId);
  }
  return { added, removed, changed, unchanged };
}

/**
 * Rules checked again that have the settings of the state's checked rule keep the state's text: the same settings in
 * another form (a value left to Kibana, another esac version's normal form) are no change, and the state's digests
 * (./held) still stand for them.
 */
function withStateTexts(olds: Obj, rules: Obj): Obj {
  const before = (olds.rules ?? {}) as Obj;
  const kept = (ruleId: string, rule: unknown) => {
    const text = before[ruleId];
    const previous = typeof text === "string" ? decodeRule(text) : undefined;
    const same = isObject(previous) && !containsUnknown(rule) && changedRuleFields(previous, rule as Obj).length === 0;
    return same ? text : rule;
  };
  return Object.fromEntries(Object.entries(rules).map(([ruleId, rule]) => [ruleId, kept(ruleId, rule)]));
}

/** The state's entries for `ruleIds`, as they were (rules this operation does not touch). */
function untouched(olds: Obj, ruleIds: string[]): { rules: Obj; kibana: Obj } {
  return { rules: pick((olds.rules ?? {}) as Obj, ruleIds), kibana: pick((olds.kibana ?? {}) as Obj, ruleIds) };
}

/**
 * Writes in bulk (`_import?overwrite=true` for creates and updates, `_bulk_action` delete for removals), reads back
 * every rule involved (`read`, `write`, `remove`) with one filtered `_find`, and returns the state: what Kibana now
 * holds of them, plus `base` for the rules not touched. When a rule failed, that state is still recorded (as a
 * `ResourceInitError`, which Pulumi stores as the resource's outputs) and the operation fails naming every failed
 * rule: the next `up` retries only those.
 */
async function apply(
  id: string,
  target: KibanaTarget,
  news: Obj,
  base: { rules: Obj; kibana: Obj },
  change: { read: string[]; write: string[]; remove: string[] },
  failures: RuleFailure[],
): Promise<Obj> {
  const { read, write, remove } = change;
  const owner = ownerOf(news);
  try {
    failures.push(
      ...(await importByRuleId(
        target,
        write.map((ruleId) => markedBody(ruleOf(news, ruleId), owner)),
      )),
    );
    const deleteErrors = await deleteByRuleIds(target, remove);
    const involved = [...read, ...write, ...remove];
    const held = involved.length ? await findByRuleIds(target, involved) : new Map<string, RuleResponse>();
    for (const ruleId of remove) {
      if (held.has(ruleId)) failures.push({ rule_id: ruleId, message: `could not be deleted${deleteErrors.length ? `: ${deleteErrors.join("; ")}` : ""}` });
    }
    const now = heldTexts(held, involved);
    const written = (news.rules ?? {}) as Obj;
    const entries = Object.fromEntries([...now.texts].map(([ruleId, text]) => [ruleId, heldEntry(text, written[ruleId])]));
    // The entries are strings and the server fields are picked: only the options need making plain.
    const outs = {
      ...toPlainJson(carriedOptions(news)),
      rules: sortedKeys({ ...base.rules, ...entries }),
      kibana: sortedKeys({ ...base.kibana, ...now.kibana }),
    };
    if (!failures.length) return outs;
    const reasons = failures.map((f) => `rule_id "${f.rule_id}": ${f.message}`);
    const failedWrites = new Set(failures.map((f) => f.rule_id).filter((ruleId) => write.includes(ruleId) || remove.includes(ruleId)));
    const applied = write.length + remove.length - failedWrites.size;
    throw new ResourceInitError(
      `${label(news)}: ${failures.length} rule(s) failed, ${applied} change(s) applied:\n  ${reasons.join("\n  ")}`,
      id,
      outs,
      news,
      reasons,
    );
  } catch (error) {
    if (error instanceof ResourceInitError) throw error;
    throw withContext(label(news), error);
  }
}

function sortedKeys(obj: Obj): Obj {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A set of detection rules of one space as one resource, keyed by `rule_id`: diffed by rule, written in bulk. See
 * `DetectionRules` (resource.ts) for the calls each operation makes.
 */
export const detectionRulesProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news)];
    // Rules still unknown at preview (computed by other resources) are checked once they are known.
    if (isUnknown(news.rules))
      return { inputs: problems.length ? news : { ...news, ...carriedOptions(news), ...ownerInput(news) }, failures: checkFailures(problems) };
    const memo = reusableEntries(olds, news.rules);
    const { byId, texts, problems: keyProblems } = keyedRules(memo.rest);
    const restSources = ruleSourceDigests(texts);
    const sources = { ...memo.sources, ...restSources };
    const reused = new Map([...memo.reused, ...reusableRules(olds, restSources)]);
    const { rules, failures } = await checkRules(detectionRuleProvider, new Map([...byId].filter(([ruleId]) => !reused.has(ruleId))));
    const all = [...checkFailures(problems), ...keyFailures(keyProblems), ...failures];
    if (all.length) return { inputs: news, failures: all };
    return {
      inputs: {
        ...toPlainJson({ ...carriedOptions(news), ...ownerInput(news) }),
        rules: encodeRules({ ...withStateTexts(olds, rules), ...Object.fromEntries(reused) }),
        [RULE_SOURCES_KEY]: sources,
      },
    };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["space_id"], { space_id: DEFAULT_SPACE });
    if (containsUnknown(news)) return { changes: true, replaces };
    const { added, removed, changed } = ruleChanges(olds, news);
    const rulesChanged = added.length + removed.length + changed.length > 0;
    return { changes: rulesChanged || replaces.length > 0 || !deepEqual(olds.connection, news.connection), replaces };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const id = ownerOf(inputs) ?? randomUUID();
    const ruleIds = ruleIdsOf(inputs);
    const held = await findByRuleIds(target, ruleIds).catch((e) => Promise.reject(withContext(label(inputs), e)));
    const plan = planNew(inputs, ruleIds, held);
    const asIs = ruleIds.filter((ruleId) => held.has(ruleId) && !plan.write.includes(ruleId) && !plan.failures.some((f) => f.rule_id === ruleId));
    const outs = await apply(id, target, inputs, { rules: {}, kibana: {} }, { read: asIs, write: plan.write, remove: [] }, plan.failures);
    return { id, outs };
  },

  /**
   * One `_find` of the state's rules. When every rule Kibana holds is the copy the state records, the state's inputs
   * stay as they are (Pulumi keeps them when `read` returns none: the program's checked rules, with their check
   * digests). Otherwise the inputs become Kibana's rules, so the next preview shows each drifted rule field by field.
   */
  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const recorded = (props.rules ?? {}) as Obj;
    const ruleIds = Object.keys(recorded);
    const held = await findByRuleIds(target, ruleIds).catch((e) => Promise.reject(withContext(label(props), e)));
    const { texts, kibana } = heldTexts(held, ruleIds);
    const rules: Obj = {};
    let drifted = texts.size !== ruleIds.length;
    for (const [ruleId, text] of texts) {
      const refreshed = refreshedEntry(recorded[ruleId], text);
      rules[ruleId] = refreshed.entry;
      drifted ||= refreshed.drifted;
    }
    const options = toPlainJson(carriedOptions(props));
    const outs = { ...options, rules, kibana };
    return drifted ? { id, props: outs, inputs: { ...options, rules: Object.fromEntries(texts) } } : { id, props: outs };
  },

  async update(id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const { added, removed, changed, unchanged } = ruleChanges(olds, news);
    const toRead = [...added, ...changed];
    const held = toRead.length
      ? await findByRuleIds(target, toRead).catch((e) => Promise.reject(withContext(label(news), e)))
      : new Map<string, RuleResponse>();
    const plan = planNew(news, added, held);
    const refused = refusedEdits(olds, news, changed, held);
    const refusedIds = new Set(refused.map((f) => f.rule_id));
    const asIs = added.filter((ruleId) => held.has(ruleId) && !plan.write.includes(ruleId) && !plan.failures.some((f) => f.rule_id === ruleId));
    const write = [...plan.write, ...changed.filter((ruleId) => !refusedIds.has(ruleId))];
    // A refused edit keeps the state's copy, so the refusal stands until a refresh takes Kibana's.
    const base = untouched(olds, [...unchanged, ...changed.filter((ruleId) => refusedIds.has(ruleId))]);
    const outs = await apply(id, target, news, base, { read: asIs, write, remove: removed }, [...plan.failures, ...refused]);
    return { outs };
  },

  async delete(_id: string, props: Obj) {
    const errors = await deleteByRuleIds(targetOf(props), ruleIdsOf(props));
    if (errors.length) throw new Error(`${label(props)}: ${errors.join("; ")}`);
  },
};
