import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import {
  createRule,
  deleteRule,
  findAllRules,
  isConflict,
  isNotFound,
  readRule,
  RULE_READ_ONLY_FIELDS,
  ruleCreateStrictSchema,
  updateRule,
  type RuleCreateProps,
  type RuleResponse,
} from "@esac/kibana-client";
import { checkFailures, formatPath, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig, stackConfigValue } from "../provider-kit/config";
import { derivedKey } from "../provider-kit/identity";
import { carriedOptions, kibanaFields, targetOf, type KibanaTarget } from "../provider-kit/kibana-target";
import {
  carriesOwnerMarker,
  foreignObjectError,
  isForeignObject,
  logTookBack,
  ownerInput,
  ownerOf,
  reservedMetaProblems,
  setMeta,
  withOwnerMarker,
} from "../provider-kit/ownership";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { toPlainJson } from "../provider-kit/json";
import { validateResourceOptions, DEFAULT_SPACE } from "../provider-kit/resource-options";
import { changedRuleFields, ruleRequestBody, ruleState } from "./normalize";
import { reusableCheck, ruleSourceOf, withRuleSource } from "./check-memo";
import { concurrentEditError, OVERWRITE_OPTION } from "./concurrent-edit";
import { featureCheckProblems, refuseMissingFeatures } from "../provider-kit/kibana-version";
import { ruleFeatureUses } from "./version-gates";
import { queryCheckProblems, queryCheckSettings } from "./query-check";

type Obj = Record<string, unknown>;

const REPLACE_KEYS = ["rule_id", "type", "space_id"] as const;

const snapshots = new SnapshotCache<RuleResponse>();

/**
 * A rule by `rule_id` from the process's one `_find` per space, shared by every rule resource (DetectionRule,
 * PrebuiltRule), so N of them cost one listing at refresh; `recordRuleWrite` keeps it current after a write.
 */
export function snapshotRule(target: KibanaTarget, ruleId: string): Promise<RuleResponse | undefined> {
  return snapshots.get(target.scope, ruleId, async () => new Map((await findAllRules(target)).map((r) => [r.rule_id, r])));
}

export function recordRuleWrite(target: KibanaTarget, ruleId: string, rule: RuleResponse | undefined): Promise<void> {
  return snapshots.put(target.scope, ruleId, rule);
}

/** Drop the per-process read snapshots (tests; a long-lived process that must re-read). */
export function resetRuleReadCache(): void {
  snapshots.clear();
}

function describe(props: Obj): string {
  return `DetectionRule rule_id "${props.rule_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;
}

function withContext(props: Obj, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${describe(props)}: ${message}`);
}

export const detectionRuleProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const source = ruleSourceOf(news);
    const reused = reusableCheck(olds, news, source);
    // The connection is not part of the digest: it is validated every time.
    const optionProblems = validateResourceOptions(news);
    if (reused && optionProblems.length === 0) return { inputs: reused };
    const problems: CheckProblem[] = [...optionProblems, ...reservedMetaProblems(news)];
    const body: Obj = kibanaFields(news);
    for (const k of RULE_READ_ONLY_FIELDS) delete body[k];
    // Rules replace delete-first (REPLACE_KEYS), so a replacement may reuse the key.
    body.rule_id ??= (olds.rule_id as string | undefined) ?? derivedKey(news, ["rule_id"]) ?? randomUUID();

    // The query check reads stack config (esac:queryFieldCheck, esac:customFields, kibana:version) and reports
    // broken queries beside the schema's problems, all at once.
    const queryCheck = queryCheckSettings(stackConfigValue);
    problems.push(...queryCheck.problems);
    const parsed = ruleCreateStrictSchema.safeParse(body);
    if (!parsed.success) {
      problems.push(...zodProblems(ruleCreateStrictSchema, parsed.error, body).map(explainRepositoryShape));
      problems.push(...queryCheckProblems(body, queryCheck.settings));
      // Whatever failed only because of unknown values is checked again once they are known.
      return { inputs: { ...news, ...carriedOptions(news), rule_id: body.rule_id }, failures: checkFailures(problems) };
    }
    problems.push(...featureCheckProblems(ruleFeatureUses(body)), ...queryCheckProblems(body, queryCheck.settings));
    if (problems.length) return { inputs: news, failures: checkFailures(problems) };
    const inputs = toPlainJson({ ...ruleRequestBody(parsed.data), ...carriedOptions(news), ...ownerInput(news) });
    return { inputs: withRuleSource(olds, inputs, source) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = REPLACE_KEYS.filter((k) => isUnknown(news[k]) || (olds[k] ?? (k === "space_id" ? DEFAULT_SPACE : undefined)) !== news[k]);
    if (containsUnknown(news)) {
      return { changes: true, replaces: [...replaces], deleteBeforeReplace: true };
    }
    const changed = changedRuleFields(olds, news);
    return { changes: replaces.length > 0 || changed.length > 0, replaces: [...replaces], deleteBeforeReplace: true };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const adopted = await adoptedAsIs(target, inputs);
    if (adopted) return { id: adopted.id, outs: toPlainJson({ ...ruleState(adopted), ...carriedOptions(inputs) }) };
    const owner = ownerOf(inputs);
    const body = markedRuleBody(inputs);
    await refuseMissingFeatures(target.transport, ruleFeatureUses(body)).catch((e) => Promise.reject(withContext(inputs, e)));
    let rule: RuleResponse;
    try {
      rule = await createRule(target, body, { isOwn: carriesOwnerMarker(owner) });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(describe(inputs), ADOPT_ADVICE, error);
      if (!isConflict(error)) throw withContext(inputs, error);
      rule = await takeBackOrAdopt(target, inputs, body, owner, error);
    }
    await snapshots.put(target.scope, rule.rule_id, rule);
    return { id: rule.id, outs: toPlainJson({ ...ruleState(rule), ...carriedOptions(inputs) }) };
  },

  async read(_id: string, props: Obj) {
    const target = targetOf(props);
    const ruleId = props.rule_id as string;
    const rule = await snapshots
      .get(target.scope, ruleId, async () => new Map((await findAllRules(target)).map((r) => [r.rule_id, r])))
      .catch((e) => Promise.reject(withContext(props, e)));
    if (!rule) return {};
    const state = toPlainJson({ ...ruleState(rule), ...carriedOptions(props) });
    const { revision, immutable, rule_source, created_at, created_by, updated_at, updated_by, ...inputs } = state;
    return { id: rule.id, props: state, inputs };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    await refuseMissingFeatures(target.transport, ruleFeatureUses(news)).catch((e) => Promise.reject(withContext(news, e)));
    // Kibana's PUT takes no version, so a change made since the state's read is caught here: against the process's
    // `_find` snapshot (a provider process serves one `up`), which this process's own writes keep current.
    if (news[OVERWRITE_OPTION] !== true && targetOf(olds).scope === target.scope) {
      const current = await snapshots
        .get(target.scope, news.rule_id as string, async () => new Map((await findAllRules(target)).map((r) => [r.rule_id, r])))
        .catch((e) => Promise.reject(withContext(news, e)));
      const refused = concurrentEditError(describe(news), olds, current);
      if (refused) throw refused;
    }
    let rule: RuleResponse;
    try {
      rule = await updateRule(target, markedRuleBody(news));
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(
          `${describe(news)} no longer exists in Kibana (deleted outside Pulumi?). Run \`pulumi refresh\`, then ` + `\`pulumi up\` to create it again.`,
          { cause: error },
        );
      }
      throw withContext(news, error);
    }
    await snapshots.put(target.scope, rule.rule_id, rule);
    return { outs: toPlainJson({ ...ruleState(rule), ...carriedOptions(news) }) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    await deleteRule(target, { rule_id: props.rule_id as string }).catch((e) => Promise.reject(withContext(props, e)));
    await snapshots.put(target.scope, props.rule_id as string, undefined);
  },
};

