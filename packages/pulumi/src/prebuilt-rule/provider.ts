import type * as pulumi from "@pulumi/pulumi";
import {
  formatKibanaVersion,
  isNotFound,
  patchRule,
  readRule,
  ruleCreateStrictSchema,
  updateRule,
  type KibanaVersion,
  type RuleCreateProps,
  type RuleResponse,
  type RuleType,
} from "@esac/kibana-client";
import { canonicalRule, managedRuleFields } from "../detection-rule/normalize";
import { recordRuleWrite, snapshotRule } from "../detection-rule/provider";
import { checkFailures, unknownKeyProblems, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig, stackConfigValue } from "../provider-kit/config";
import { replacedKeys } from "../provider-kit/identity";
import { pick, toPlainJson } from "../provider-kit/json";
import { carriedOptions, kibanaFields, OPTION_KEYS, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { configuredVersion, targetVersion, VERSION_CONFIG_KEY, versionConfigProblem } from "../provider-kit/kibana-version";
import { DEFAULT_SPACE, validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import {
  allowsCustomization,
  ALWAYS_SETTABLE,
  canonicalFields,
  changedFields,
  currentValues,
  CUSTOMIZABLE_FIELDS,
  customizationOutputs,
  fieldsToWrite,
  PREBUILT_CUSTOMIZATION_SINCE,
  REFUSED_FIELDS,
  typeHaving,
  typesHaving,
} from "./normalize";

type Obj = Record<string, unknown>;

const REPLACE_KEYS = ["rule_id", "space_id"] as const;
/** The state key holding, per managed field, the value it had before this resource set it (`null`: it had none). */
export const ORIGINAL_VALUES_KEY = "original_values";

const label = (props: Obj) => `PrebuiltRule rule_id "${props.rule_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;

/** The rule fields the program sets (its inputs without rule_id, the option keys and values left undefined). */
function managedKeys(props: Obj): string[] {
  return Object.entries(kibanaFields(props))
    .filter(([k, v]) => k !== "rule_id" && k !== ORIGINAL_VALUES_KEY && v !== undefined)
    .map(([k]) => k);
}

const originalsOf = (props: Obj): Obj => (props[ORIGINAL_VALUES_KEY] as Obj | undefined) ?? {};

function versionProblems(version: KibanaVersion, keys: readonly string[]): CheckProblem[] {
  if (allowsCustomization(version)) return [];
  return keys
    .filter((k) => !(ALWAYS_SETTABLE as readonly string[]).includes(k))
    .map((k) => ({
      path: [k],
      reason:
        `not customisable on Kibana ${formatKibanaVersion(version)}: editing an installed prebuilt rule's content first appears in Kibana ` +
        `${PREBUILT_CUSTOMIZATION_SINCE} (Enterprise licence); before it only ${ALWAYS_SETTABLE.join(", ")} can be set`,
    }));
}

/** Problems with the fields' names and values; the rule type the values were checked as. */
function fieldProblems(fields: Obj, problems: CheckProblem[]): RuleType | undefined {
  const keys = Object.keys(fields);
  for (const k of keys) {
    if (k in REFUSED_FIELDS) problems.push({ path: [k], reason: `cannot be set on a prebuilt rule: ${REFUSED_FIELDS[k]}`, value: fields[k] });
  }
  const settable = keys.filter((k) => !(k in REFUSED_FIELDS));
  const unknown = unknownKeyProblems(pick(fields, settable), [...CUSTOMIZABLE_FIELDS, "rule_id", ...OPTION_KEYS.filter((o) => o !== "adopt")]);
  problems.push(...unknown);
  const known = settable.filter((k) => CUSTOMIZABLE_FIELDS.includes(k));
  const type = typeHaving(known);
  if (!type) {
    const specific = known.filter((k) => typesHaving(k).length < typesHaving("name").length);
    problems.push({
      path: [],
      reason: `these fields belong to different rule types, and a rule has one: ${specific.map((k) => `${k} (${typesHaving(k).join(", ")})`).join("; ")}`,
    });
    return undefined;
  }
  // DetectionRule's strict schema checks the values; only issues about the fields given count (the placeholders
  // stand for the rule's own required fields, which the program does not set).
  const body = { name: "-", description: "-", risk_score: 0, severity: "low", ...pick(fields, known), type };
  const parsed = ruleCreateStrictSchema.safeParse(body);
  if (!parsed.success) {
    problems.push(...zodProblems(ruleCreateStrictSchema, parsed.error, body, []).filter((p) => known.includes(String(p.path[0]))));
  }
  return type;
}

