/**
 * Prebuilt rules routes (research/prebuilt-rules.md): the public `prepackaged` install and status (detections bundle)
 * and the internal `/internal/detection_engine/prebuilt_rules/*` routes (version "1", checked with the client's
 * schemas). Installed rules are detection rules with `immutable: true` and an external `rule_source`.
 */
import {
  PREBUILT_RULES_INTERNAL_API_VERSION,
  performInstallationBodySchema,
  performInstallationSchema,
  performUpgradeBodySchema,
  performUpgradeSchema,
  prebuiltRulesStatusSchema,
  reviewInstallationBodySchema,
  reviewInstallationSchema,
  reviewUpgradeBodySchema,
  reviewUpgradeSchema,
  type PickVersion,
  type RuleUpgradeInfo,
} from "@esac/kibana-client";
import type { z } from "zod";
import { boomError } from "../errors";
import { EXCEPTIONS_STORE, type ExceptionsStore } from "../exceptions";
import type { HandlerResult, RouteContext, Router } from "../router";
import { validateBody } from "../validation";
import { nextRevision, orderRule, type Rule } from "../detection-rules/model";
import { RULES_STORE } from "../detection-rules/routes";
import type { RulesStore } from "../detection-rules/store";
import { differingFields, externalSource, PREBUILT_STORE, ruleFromAsset } from "./customization";
import { PACKAGE_TIMELINES, type PrebuiltRuleAsset } from "./fixture";
import type { PrebuiltRulesStore } from "./store";

const PUBLIC = "/api/detection_engine/rules/prepackaged";
const INTERNAL = "/internal/detection_engine/prebuilt_rules";

/** `FIELDS_TO_UPGRADE_TO_CURRENT_VERSION` (perform_rule_upgrade_route.ts): an upgrade keeps the installed values. */
const KEEP_CURRENT = ["enabled", "exceptions_list", "actions", "response_actions", "meta", "output_index", "namespace", "alias_purpose", "alias_target_id"];

const rulesOf = (ctx: RouteContext) => ctx.stores.get<RulesStore>(RULES_STORE);
const packageOf = (ctx: RouteContext) => ctx.stores.get<PrebuiltRulesStore>(PREBUILT_STORE);
const actorOf = (ctx: RouteContext) => ({ now: ctx.now(), username: ctx.username });

/** Kibana's versioned router for an internal route with the one version "1". */
function assertInternalVersion(ctx: RouteContext): void {
  const raw = ctx.headers["elastic-api-version"];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || v === "") {
    throw boomError(400, `Please specify a version via elastic-api-version header. Available versions: ${PREBUILT_RULES_INTERNAL_API_VERSION}`);
  }
  if (v !== PREBUILT_RULES_INTERNAL_API_VERSION) {
    throw boomError(
      400,
      `No version "${v}" available for [${ctx.method.toLowerCase()}] [${ctx.route.path}]. Available versions are: [${PREBUILT_RULES_INTERNAL_API_VERSION}]`,
    );
  }
}

/** The answer, checked against the client's schema (these routes have no bundle operation). */
function checked<T>(schema: z.ZodType<T>, body: T): HandlerResult {
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`prebuilt rules answer does not match its schema: ${r.error.message}`);
  return { body };
}

interface Triad {
  current: Rule;
  target: PrebuiltRuleAsset;
}

function installedPrebuilt(ctx: RouteContext): Rule[] {
  return rulesOf(ctx)
    .all(ctx.spaceId)
    .filter((r) => r.rule_source.type === "external");
}

function installable(ctx: RouteContext): PrebuiltRuleAsset[] {
  const installed = new Set(installedPrebuilt(ctx).map((r) => r.rule_id));
  return packageOf(ctx)
    .latest()
    .filter((a) => !installed.has(a.rule_id));
}

function upgradeable(ctx: RouteContext): Triad[] {
  const latest = new Map(
    packageOf(ctx)
      .latest()
      .map((a) => [a.rule_id, a]),
  );
  const out: Triad[] = [];
  for (const current of installedPrebuilt(ctx)) {
    const target = latest.get(current.rule_id);
    if (target && target.version > current.version) out.push({ current, target });
  }
  return out;
}

function install(ctx: RouteContext, asset: PrebuiltRuleAsset): Rule {
  const rule = ruleFromAsset(asset, actorOf(ctx), ctx.version);
  rulesOf(ctx).put(ctx.spaceId, rule);
  return rule;
}

/** Every install route creates the endpoint list first (legacy_create_prepackaged_rules.ts, perform_rule_installation_handler.ts). */
function ensureEndpointList(ctx: RouteContext): void {
  const actor = actorOf(ctx);
  ctx.stores.get<ExceptionsStore>(EXCEPTIONS_STORE).ensureEndpointList(actor.now, actor.username);
}