/**
 * The body of every write (create and update alike, Kibana's PUT replaces the whole rule): the program's rule with
 * this resource's ownership marker in `meta`, so that the marker outlives updates.
 */
function markedRuleBody(inputs: Obj): RuleCreateProps {
  const requested = ruleRequestBody(inputs);
  return setMeta(requested, withOwnerMarker(requested.meta, ownerOf(inputs))) as RuleCreateProps;
}

const ADOPT_ADVICE =
  "To manage the existing rule from this program, set `adopt: true` on the resource (its settings will be " +
  "overwritten by the program's); otherwise choose another rule_id. (`pulumi import` does not work for dynamic providers.)";

/**
 * After a 409 on create: the rule under the key is taken back when it carries this resource's ownership marker (an
 * earlier create of this resource, interrupted before Pulumi recorded it) and brought to the program's settings;
 * taken over with `adopt: true`; otherwise the create fails with the `adopt` advice.
 */
async function takeBackOrAdopt(target: KibanaTarget, inputs: Obj, body: RuleCreateProps, owner: string | undefined, conflict: unknown): Promise<RuleResponse> {
  const existing = await readRule(target, { rule_id: body.rule_id! }).catch((e) => Promise.reject(withContext(inputs, e)));
  if (existing && carriesOwnerMarker(owner)(existing)) {
    logTookBack(describe(inputs));
    if (changedRuleFields(ruleState(existing), inputs).length === 0) return existing;
  } else if (inputs.adopt !== true) {
    throw new Error(`${describe(inputs)} already exists in Kibana and carries no ownership marker of this resource. ${ADOPT_ADVICE}`, { cause: conflict });
  }
  return updateRule(target, body).catch((e) => Promise.reject(withContext(inputs, e)));
}

/**
 * With `adopt: true`, a rule that already holds the program's settings is taken over as it is: no write (the shared
 * `_find` snapshot answers, one listing per space), so adopting a whole exported space costs Kibana no POST or PUT.
 */
async function adoptedAsIs(target: KibanaTarget, inputs: Obj): Promise<RuleResponse | undefined> {
  if (inputs.adopt !== true) return undefined;
  const existing = await snapshotRule(target, inputs.rule_id as string).catch((e) => Promise.reject(withContext(inputs, e)));
  return existing && changedRuleFields(ruleState(existing), inputs).length === 0 ? existing : undefined;
}

/** detection-rules repository TOML keeps new-terms settings in its own shape; say how to convert it. */
function explainRepositoryShape(problem: CheckProblem): CheckProblem {
  if (formatPath(problem.path) === "new_terms" && problem.reason.startsWith("unknown argument")) {
    return {
      ...problem,
      suggestion: undefined,
      reason:
        "unknown argument — this is the detection-rules repository shape; convert the rule with " +
        "fromDetectionRulesToml() (new_terms.value → new_terms_fields, history_window_start)",
    };
  }
  return problem;
}