/** The rule by `rule_id`, from the one `_find` per space and process; an error saying how to install it when missing. */
async function installedRule(target: KibanaTarget, props: Obj): Promise<RuleResponse> {
  const rule = await snapshotRule(target, props.rule_id as string).catch((e) => Promise.reject(withContext(label(props), e)));
  if (!rule) {
    throw new Error(
      `${label(props)}: no rule with this rule_id is installed in the space. Install Elastic's prebuilt rules first with a ` +
        "`PrebuiltRules` resource (and make this resource depend on it), then customise the rule here.",
    );
  }
  if (rule.rule_source?.type !== "external") {
    throw new Error(
      `${label(props)}: the rule is a custom rule (rule_source.type "${rule.rule_source?.type}"), not one of Elastic's: manage it with DetectionRule.`,
    );
  }
  return rule;
}

/** The fields must exist on the installed rule's type; and, when `kibana:version` is set, the target must be that release. */
async function assertApplicable(target: KibanaTarget, rule: RuleResponse, keys: readonly string[], props: Obj): Promise<void> {
  const foreign = keys.filter((k) => !managedRuleFields(rule.type as RuleType).includes(k));
  if (foreign.length) {
    throw new Error(
      `${label(props)}: ${foreign.join(", ")} do not apply to this rule, a ${rule.type} rule (they belong to ${foreign.map((k) => typesHaving(k).join("/")).join(", ")} rules).`,
    );
  }
  if (stackConfigValue(VERSION_CONFIG_KEY) === undefined) return;
  const problems = versionProblems(await targetVersion(target.transport), keys);
  if (problems.length) throw new Error(`${label(props)}: ${problems.map((p) => `${String(p.path[0])}: ${p.reason}`).join("; ")}`);
}

/**
 * One write: a PATCH of `set`; or, when a field must lose its value (it had none before this resource set it, and
 * PATCH cannot remove a field), a PUT of the rule as it is with `set` applied and `unset` left out.
 */
async function writeFields(target: KibanaTarget, rule: RuleResponse, set: Obj, unset: readonly string[]): Promise<RuleResponse> {
  if (!unset.length) return patchRule(target, { ...set, rule_id: rule.rule_id } as never);
  const whole = canonicalRule(rule);
  for (const k of unset) delete whole[k];
  return updateRule(target, { ...whole, ...set, rule_id: rule.rule_id } as RuleCreateProps);
}

function stateOf(rule: RuleResponse, keys: readonly string[], originals: Obj, props: Obj): Obj {
  return toPlainJson({
    rule_id: rule.rule_id,
    ...canonicalFields(canonicalRule(rule), keys, rule.type as RuleType),
    [ORIGINAL_VALUES_KEY]: pick(originals, keys),
    type: rule.type,
    version: rule.version,
    revision: rule.revision,
    ...customizationOutputs(rule),
    updated_at: rule.updated_at,
    ...carriedOptions(props),
  });
}

/** `set` / `unset` that put `keys` back to their `originals`. */
function restoring(originals: Obj, keys: readonly string[]): { set: Obj; unset: string[] } {
  const set: Obj = {};
  const unset: string[] = [];
  for (const k of keys) {
    if (originals[k] === null || originals[k] === undefined) unset.push(k);
    else set[k] = originals[k];
  }
  return { set, unset };
}

/**
 * Customises one installed Elastic prebuilt rule in place: PATCHes only the fields the program sets, remembers what
 * they were, and puts them back on delete. Refresh compares those fields only (package upgrades change the others).
 */
