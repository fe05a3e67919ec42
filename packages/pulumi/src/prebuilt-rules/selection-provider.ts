import type * as pulumi from "@pulumi/pulumi";
import { checkFailures, unknownKeyProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { concurrentEditError, OVERWRITE_OPTION } from "../provider-kit/concurrent-edit";
import { replacedKeys } from "../provider-kit/identity";
import { deepEqual, toPlainJson } from "../provider-kit/json";
import { carriedOptions, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { DEFAULT_SPACE, validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { readCatalog, toggleByRuleIds, type CatalogEntry } from "./catalog";
import { actualOf, normalSelection, resolveSelection, ruleIdListProblems, selectionProblems, togglesFor, withEnabled } from "./selection";

type Obj = Record<string, unknown>;

const ARGUMENTS = ["enable", "exclude_rule_ids", "others", "installed_rule_ids", "space_id", "connection", OVERWRITE_OPTION];
/** Kept in state and handed from one `check` to the next, so a preview resolves the selection without calling Kibana. */
const STATE_KEYS = ["catalog", "enabled_rule_ids", "disabled_rule_ids"];
const SHOWN = 5;

const label = (props: Obj) => `PrebuiltRuleSelection of space "${(props.space_id as string | undefined) ?? DEFAULT_SPACE}"`;
const catalogOf = (props: Obj) => props.catalog as CatalogEntry[] | undefined;
const quoted = (ids: string[]) =>
  ids
    .slice(0, SHOWN)
    .map((id) => `"${id}"`)
    .join(", ") + (ids.length > SHOWN ? ` and ${ids.length - SHOWN} more` : "");

/** State: the selection, the catalog as Kibana has it and every prebuilt rule_id split by its `enabled` state. */
function state(props: Obj, catalog: CatalogEntry[]): Obj {
  return toPlainJson({ ...normalSelection(props), ...trigger(props), ...carriedOptions(props), catalog, ...actualOf(catalog) });
}

/** `installed_rule_ids` (a PrebuiltRules output): only a trigger, so that a package change re-applies the selection. */
function trigger(props: Obj): Obj {
  return Array.isArray(props.installed_rule_ids) || isUnknown(props.installed_rule_ids) ? { installed_rule_ids: props.installed_rule_ids } : {};
}

/** Refuses an update that would undo a toggle made in Kibana since the state's catalog was read (unless opted out). */
function refuseUndoingToggles(props: Obj, before: CatalogEntry[] | undefined, now: CatalogEntry[], toggles: { enable: string[]; disable: string[] }): void {
  if (props[OVERWRITE_OPTION] === true || !before) return;
  const was = new Map(before.map((r) => [r.rule_id, r.enabled]));
  const toggled = new Set(now.filter((r) => was.has(r.rule_id) && was.get(r.rule_id) !== r.enabled).map((r) => r.rule_id));
  const undone = [...toggles.enable, ...toggles.disable].filter((id) => toggled.has(id)).sort();
  if (!undone.length) return;
  const turnedOff = undone.filter((id) => toggles.enable.includes(id));
  const turnedOn = undone.filter((id) => toggles.disable.includes(id));
  const what = [turnedOff.length ? `disabled there: ${quoted(turnedOff)}` : "", turnedOn.length ? `enabled there: ${quoted(turnedOn)}` : ""]
    .filter(Boolean)
    .join("; ");
  throw concurrentEditError(`the enabled state of ${undone.length} of its prebuilt rules`, what);
}

/** Reads the catalog, resolves the selection on it and sends the toggles (≤ 1 `_bulk_action` per 1,000 rules each way). */
async function apply(target: KibanaTarget, props: Obj, before?: CatalogEntry[]): Promise<Obj> {
  const catalog = await readCatalog(target);
  const resolved = resolveSelection(normalSelection(props), catalog);
  if (resolved.missing_rule_ids.length) {
    throw new Error(
      `enable.rule_ids: ${quoted(resolved.missing_rule_ids)} ${resolved.missing_rule_ids.length > 1 ? "are" : "is"} not an installed prebuilt rule of ` +
        "the space. Install it first (a PrebuiltRules resource of the space, with the rule in its rule_ids or no rule_ids, and " +
        "`dependsOn` it), or remove it from enable.rule_ids.",
    );
  }
  const toggles = togglesFor(resolved, catalog);
  refuseUndoingToggles(props, before, catalog, toggles);
  await toggleByRuleIds(target, "enable", toggles.enable);
  await toggleByRuleIds(target, "disable", toggles.disable);
  const on = new Set(toggles.enable);
  const off = new Set(toggles.disable);
  const after = catalog.map((r) => (on.has(r.rule_id) ? { ...r, enabled: true } : off.has(r.rule_id) ? { ...r, enabled: false } : r));
  return state(props, after);
}

/**
 * Which installed prebuilt rules of a space are enabled: rule_id lists and tag selectors with exclusions, toggled in
 * bulk through `_bulk_action` with a KQL `query` on `alert.attributes.params.ruleId` (1,000 rules a call). The state
 * keeps a catalog of the prebuilt rules (rule_id, tags, enabled) so that `check` resolves the selection offline and the
 * plan lists the rule_ids that change.
 */
export const prebuiltRuleSelectionProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [
      ...validateResourceOptions(news),
      ...unknownKeyProblems(news, ARGUMENTS, ["__provider", "adopt", ...STATE_KEYS]),
      ...selectionProblems(news),
      ...ruleIdListProblems(news.installed_rule_ids, ["installed_rule_ids"], true),
    ];
    if (news.enable === undefined) problems.push({ path: ["enable"], reason: 'required: { rule_ids?, tags? } (it may be empty, with others: "disable")' });
    if (news.adopt !== undefined) {
      problems.push({ path: "adopt", reason: "not supported by PrebuiltRuleSelection: it toggles installed rules and creates nothing", value: news.adopt });
    }
    if (problems.length) return { inputs: news, failures: checkFailures(problems) };
    const inputs: Obj = { ...normalSelection(news), ...trigger(news), ...carriedOptions(news) };
    // The catalog of the last create, update or refresh of the same space: the selection resolves on it with no call.
    const catalog = (olds.space_id ?? DEFAULT_SPACE) === inputs.space_id ? catalogOf(olds) : undefined;
    if (catalog && !containsUnknown(news.enable) && !containsUnknown(news.exclude_rule_ids) && !isUnknown(news.others)) {
      // The old inputs' enabled_rule_ids are what the last update left (or the refresh read), newer than the catalog's flags.
      const { enabled_rule_ids, disabled_rule_ids } = resolveSelection(normalSelection(news), withEnabled(catalog, olds.enabled_rule_ids));
      Object.assign(inputs, { catalog, enabled_rule_ids, disabled_rule_ids });
    }
    return { inputs: toPlainJson(inputs) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["space_id"]);
    if (containsUnknown(news)) return { changes: true, replaces };
    const changedArgs =
      !deepEqual(normalSelection(olds), normalSelection(news)) ||
      !deepEqual(olds.connection, news.connection) ||
      !deepEqual(olds.installed_rule_ids, news.installed_rule_ids);
    const wanted = resolveSelection(normalSelection(news), catalogOf(olds) ?? catalogOf(news) ?? []);
    const drift =
      wanted.missing_rule_ids.length > 0 ||
      !deepEqual(wanted.enabled_rule_ids, olds.enabled_rule_ids ?? []) ||
      !deepEqual(wanted.disabled_rule_ids, olds.disabled_rule_ids ?? []);
    return { changes: replaces.length > 0 || changedArgs || drift, replaces };
  },

  async create(inputs: Obj) {
    const outs = await apply(targetOf(inputs), inputs).catch((e) => Promise.reject(withContext(label(inputs), e)));
    return { id: (inputs.space_id as string | undefined) ?? DEFAULT_SPACE, outs };
  },

  async read(id: string, props: Obj) {
    const catalog = await readCatalog(targetOf(props)).catch((e) => Promise.reject(withContext(label(props), e)));
    const out = state(props, catalog);
    return { id, props: out, inputs: out };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const outs = await apply(targetOf(news), news, catalogOf(olds)).catch((e) => Promise.reject(withContext(label(news), e)));
    return { outs };
  },

  // Destroy leaves every rule as it is: disabling detections is never a side effect of removing code.
  async delete() {},
};