/** The rule an upgrade writes: the target asset, the installed values of KEEP_CURRENT, the same id. */
function upgradedRule(ctx: RouteContext, t: Triad, pick: PickVersion): Rule {
  const fresh = ruleFromAsset(t.target, actorOf(ctx), ctx.version);
  const next: Record<string, unknown> = { ...fresh };
  if (pick === "MERGED" || pick === "CURRENT") {
    const base = packageOf(ctx).asset(t.current.rule_id, t.current.version);
    const baseRule = base && ruleFromAsset(base, actorOf(ctx), ctx.version);
    // MERGED: a field the user changed and the target did not change keeps the user's value; CURRENT keeps every one.
    for (const k of Object.keys({ ...t.current, ...fresh })) {
      if (KEEP_CURRENT.includes(k) || ["id", "rule_id", "version", "type", "author", "license", "immutable", "rule_source"].includes(k)) continue;
      const customised = !baseRule || JSON.stringify(baseRule[k]) !== JSON.stringify(t.current[k]);
      const targetChanged = !baseRule || JSON.stringify(baseRule[k]) !== JSON.stringify(fresh[k]);
      if (pick === "CURRENT" || (customised && !targetChanged)) next[k] = t.current[k];
    }
  }
  for (const k of KEEP_CURRENT) next[k] = t.current[k];
  const rule = orderRule({ ...next, id: t.current.id, created_at: t.current.created_at, created_by: t.current.created_by }) as Rule;
  rule.revision = nextRevision(t.current, rule);
  const customizedFields = differingFields(fresh, rule);
  return { ...rule, rule_source: externalSource(ctx.version, customizedFields, true) };
}

/** Scalar three-way outcome per diffable field (calculate_rule_upgrade_info.ts; Kibana's array/string merges are not modelled). */
function fieldDiffs(ctx: RouteContext, t: Triad) {
  const base = packageOf(ctx).asset(t.current.rule_id, t.current.version);
  const baseRule = base && ruleFromAsset(base, actorOf(ctx), ctx.version);
  const target = ruleFromAsset(t.target, actorOf(ctx), ctx.version);
  const fields: Record<string, RuleUpgradeInfo["diff"]["fields"][string]> = {};
  let conflicts = 0;
  for (const k of Object.keys({ ...t.current, ...target })) {
    if (KEEP_CURRENT.includes(k) || differingFields({ ...t.current, [k]: undefined } as Rule, t.current).length === 0) continue;
    const b = baseRule?.[k];
    const c = t.current[k];
    const g = target[k];
    const eq = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    const customised = baseRule ? !eq(b, c) : false;
    if (eq(c, g) && (!customised || !baseRule)) continue;
    let outcome: string;
    let merge: "CURRENT" | "TARGET";
    let conflict: "NONE" | "NON_SOLVABLE" = "NONE";
    if (!baseRule) [outcome, merge] = ["BASE=<missing>, CURRENT=A, TARGET=B", "TARGET"];
    else if (!customised) [outcome, merge] = ["BASE=A, CURRENT=A, TARGET=B", "TARGET"];
    else if (eq(b, g)) [outcome, merge] = ["BASE=A, CURRENT=B, TARGET=A", "CURRENT"];
    else if (eq(c, g)) [outcome, merge] = ["BASE=A, CURRENT=B, TARGET=B", "CURRENT"];
    else [outcome, merge, conflict] = ["BASE=A, CURRENT=B, TARGET=C", "CURRENT", "NON_SOLVABLE"];
    if (conflict !== "NONE") conflicts++;
    fields[k] = {
      ...(baseRule ? { base_version: b } : {}),
      current_version: c,
      target_version: g,
      merged_version: merge === "CURRENT" ? c : g,
      diff_outcome: outcome,
      merge_outcome: merge,
      conflict,
      has_update: !eq(b, g) || !baseRule,
      has_base_version: Boolean(baseRule),
    };
  }
  return {
    fields,
    num_fields_with_updates: Object.keys(fields).length,
    num_fields_with_conflicts: conflicts,
    num_fields_with_non_solvable_conflicts: conflicts,
  };
}

function prepackagedHandler(ctx: RouteContext): HandlerResult {
  ensureEndpointList(ctx);
  const toInstall = installable(ctx);
  const toUpdate = upgradeable(ctx);
  for (const a of toInstall) install(ctx, a);
  const timelines = packageOf(ctx).installTimelines(ctx.spaceId) ? PACKAGE_TIMELINES : 0;
  // The legacy route upgrades to TARGET, erasing customisations (legacy_create_prepackaged_rules.ts @deprecated).
  for (const t of toUpdate) rulesOf(ctx).put(ctx.spaceId, upgradedRule(ctx, t, "TARGET"));
  return { body: { rules_installed: toInstall.length, rules_updated: toUpdate.length, timelines_installed: timelines, timelines_updated: 0 } };
}