export const prebuiltRuleProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(_olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news)];
    if (news.adopt !== undefined) {
      problems.push({ path: ["adopt"], reason: "not needed: a prebuilt rule is Elastic's, so PrebuiltRule takes it over without adopting", value: news.adopt });
    }
    const ruleId = news.rule_id;
    if (!isUnknown(ruleId) && (typeof ruleId !== "string" || ruleId.trim() === "")) {
      problems.push({ path: ["rule_id"], reason: "required: the rule_id of an installed prebuilt rule", value: ruleId });
    }
    const fields = pick(kibanaFields(news), managedKeys(news));
    const type = fieldProblems(fields, problems);
    const configured = versionConfigProblem() ? undefined : configuredVersion();
    if (configured) problems.push(...versionProblems(configured.version, Object.keys(fields)));
    if (problems.length) return { inputs: news, failures: checkFailures(problems) };
    const keys = Object.keys(fields);
    const values = containsUnknown(fields) ? fields : canonicalFields(fields, keys, type!);
    return { inputs: toPlainJson({ rule_id: ruleId, ...values, ...carriedOptions(news) }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, REPLACE_KEYS);
    if (containsUnknown(news)) return { changes: true, replaces };
    const before = Object.keys(originalsOf(olds));
    const after = managedKeys(news);
    const sameKeys = before.length === after.length && after.every((k) => before.includes(k));
    const changed = changedFields(olds, news, after, (olds.type as RuleType | undefined) ?? typeHaving(after) ?? "query");
    return { changes: replaces.length > 0 || !sameKeys || changed.length > 0, replaces };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const rule = await installedRule(target, inputs);
    const keys = managedKeys(inputs);
    await assertApplicable(target, rule, keys, inputs);
    const fields = canonicalFields(inputs, keys, rule.type as RuleType);
    const originals = currentValues(rule, keys);
    const write = fieldsToWrite(rule, fields, keys);
    const after = write.length ? await writeFields(target, rule, pick(fields, write), []).catch((e) => Promise.reject(withContext(label(inputs), e))) : rule;
    await recordRuleWrite(target, after.rule_id, after);
    return { id: after.id, outs: stateOf(after, keys, originals, inputs) };
  },

  async read(_id: string, props: Obj) {
    const target = targetOf(props);
    const rule = await snapshotRule(target, props.rule_id as string).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!rule) return {};
    const keys = Object.keys(originalsOf(props));
    const state = stateOf(rule, keys, originalsOf(props), props);
    return { id: rule.id, props: state, inputs: toPlainJson({ rule_id: rule.rule_id, ...pick(state, keys), ...carriedOptions(props) }) };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const rule = await installedRule(target, news);
    const keys = managedKeys(news);
    await assertApplicable(target, rule, keys, news);
    const before = originalsOf(olds);
    const added = keys.filter((k) => !(k in before));
    const originals = { ...pick(before, keys), ...currentValues(rule, added) };
    const fields = canonicalFields(news, keys, rule.type as RuleType);
    const write = fieldsToWrite(rule, fields, keys);
    const { set: restore, unset } = restoring(
      before,
      Object.keys(before).filter((k) => !keys.includes(k)),
    );
    let after = rule;
    if (write.length || Object.keys(restore).length || unset.length) {
      after = await writeFields(target, rule, { ...restore, ...pick(fields, write) }, unset).catch((e) => Promise.reject(withContext(label(news), e)));
      await recordRuleWrite(target, after.rule_id, after);
    }
    return { outs: stateOf(after, keys, originals, news) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    const originals = originalsOf(props);
    const { set, unset } = restoring(originals, Object.keys(originals));
    if (!Object.keys(set).length && !unset.length) return;
    try {
      let rule: RuleResponse | undefined;
      if (unset.length) {
        const current = await readRule(target, { rule_id: props.rule_id as string });
        rule = current && (await writeFields(target, current, set, unset));
      } else {
        rule = await patchRule(target, { ...set, rule_id: props.rule_id as string } as never);
      }
      await recordRuleWrite(target, props.rule_id as string, rule);
    } catch (error) {
      // The rule is gone (prebuilt rules deleted in Kibana): nothing left to put back.
      if (isNotFound(error)) return;
      throw withContext(label(props), error);
    }
  },
};
