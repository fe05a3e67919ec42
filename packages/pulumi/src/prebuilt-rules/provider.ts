import type * as pulumi from "@pulumi/pulumi";
import {
  installAllRules,
  installSpecificRules,
  readPrebuiltStatus,
  reviewInstallation,
  upgradeRules,
  type PerformInstallationResult,
  type PerformUpgradeResult,
} from "@esac/kibana-client";
import { checkFailures, unknownKeyProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { unsupportedOverwriteProblems } from "../provider-kit/concurrent-edit";
import { replacedKeys } from "../provider-kit/identity";
import { deepEqual, toPlainJson } from "../provider-kit/json";
import { carriedOptions, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { DEFAULT_SPACE, validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { readCatalog } from "./catalog";
import { ruleIdListProblems } from "./selection";

type Obj = Record<string, unknown>;

export const UPGRADE_MODES = ["on-up", "never"] as const;
const ARGUMENTS = ["upgrade", "rule_ids", "space_id", "connection"];
const REVIEW_PAGE = 1000;

const label = (props: Obj) => `PrebuiltRules of space "${props.space_id ?? DEFAULT_SPACE}"`;
const upgradeOf = (props: Obj) => (props.upgrade as string | undefined) ?? "on-up";
const selectionOf = (props: Obj) => props.rule_ids as string[] | undefined;

/** The `rule_id` → newest installable `version` of the package rules not installed yet (installation `_review`, paged). */
async function installableVersions(target: KibanaTarget): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let page = 1; ; page++) {
    const review = await reviewInstallation(target, { page, per_page: REVIEW_PAGE });
    const before = out.size;
    for (const rule of review.rules) out.set(rule.rule_id, rule.version);
    // Releases whose review takes no paging answer every rule at once: stop when a page brings nothing new.
    if (review.rules.length < REVIEW_PAGE || out.size === before || out.size >= (review.total ?? review.stats.num_rules_to_install)) return out;
  }
}

function failOnErrors(what: string, result: PerformInstallationResult | PerformUpgradeResult): void {
  if (!result.errors.length) return;
  const lines = result.errors.map((e) => `${e.message} (rule_id ${e.rules.map((r) => `"${r.rule_id}"`).join(", ")})`);
  throw new Error(`${what} failed for ${result.summary.failed} rule(s): ${lines.join("; ")}`);
}

/**
 * Installs what the program asks for and, with `upgrade: "on-up"`, upgrades every outdated prebuilt rule with
 * `pick_version: "MERGED"` and `on_conflict: "SKIP"`. Both are idempotent by nature: a repeated install skips
 * `ALREADY_INSTALLED` rules, a repeated upgrade finds them `RULE_UP_TO_DATE`, so an interrupted `up` just runs again.
 * Returns the rule_ids skipped for a conflict.
 */
async function apply(target: KibanaTarget, props: Obj): Promise<string[]> {
  const selection = selectionOf(props);
  if (selection) {
    const installed = new Set((await readCatalog(target)).map((r) => r.rule_id));
    const missing = selection.filter((id) => !installed.has(id));
    if (missing.length) {
      const versions = await installableVersions(target);
      const unknown = missing.filter((id) => !versions.has(id));
      if (unknown.length) {
        throw new Error(
          `rule_ids ${unknown.map((id) => `"${id}"`).join(", ")} are not in the prebuilt rule package of this Kibana ` +
            "(neither installed nor installable): check the rule_id against the package, or remove it from rule_ids.",
        );
      }
      failOnErrors(
        "installation",
        await installSpecificRules(
          target,
          missing.map((rule_id) => ({ rule_id, version: versions.get(rule_id)! })),
        ),
      );
    }
  } else {
    failOnErrors("installation", await installAllRules(target));
  }
  if (upgradeOf(props) !== "on-up") return [];
  const upgraded = await upgradeRules(target, { mode: "ALL_RULES", pick_version: "MERGED", on_conflict: "SKIP" });
  failOnErrors("upgrade", upgraded);
  return upgraded.results.skipped
    .filter((s) => s.reason === "CONFLICT")
    .map((s) => s.rule_id)
    .sort();
}

/** State: the program's arguments, Kibana's counts (`GET …/prepackaged/_status`) and the installed rule_ids. */
async function readState(target: KibanaTarget, props: Obj, conflicts: string[]): Promise<Obj> {
  const status = await readPrebuiltStatus(target);
  const catalog = await readCatalog(target);
  const installed = new Set(catalog.map((r) => r.rule_id));
  return toPlainJson({
    upgrade: upgradeOf(props),
    ...(selectionOf(props) ? { rule_ids: selectionOf(props) } : {}),
    rules_installed: status.rules_installed,
    rules_not_installed: status.rules_not_installed,
    rules_not_updated: status.rules_not_updated,
    timelines_installed: status.timelines_installed,
    timelines_not_installed: status.timelines_not_installed,
    timelines_not_updated: status.timelines_not_updated,
    installed_rule_ids: catalog.map((r) => r.rule_id),
    // A conflict the user resolved in Kibana since (the rule upgraded) is no longer one.
    conflict_rule_ids: conflicts.filter((id) => installed.has(id)),
    ...carriedOptions(props),
  });
}

/**
 * What a newer package or a change in Kibana leaves to do, from the state (the last create, update or refresh): the
 * selected rules not installed, and with `upgrade: "on-up"` the outdated rules (but those skipped for a conflict) and,
 * without `rule_ids`, the package rules not installed.
 */
export function pendingWork(state: Obj, news: Obj): string[] {
  const pending: string[] = [];
  const installed = new Set((state.installed_rule_ids as string[] | undefined) ?? []);
  const missing = (selectionOf(news) ?? []).filter((id) => !installed.has(id));
  if (missing.length) pending.push(`${missing.length} selected rule(s) not installed`);
  if (upgradeOf(news) !== "on-up") return pending;
  const outdated = ((state.rules_not_updated as number | undefined) ?? 0) - ((state.conflict_rule_ids as string[] | undefined)?.length ?? 0);
  if (outdated > 0) pending.push(`${outdated} rule(s) to upgrade`);
  if (!selectionOf(news) && ((state.rules_not_installed as number | undefined) ?? 0) > 0)
    pending.push(`${String(state.rules_not_installed)} rule(s) to install`);
  return pending;
}

/**
 * Elastic's prebuilt detection rules of one space: installs the package's rules (all, or `rule_ids`) and its
 * timelines through Kibana's prebuilt-rules API, and keeps them current (`upgrade: "on-up"`). Delete leaves every
 * installed rule in place.
 */
export const prebuiltRulesProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(_olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [
      ...validateResourceOptions(news),
      ...unknownKeyProblems(news, ARGUMENTS, ["__provider", "adopt", "overwrite_concurrent_edits"]),
      ...unsupportedOverwriteProblems(news, "PrebuiltRules", "installing and upgrading prebuilt rules overwrites nothing a user set (upgrades merge)"),
    ];
    if (news.adopt !== undefined)
      problems.push({ path: "adopt", reason: "not supported by PrebuiltRules: there is nothing to take over, installing is idempotent", value: news.adopt });
    const upgrade = news.upgrade;
    if (upgrade !== undefined && !isUnknown(upgrade) && !(UPGRADE_MODES as readonly unknown[]).includes(upgrade)) {
      problems.push({ path: "upgrade", reason: `must be one of ${UPGRADE_MODES.map((m) => `"${m}"`).join(", ")}`, value: upgrade });
    }
    problems.push(...ruleIdListProblems(news.rule_ids, ["rule_ids"], true));
    if (problems.length) return { inputs: news, failures: checkFailures(problems) };
    const ruleIds = Array.isArray(news.rule_ids) ? [...new Set(news.rule_ids as string[])].sort() : news.rule_ids;
    return { inputs: toPlainJson({ upgrade: news.upgrade ?? "on-up", ...(ruleIds !== undefined ? { rule_ids: ruleIds } : {}), ...carriedOptions(news) }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["space_id"]);
    if (containsUnknown(news)) return { changes: true, replaces };
    const argsChanged = upgradeOf(olds) !== upgradeOf(news) || !deepEqual(olds.rule_ids, news.rule_ids) || !deepEqual(olds.connection, news.connection);
    return { changes: replaces.length > 0 || argsChanged || pendingWork(olds, news).length > 0, replaces };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    try {
      const conflicts = await apply(target, inputs);
      return { id: (inputs.space_id as string | undefined) ?? DEFAULT_SPACE, outs: await readState(target, inputs, conflicts) };
    } catch (e) {
      throw withContext(label(inputs), e);
    }
  },

  async read(id: string, props: Obj) {
    const state = await readState(targetOf(props), props, (props.conflict_rule_ids as string[] | undefined) ?? []).catch((e) =>
      Promise.reject(withContext(label(props), e)),
    );
    const inputs = { upgrade: upgradeOf(props), ...(selectionOf(props) ? { rule_ids: selectionOf(props) } : {}), ...carriedOptions(props) };
    return { id, props: state, inputs: toPlainJson(inputs) };
  },

  async update(_id: string, _olds: Obj, news: Obj) {
    const target = targetOf(news);
    try {
      const conflicts = await apply(target, news);
      return { outs: await readState(target, news, conflicts) };
    } catch (e) {
      throw withContext(label(news), e);
    }
  },

  // Uninstalling prebuilt rules is the user's explicit choice (README): destroy leaves them installed.
  async delete() {},
};
