/**
 * Prebuilt rule customisation (research/prebuilt-rules.md). The emulator behaves as an Enterprise licence: Kibana 8.18+
 * lets an installed prebuilt rule be edited (`isRulesCustomizationEnabled`) and marks it `is_customized`.
 */
import { hasFeature, type KibanaVersion, type RuleCreateProps } from "@esac/kibana-client";
import { siemError } from "../errors";
import type { RouteContext } from "../router";
import { type Actor, createRule, type Rule, SERVER_FIELDS } from "../detection-rules/model";
import type { PrebuiltRuleAsset } from "./fixture";
import type { PrebuiltRulesStore } from "./store";

export const PREBUILT_STORE = "prebuilt-rules";

/** Not part of the diffable rule (`FIELDS_TO_UPGRADE_TO_CURRENT_VERSION` + server fields): editing them never customises. */
const NOT_DIFFABLE = new Set([
  ...SERVER_FIELDS,
  "exceptions_list",
  "actions",
  "throttle",
  "response_actions",
  "meta",
  "output_index",
  "namespace",
  "alias_purpose",
  "alias_target_id",
  "outcome",
  "concurrent_searches",
  "items_per_search",
]);

/** Rule fields grouped under one diffable field (convert_rule_to_diffable.ts); the rest keep their own name. */
function diffableName(field: string, type: string): string {
  if (["query", "language", "filters", "saved_id"].includes(field)) {
    return type === "eql" ? "eql_query" : type === "esql" ? "esql_query" : "kql_query";
  }
  if (["event_category_override", "tiebreaker_field", "timestamp_field"].includes(field) && type === "eql") return "eql_query";
  if (["interval", "from", "to"].includes(field)) return "rule_schedule";
  if (["index", "data_view_id"].includes(field)) return "data_source";
  if (["timeline_id", "timeline_title"].includes(field)) return "timeline_template";
  if (field === "building_block_type") return "building_block";
  if (field === "timestamp_override_fallback_disabled") return "timestamp_override";
  return field;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

/** Diffable field names on which two rules differ, in first-seen order. */
export function differingFields(a: Rule, b: Rule): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (NOT_DIFFABLE.has(k)) continue;
    if (canonical(a[k]) === canonical(b[k])) continue;
    const name = diffableName(k, String(b.type));
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** `rule_source` of an external rule as the target release answers it (9.3+ adds `has_base_version`, `customized_fields`). */
export function externalSource(version: KibanaVersion, customizedFields: string[], hasBaseVersion: boolean, isCustomized = customizedFields.length > 0) {
  return hasFeature(version, "prebuiltRuleCustomizedFields")
    ? {
        type: "external",
        is_customized: isCustomized,
        has_base_version: hasBaseVersion,
        customized_fields: customizedFields.map((field_name) => ({ field_name })),
      }
    : { type: "external", is_customized: isCustomized };
}

/** A rule as installing `asset` creates it (defaults applied, disabled unless the asset says otherwise). */
export function ruleFromAsset(asset: PrebuiltRuleAsset, actor: Actor, version: KibanaVersion): Rule {
  const rule = createRule(structuredClone(asset) as unknown as RuleCreateProps, actor);
  return { ...rule, immutable: true, rule_source: externalSource(version, [], true) };
}

function packageOf(ctx: RouteContext): PrebuiltRulesStore {
  return ctx.stores.get<PrebuiltRulesStore>(PREBUILT_STORE);
}

/**
 * `calculateIsCustomized` after a PUT, PATCH or bulk edit of a prebuilt rule: against the base version (the package
 * asset of the rule's `version`) when the package has it; otherwise customised once stays customised, and a first
 * change customises (customized_fields then empty). Custom rules are returned unchanged.
 */
export function withCustomization(ctx: RouteContext, existing: Rule, next: Rule): Rule {
  if (existing.rule_source.type !== "external") return next;
  const asset = packageOf(ctx).asset(next.rule_id, next.version);
  if (asset) {
    const base = ruleFromAsset(asset, { now: next.updated_at, username: next.updated_by }, ctx.version);
    return { ...next, rule_source: externalSource(ctx.version, differingFields(base, next), true) };
  }
  const was = existing.rule_source.is_customized === true;
  return { ...next, rule_source: externalSource(ctx.version, [], false, was || differingFields(existing, next).length > 0) };
}

const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * `validateNonCustomizableUpdateFields` / `validateNonCustomizablePatchFields` (rule_management/utils/validate.ts):
 * `author`, then `license`, may not change on an external rule. PUT compares what it would store (an omitted author
 * is `[]`); PATCH only what is sent.
 */
export function assertCustomizable(existing: Rule, sent: Record<string, unknown>, mode: "put" | "patch"): void {
  if (existing.rule_source.type !== "external") return;
  const author = mode === "put" ? (sent.author ?? []) : sent.author;
  if ((mode === "put" || author) && !sameJson(author, existing.author)) throw siemError(400, 'Cannot update "author" field for prebuilt rules');
  if ((mode === "put" || sent.license != null) && sent.license !== existing.license) throw siemError(400, 'Cannot update "license" field for prebuilt rules');
}
