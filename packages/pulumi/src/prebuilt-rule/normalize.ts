import { isAtLeast, RULE_READ_ONLY_FIELDS, RULE_TYPES, type KibanaVersion, type RuleResponse, type RuleType } from "@esac/kibana-client";
import { canonicalRule, changedRuleFields, managedRuleFields } from "../detection-rule/normalize";
import { pick, toPlainJson } from "../provider-kit/json";

type Obj = Record<string, unknown>;

/** Fields a program may set on a prebuilt rule whatever the release: they are not part of the rule's content. */
export const ALWAYS_SETTABLE = ["enabled", "actions", "exceptions_list"] as const;

/**
 * First release that lets users edit an installed prebuilt rule's content (Kibana 8.18, with an Enterprise licence:
 * `MINIMUM_RULE_CUSTOMIZATION_LICENSE` in security_solution common/constants.ts). Every release esac supports (8.19.0
 * on) has it; before it, only {@link ALWAYS_SETTABLE} could change.
 */
export const PREBUILT_CUSTOMIZATION_SINCE = "8.18";

const BEFORE_UPGRADE = "an upgrade of the rule package always takes it from Elastic's new rule version (FIELDS_TO_UPGRADE_TO_TARGET_VERSION)";

/** Fields of the rule body a program may not set on a prebuilt rule, and why (Kibana's words where Kibana refuses). */
export const REFUSED_FIELDS: Record<string, string> = {
  author: `Kibana refuses it: 400 'Cannot update "author" field for prebuilt rules' (rule_management/utils/validate.ts)`,
  license: `Kibana refuses it: 400 'Cannot update "license" field for prebuilt rules' (rule_management/utils/validate.ts)`,
  type: `a prebuilt rule's type is Elastic's: ${BEFORE_UPGRADE}, and Kibana refuses a type change at upgrade ('Cannot change rule type during rule upgrade'); to change it, copy the rule into a DetectionRule of your own`,
  version: `the rule version is the package's: ${BEFORE_UPGRADE}`,
  throttle: "set each action's `frequency` instead (the rule-level throttle is Kibana's legacy form of it)",
  ...Object.fromEntries(RULE_READ_ONLY_FIELDS.map((k) => [k, "read-only: Kibana sets it"])),
};

/** Every rule-body field some rule type has, minus the refused ones: what a program may customise. */
export const CUSTOMIZABLE_FIELDS: readonly string[] = [...new Set(RULE_TYPES.flatMap((t) => managedRuleFields(t)))].filter(
  (k) => k !== "rule_id" && !(k in REFUSED_FIELDS),
);

/** Whether Kibana `version` lets the content of a prebuilt rule be customised (else only {@link ALWAYS_SETTABLE}). */
export function allowsCustomization(version: KibanaVersion): boolean {
  return isAtLeast(version, PREBUILT_CUSTOMIZATION_SINCE);
}

/** The first rule type that has every one of `keys` (`query` when they are common fields), or undefined. */
export function typeHaving(keys: readonly string[]): RuleType | undefined {
  return RULE_TYPES.find((t) => {
    const fields = managedRuleFields(t);
    return keys.every((k) => fields.includes(k));
  });
}

/** The rule types that have `key`. */
export function typesHaving(key: string): RuleType[] {
  return RULE_TYPES.filter((t) => managedRuleFields(t).includes(key));
}

/** The managed fields in DetectionRule's normal form (defaults and shapes as Kibana stores them) for a rule of `type`. */
export function canonicalFields(fields: Obj, keys: readonly string[], type: RuleType): Obj {
  return toPlainJson(pick(canonicalRule({ ...pick(fields, keys), type }), keys));
}

/** Fields among `keys` whose normal forms differ between the state (`olds`) and the program (`news`). */
export function changedFields(olds: Obj, news: Obj, keys: readonly string[], type: RuleType): string[] {
  const changed = changedRuleFields({ ...pick(olds, keys), type }, { ...pick(news, keys), type });
  return keys.filter((k) => changed.includes(k));
}

/** The value each of `keys` has on `rule` now, in normal form; `null` for a field the rule does not have. */
export function currentValues(rule: RuleResponse, keys: readonly string[]): Obj {
  const canonical = canonicalRule(rule);
  return Object.fromEntries(keys.map((k) => [k, rule[k] === undefined ? null : (canonical[k] ?? null)]));
}

/** Fields among `keys` whose program values (`fields`, in normal form) differ from what `rule` holds now. */
export function fieldsToWrite(rule: RuleResponse, fields: Obj, keys: readonly string[]): string[] {
  return changedFields(canonicalRule(rule), fields, keys, rule.type as RuleType);
}

/**
 * The outputs of a prebuilt rule's `rule_source`: `is_customized` always; `customized_fields` (names) and
 * `has_base_version` where the release returns them (9.3 on).
 */
export function customizationOutputs(rule: RuleResponse): Obj {
  const source = rule.rule_source as Obj;
  const out: Obj = { is_customized: source.is_customized === true };
  if (Array.isArray(source.customized_fields)) out.customized_fields = (source.customized_fields as Obj[]).map((f) => f.field_name as string);
  if (typeof source.has_base_version === "boolean") out.has_base_version = source.has_base_version;
  return out;
}