function prepackagedStatusHandler(ctx: RouteContext): HandlerResult {
  const all = rulesOf(ctx).all(ctx.spaceId);
  const prebuilt = installedPrebuilt(ctx).length;
  const timelines = packageOf(ctx).timelinesInstalled(ctx.spaceId);
  return {
    body: {
      rules_custom_installed: all.length - prebuilt,
      rules_installed: prebuilt,
      rules_not_installed: installable(ctx).length,
      rules_not_updated: upgradeable(ctx).length,
      timelines_installed: timelines ? PACKAGE_TIMELINES : 0,
      timelines_not_installed: timelines ? 0 : PACKAGE_TIMELINES,
      timelines_not_updated: 0,
    },
  };
}

const tagsOf = (items: Record<string, unknown>[]) => [...new Set(items.flatMap((i) => (i.tags as string[] | undefined) ?? []))].sort();

function statusHandler(ctx: RouteContext): HandlerResult {
  assertInternalVersion(ctx);
  const ups = upgradeable(ctx);
  return checked(prebuiltRulesStatusSchema, {
    stats: {
      num_prebuilt_rules_installed: installedPrebuilt(ctx).length,
      num_prebuilt_rules_to_install: installable(ctx).length,
      num_prebuilt_rules_to_upgrade: ups.length,
      num_prebuilt_rules_total_in_package: packageOf(ctx).latest().length,
    },
    aggregated_fields: { upgradeable_rules: { tags: tagsOf(ups.map((t) => t.current)) } },
  });
}

function reviewInstallationHandler(ctx: RouteContext): HandlerResult {
  assertInternalVersion(ctx);
  const body = validateBody(reviewInstallationBodySchema, ctx.body, ctx.version);
  const page = body?.page ?? 1;
  const perPage = body?.per_page ?? 20;
  const assets = installable(ctx);
  const rules = assets.map((a) => ruleFromAsset(a, actorOf(ctx), ctx.version)).map(({ id: _id, ...r }) => r as Rule);
  return checked(reviewInstallationSchema, {
    page,
    per_page: perPage,
    total: rules.length,
    stats: { num_rules_to_install: assets.length, tags: tagsOf(assets) },
    rules: rules.slice((page - 1) * perPage, page * perPage),
  });
}

function performInstallationHandler(ctx: RouteContext): HandlerResult {
  assertInternalVersion(ctx);
  const body = validateBody(performInstallationBodySchema, ctx.body, ctx.version);
  ensureEndpointList(ctx);
  const installedIds = new Set(installedPrebuilt(ctx).map((r) => r.rule_id));
  const created: Rule[] = [];
  const skipped: { rule_id: string; reason: "ALREADY_INSTALLED" }[] = [];
  const errors: { message: string; rules: { rule_id: string }[] }[] = [];
  if (body.mode === "ALL_RULES") {
    for (const a of installable(ctx)) created.push(install(ctx, a));
  } else {
    for (const spec of body.rules) {
      if (installedIds.has(spec.rule_id)) skipped.push({ rule_id: spec.rule_id, reason: "ALREADY_INSTALLED" });
      else {
        const asset = packageOf(ctx).asset(spec.rule_id, spec.version);
        const latest = packageOf(ctx)
          .latest()
          .find((a) => a.rule_id === spec.rule_id);
        // The handler checks the rule_id is installable, then fetches the asset at the requested version.
        if (!latest || !asset)
          errors.push({ message: `Rule with ID "${spec.rule_id}" and version "${spec.version}" not found`, rules: [{ rule_id: spec.rule_id }] });
        else {
          created.push(install(ctx, asset));
          installedIds.add(spec.rule_id);
        }
      }
    }
  }
  packageOf(ctx).installTimelines(ctx.spaceId);
  return checked(performInstallationSchema, {
    summary: { total: created.length + skipped.length + errors.length, succeeded: created.length, skipped: skipped.length, failed: errors.length },
    results: { created, skipped },
    errors: aggregate(errors),
  });
}

/** `aggregatePrebuiltRuleErrors`: one entry per message. */
function aggregate(errors: { message: string; rules: { rule_id: string }[] }[]) {
  const by = new Map<string, { message: string; rules: { rule_id: string }[] }>();
  for (const e of errors) {
    const g = by.get(e.message) ?? { message: e.message, rules: [] };
    g.rules.push(...e.rules);
    by.set(e.message, g);
  }
  return [...by.values()];
}

