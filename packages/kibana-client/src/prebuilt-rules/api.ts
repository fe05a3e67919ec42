import { bulkRuleAction, type ApiTarget } from "../detection-rules/api";
import {
  PREBUILT_RULES_INTERNAL_API_VERSION,
  type InstallPrepackagedResult,
  type PerformInstallationResult,
  type PerformUpgradeBody,
  type PerformUpgradeResult,
  type PrebuiltRulesStatus,
  type PrepackagedStatus,
  type ReviewInstallation,
  type ReviewUpgrade,
  type RuleVersionSpecifier,
} from "./schema";

/**
 * Prebuilt rules (research/prebuilt-rules.md). Public routes: `/api/detection_engine/rules/prepackaged` (2023-10-31).
 * Internal routes: `/internal/detection_engine/prebuilt_rules/*`, sent with `elastic-api-version: 1`.
 */
const PREPACKAGED = "/api/detection_engine/rules/prepackaged";
const INTERNAL = "/internal/detection_engine/prebuilt_rules";

/** `RULES_TABLE_MAX_PAGE_SIZE` (security_solution common/constants.ts): `_bulk_action` takes at most 100 ids a call. */
export const MAX_BULK_ACTION_IDS = 100;

/** GET `…/prepackaged/_status` (1 call): counts of installed / not installed / not updated rules and timelines. */
export async function readPrebuiltStatus(target: ApiTarget): Promise<PrepackagedStatus> {
  const res = await target.transport.request<PrepackagedStatus>({ method: "GET", path: `${PREPACKAGED}/_status`, spaceId: target.spaceId, versioned: true });
  return res.body;
}

/**
 * PUT `…/prepackaged` (1 call): installs every package rule not installed and the timelines, and upgrades every
 * outdated prebuilt rule to the package's version — Kibana's legacy route, which drops customisations of upgraded rules.
 */
export async function installAllPrebuiltRules(target: ApiTarget): Promise<InstallPrepackagedResult> {
  const res = await target.transport.request<InstallPrepackagedResult>({ method: "PUT", path: PREPACKAGED, spaceId: target.spaceId, versioned: true });
  return res.body;
}

function internal<T>(target: ApiTarget, method: "GET" | "POST", route: string, body?: unknown, idempotent = true) {
  return target.transport.request<T>({
    method,
    path: `${INTERNAL}/${route}`,
    spaceId: target.spaceId,
    apiVersion: PREBUILT_RULES_INTERNAL_API_VERSION,
    body,
    idempotent,
  });
}

/** GET `…/prebuilt_rules/status` (1 call). */
export async function readPrebuiltRulesStatus(target: ApiTarget): Promise<PrebuiltRulesStatus> {
  return (await internal<PrebuiltRulesStatus>(target, "GET", "status")).body;
}

/** POST `…/installation/_review` (1 call a page): the package rules not installed yet, with their tags. */
export async function reviewInstallation(target: ApiTarget, page?: { page?: number; per_page?: number }): Promise<ReviewInstallation> {
  return (await internal<ReviewInstallation>(target, "POST", "installation/_review", page ?? {})).body;
}

/** POST `…/installation/_perform` `SPECIFIC_RULES` (1 call): installs the given rule versions; installed ones come back skipped. */
export async function installSpecificRules(target: ApiTarget, rules: RuleVersionSpecifier[]): Promise<PerformInstallationResult> {
  // Repeating it skips what the first call installed, so it is safe to re-send.
  return (await internal<PerformInstallationResult>(target, "POST", "installation/_perform", { mode: "SPECIFIC_RULES", rules })).body;
}

/** POST `…/installation/_perform` `ALL_RULES` (1 call). */
export async function installAllRules(target: ApiTarget): Promise<PerformInstallationResult> {
  return (await internal<PerformInstallationResult>(target, "POST", "installation/_perform", { mode: "ALL_RULES" })).body;
}

/** POST `…/upgrade/_review` (1 call): installed prebuilt rules with a newer package version, current vs target and the diff. */
export async function reviewUpgrade(target: ApiTarget, ruleIds?: string[]): Promise<ReviewUpgrade> {
  return (await internal<ReviewUpgrade>(target, "POST", "upgrade/_review", ruleIds ? { rule_ids: ruleIds } : {})).body;
}

/**
 * POST `…/upgrade/_perform` (1 call). `pick_version: "TARGET"` takes the package's rule (dropping customisations);
 * `"MERGED"` (Kibana's default with customisation) keeps the user's values where the package did not change them.
 */
export async function upgradeRules(target: ApiTarget, body: PerformUpgradeBody): Promise<PerformUpgradeResult> {
  // A repeated upgrade finds the rules up to date (skipped), so it is safe to re-send.
  return (await internal<PerformUpgradeResult>(target, "POST", "upgrade/_perform", body)).body;
}

export interface BulkToggleResult {
  /** `_bulk_action` calls made. */
  calls: number;
  /** Rules changed, and rules already in that state (skipped `RULE_NOT_MODIFIED`). */
  succeeded: number;
  skipped: number;
}

interface BulkActionAnswer {
  attributes: { summary: { succeeded: number; skipped: number } };
}

async function bulkToggle(target: ApiTarget, action: "enable" | "disable", ids: string[]): Promise<BulkToggleResult> {
  const result: BulkToggleResult = { calls: 0, succeeded: 0, skipped: 0 };
  for (let i = 0; i < ids.length; i += MAX_BULK_ACTION_IDS) {
    const answer = (await bulkRuleAction(target, { action, ids: ids.slice(i, i + MAX_BULK_ACTION_IDS) })) as BulkActionAnswer;
    result.calls++;
    result.succeeded += answer.attributes.summary.succeeded;
    result.skipped += answer.attributes.summary.skipped;
  }
  return result;
}

/** Enables rules by saved-object `id` through `_bulk_action`, {@link MAX_BULK_ACTION_IDS} ids a call. */
export function bulkEnableRules(target: ApiTarget, ids: string[]): Promise<BulkToggleResult> {
  return bulkToggle(target, "enable", ids);
}

/** Disables rules by saved-object `id` through `_bulk_action`, {@link MAX_BULK_ACTION_IDS} ids a call. */
export function bulkDisableRules(target: ApiTarget, ids: string[]): Promise<BulkToggleResult> {
  return bulkToggle(target, "disable", ids);
}
