import type { CheckProblem } from "../provider-kit/check";
import { isUnknown } from "../provider-kit/unknown";
import type { CatalogEntry } from "./catalog";

type Obj = Record<string, unknown>;

export const OTHERS_MODES = ["leave", "disable"] as const;

/** The program's selection, normalised (sorted, unique). */
export interface Selection {
  enable: { rule_ids: string[]; tags: string[] };
  exclude_rule_ids: string[];
  others: (typeof OTHERS_MODES)[number];
}

/**
 * The prebuilt rules of a catalog split by the `enabled` state they have (or will have): every rule is in one list.
 * `missing_rule_ids` are `enable.rule_ids` the catalog lacks.
 */
export interface Resolved {
  enabled_rule_ids: string[];
  disabled_rule_ids: string[];
  missing_rule_ids: string[];
}

const sortedUnique = (xs: unknown): string[] => [...new Set(Array.isArray(xs) ? (xs as string[]) : [])].sort();

/** A list of non-empty strings (the caller refuses it when absent and required). */
export function ruleIdListProblems(value: unknown, path: PropertyKey[], optional: boolean, what = "rule_id"): CheckProblem[] {
  if (value === undefined && optional) return [];
  if (isUnknown(value)) return [];
  if (!Array.isArray(value)) return [{ path, reason: `must be a list of ${what}s`, value }];
  return (value as unknown[]).flatMap((v, i): CheckProblem[] =>
    isUnknown(v) || (typeof v === "string" && v.trim() !== "") ? [] : [{ path: [...path, i], reason: `must be a non-empty ${what} string`, value: v }],
  );
}

export function selectionProblems(news: Obj): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const enable = news.enable;
  if (enable !== undefined && !isUnknown(enable)) {
    if (typeof enable !== "object" || enable === null || Array.isArray(enable)) {
      problems.push({ path: ["enable"], reason: "must be an object { rule_ids?, tags? }", value: enable });
    } else {
      for (const key of Object.keys(enable)) {
        if (key !== "rule_ids" && key !== "tags") problems.push({ path: ["enable", key], reason: "unknown key (expected one of rule_ids, tags)" });
      }
      const e = enable as Obj;
      problems.push(...ruleIdListProblems(e.rule_ids, ["enable", "rule_ids"], true));
      problems.push(...ruleIdListProblems(e.tags, ["enable", "tags"], true, "tag"));
    }
  }
  problems.push(...ruleIdListProblems(news.exclude_rule_ids, ["exclude_rule_ids"], true));
  const others = news.others;
  if (others !== undefined && !isUnknown(others) && !(OTHERS_MODES as readonly unknown[]).includes(others)) {
    problems.push({ path: ["others"], reason: `must be one of ${OTHERS_MODES.map((m) => `"${m}"`).join(", ")}`, value: others });
  }
  return problems;
}

export function normalSelection(news: Obj): Selection {
  const enable = (news.enable as Obj | undefined) ?? {};
  return {
    enable: { rule_ids: sortedUnique(enable.rule_ids), tags: sortedUnique(enable.tags) },
    exclude_rule_ids: sortedUnique(news.exclude_rule_ids),
    others: (news.others as Selection["others"] | undefined) ?? "leave",
  };
}

/**
 * The state every prebuilt rule of the catalog has after the selection is applied. A rule is selected when its
 * rule_id is in `enable.rule_ids` or it carries one of `enable.tags`, and it is not in `exclude_rule_ids`: it is
 * enabled. Any other rule is disabled with `others: "disable"`, and keeps the catalog's state with `"leave"`.
 */
export function resolveSelection(selection: Selection, catalog: readonly CatalogEntry[]): Resolved {
  const ids = new Set(selection.enable.rule_ids);
  const tags = new Set(selection.enable.tags);
  const excluded = new Set(selection.exclude_rule_ids);
  const enabled: string[] = [];
  const disabled: string[] = [];
  for (const rule of catalog) {
    const selected = !excluded.has(rule.rule_id) && (ids.has(rule.rule_id) || rule.tags.some((t) => tags.has(t)));
    const on = selected || (selection.others === "leave" && rule.enabled);
    (on ? enabled : disabled).push(rule.rule_id);
  }
  const known = new Set(catalog.map((r) => r.rule_id));
  const missing = selection.enable.rule_ids.filter((id) => !known.has(id) && !excluded.has(id));
  return { enabled_rule_ids: enabled.sort(), disabled_rule_ids: disabled.sort(), missing_rule_ids: missing };
}

/** The rules whose `enabled` must change to reach `resolved` from what `catalog` says Kibana has. */
export function togglesFor(resolved: Resolved, catalog: readonly CatalogEntry[]): { enable: string[]; disable: string[] } {
  const enabledNow = new Map(catalog.map((r) => [r.rule_id, r.enabled]));
  return {
    enable: resolved.enabled_rule_ids.filter((id) => enabledNow.get(id) === false),
    disable: resolved.disabled_rule_ids.filter((id) => enabledNow.get(id) === true),
  };
}

/** What the catalog says Kibana has: every prebuilt rule in `enabled_rule_ids` or `disabled_rule_ids`. */
export function actualOf(catalog: readonly CatalogEntry[]): Pick<Resolved, "enabled_rule_ids" | "disabled_rule_ids"> {
  return {
    enabled_rule_ids: catalog.filter((r) => r.enabled).map((r) => r.rule_id),
    disabled_rule_ids: catalog.filter((r) => !r.enabled).map((r) => r.rule_id),
  };
}

/** The catalog with each rule's `enabled` taken from an `enabled_rule_ids` list (the state's, newer than its catalog). */
export function withEnabled(catalog: readonly CatalogEntry[], enabledRuleIds: unknown): CatalogEntry[] {
  if (!Array.isArray(enabledRuleIds)) return [...catalog];
  const on = new Set(enabledRuleIds as string[]);
  return catalog.map((r) => ({ ...r, enabled: on.has(r.rule_id) }));
}