function reviewUpgradeHandler(ctx: RouteContext): HandlerResult {
  assertInternalVersion(ctx);
  const body = validateBody(reviewUpgradeBodySchema, ctx.body, ctx.version);
  const page = body?.page ?? 1;
  const perPage = body?.per_page ?? 20;
  const ups = upgradeable(ctx).filter((t) => !body?.rule_ids || body.rule_ids.includes(t.current.rule_id));
  const rules = ups.map((t) => ({
    id: t.current.id,
    rule_id: t.current.rule_id,
    version: t.current.version,
    revision: t.current.revision,
    current_rule: t.current,
    target_rule: { ...ruleFromAsset(t.target, actorOf(ctx), ctx.version), id: t.current.id },
    diff: fieldDiffs(ctx, t),
  }));
  const withConflicts = rules.filter((r) => r.diff.num_fields_with_conflicts > 0).length;
  return checked(reviewUpgradeSchema, {
    stats: {
      num_rules_to_upgrade_total: ups.length,
      num_rules_with_conflicts: withConflicts,
      num_rules_with_non_solvable_conflicts: withConflicts,
      tags: tagsOf(ups.map((t) => t.current)),
    },
    rules: rules.slice((page - 1) * perPage, page * perPage),
    page,
    per_page: perPage,
  });
}

function performUpgradeHandler(ctx: RouteContext): HandlerResult {
  assertInternalVersion(ctx);
  const body = validateBody(performUpgradeBodySchema, ctx.body, ctx.version);
  // Customisation is enabled (Enterprise): MERGED is the default pick (perform_rule_upgrade_handler.ts).
  const defaultPick: PickVersion = body.pick_version ?? "MERGED";
  const updated: Rule[] = [];
  const skipped: { rule_id: string; reason: "RULE_UP_TO_DATE" | "CONFLICT"; conflict?: "NON_SOLVABLE" }[] = [];
  const errors: { message: string; rules: { rule_id: string }[] }[] = [];
  const ups = new Map(upgradeable(ctx).map((t) => [t.current.rule_id, t]));
  const queue =
    body.mode === "ALL_RULES"
      ? [...ups.values()].map((t) => ({
          rule_id: t.current.rule_id,
          version: t.target.version,
          revision: undefined as number | undefined,
          pick_version: undefined as PickVersion | undefined,
        }))
      : body.rules;
  for (const spec of queue) {
    const current = rulesOf(ctx).getByRuleId(ctx.spaceId, spec.rule_id);
    if (!current || current.rule_source.type !== "external") {
      errors.push({ message: `Rule with rule_id "${spec.rule_id}" and version "${spec.version}" not found`, rules: [{ rule_id: spec.rule_id }] });
      continue;
    }
    const t = ups.get(spec.rule_id);
    if (!t) {
      skipped.push({ rule_id: spec.rule_id, reason: "RULE_UP_TO_DATE" });
      continue;
    }
    if (spec.revision != null && spec.revision !== current.revision) {
      errors.push({
        message: `Revision mismatch for rule_id ${spec.rule_id}: expected ${current.revision}, got ${spec.revision}`,
        rules: [{ rule_id: spec.rule_id }],
      });
      continue;
    }
    const conflicts = fieldDiffs(ctx, t).num_fields_with_non_solvable_conflicts;
    const pick = spec.pick_version ?? defaultPick;
    if (conflicts > 0 && body.on_conflict === "SKIP") {
      skipped.push({ rule_id: spec.rule_id, reason: "CONFLICT", conflict: "NON_SOLVABLE" });
      continue;
    }
    const next = upgradedRule(ctx, t, pick);
    if (!body.dry_run) rulesOf(ctx).put(ctx.spaceId, next);
    updated.push(next);
  }
  if (!body.dry_run) packageOf(ctx).installTimelines(ctx.spaceId);
  return checked(performUpgradeSchema, {
    summary: { total: updated.length + skipped.length + errors.length, skipped: skipped.length, succeeded: updated.length, failed: errors.length },
    results: { updated, skipped },
    errors: aggregate(errors),
  });
}

export function registerPrebuiltRuleRoutes(router: Router): void {
  const pub = { family: "siem" as const, versioned: true };
  const internal = { family: "siem" as const, versioned: false };
  router
    .add({ ...pub, method: "PUT", path: PUBLIC, handler: prepackagedHandler })
    .add({ ...pub, method: "GET", path: `${PUBLIC}/_status`, handler: prepackagedStatusHandler })
    .add({ ...internal, method: "GET", path: `${INTERNAL}/status`, handler: statusHandler })
    .add({ ...internal, method: "POST", path: `${INTERNAL}/installation/_review`, handler: reviewInstallationHandler, mutates: false })
    .add({ ...internal, method: "POST", path: `${INTERNAL}/installation/_perform`, handler: performInstallationHandler })
    .add({ ...internal, method: "POST", path: `${INTERNAL}/upgrade/_review`, handler: reviewUpgradeHandler, mutates: false })
    .add({ ...internal, method: "POST", path: `${INTERNAL}/upgrade/_perform`, handler: performUpgradeHandler });
}
