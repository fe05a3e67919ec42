import { z } from "zod";

/**
 * Prebuilt rules APIs, field names verbatim (research/prebuilt-rules.md). The public `prepackaged` routes are in the
 * detections OpenAPI bundle; the internal `/internal/detection_engine/prebuilt_rules/*` routes (version `1`) are in
 * none, so these schemas are their contract, written from Kibana's route validation
 * (`security_solution/common/api/detection_engine/prebuilt_rules/*`). The emulator checks requests and answers with them.
 */

/** `elastic-api-version` of the internal prebuilt rules routes. */
export const PREBUILT_RULES_INTERNAL_API_VERSION = "1";

/** `read_prebuilt_rules_and_timelines_status_route.gen.ts` (strict). */
const count = z.number().int().min(0);
export const prepackagedStatusSchema = z
  .object({
    rules_custom_installed: count,
    rules_installed: count,
    rules_not_installed: count,
    rules_not_updated: count,
    timelines_installed: count,
    timelines_not_installed: count,
    timelines_not_updated: count,
  })
  .strict();
export type PrepackagedStatus = z.infer<typeof prepackagedStatusSchema>;

/** `install_prebuilt_rules_and_timelines_route.gen.ts`. */
export const installPrepackagedResultSchema = z.object({
  rules_installed: count,
  rules_updated: count,
  timelines_installed: count,
  timelines_updated: count,
});
export type InstallPrepackagedResult = z.infer<typeof installPrepackagedResultSchema>;

/** `get_prebuilt_rules_status_route.ts`. */
export const prebuiltRulesStatusSchema = z.object({
  stats: z.object({
    num_prebuilt_rules_installed: count,
    num_prebuilt_rules_to_install: count,
    num_prebuilt_rules_to_upgrade: count,
    num_prebuilt_rules_total_in_package: count,
    num_prebuilt_rules_deprecated: count.optional(),
  }),
  aggregated_fields: z.object({ upgradeable_rules: z.object({ tags: z.array(z.string()) }) }).optional(),
});
export type PrebuiltRulesStatus = z.infer<typeof prebuiltRulesStatusSchema>;

/** An installed or installable rule as these routes answer it: the identity is checked, the rest passes through. */
const ruleShape = z.looseObject({ id: z.string().optional(), rule_id: z.string(), version: z.number().int() });

/** `review_rule_installation_route.ts`: optional body, `page` ≥ 1 (default 1), `per_page` ≥ 0 (default 20). */
export const reviewInstallationBodySchema = z
  .object({
    page: z.coerce.number().int().min(1).optional(),
    per_page: z.coerce.number().int().min(0).optional(),
    filter: z.unknown().optional(),
    sort: z.unknown().optional(),
  })
  .optional()
  .nullable();
export const reviewInstallationSchema = z.object({
  page: z.number().int().optional(),
  per_page: z.number().int().optional(),
  total: z.number().int().optional(),
  stats: z.object({ num_rules_to_install: count, tags: z.array(z.string()) }),
  rules: z.array(ruleShape),
});
export type ReviewInstallation = z.infer<typeof reviewInstallationSchema>;

/** `RuleVersionSpecifier`. */
export const ruleVersionSpecifierSchema = z.strictObject({ rule_id: z.string(), version: z.number().int() });
export type RuleVersionSpecifier = z.infer<typeof ruleVersionSpecifierSchema>;

/** `PerformRuleInstallationRequestBody`: ALL_RULES, or SPECIFIC_RULES with `rules`. */
export const performInstallationBodySchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("ALL_RULES") }),
  z.strictObject({ mode: z.literal("SPECIFIC_RULES"), rules: z.array(ruleVersionSpecifierSchema) }),
]);
export type PerformInstallationBody = z.infer<typeof performInstallationBodySchema>;

const aggregatedErrorSchema = z.object({ message: z.string(), rules: z.array(z.object({ rule_id: z.string(), name: z.string().optional() })) });
const summarySchema = z.object({ total: count, succeeded: count, skipped: count, failed: count });

export const performInstallationSchema = z.object({
  summary: summarySchema,
  results: z.object({ created: z.array(ruleShape), skipped: z.array(z.object({ rule_id: z.string(), reason: z.literal("ALREADY_INSTALLED") })) }),
  errors: z.array(aggregatedErrorSchema),
});
export type PerformInstallationResult = z.infer<typeof performInstallationSchema>;

/** `review_rule_upgrade_route.ts`: nullable body. */
export const reviewUpgradeBodySchema = z
  .object({
    rule_ids: z.array(z.string()).optional(),
    filter: z.string().optional(),
    sort_field: z.string().optional(),
    sort_order: z.enum(["asc", "desc"]).optional(),
    page: z.coerce.number().int().min(1).optional(),
    per_page: z.coerce.number().int().min(0).optional(),
  })
  .nullable()
  .optional();

export const THREE_WAY_CONFLICTS = ["NONE", "SOLVABLE", "NON_SOLVABLE"] as const;
const fieldDiffSchema = z.object({
  base_version: z.unknown().optional(),
  current_version: z.unknown(),
  target_version: z.unknown(),
  merged_version: z.unknown(),
  diff_outcome: z.string(),
  merge_outcome: z.enum(["BASE", "CURRENT", "TARGET", "MERGED"]),
  conflict: z.enum(THREE_WAY_CONFLICTS),
  has_update: z.boolean(),
  has_base_version: z.boolean(),
});
export const ruleUpgradeInfoSchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  version: z.number().int(),
  revision: z.number().int(),
  current_rule: ruleShape,
  target_rule: ruleShape,
  diff: z.object({
    fields: z.record(z.string(), fieldDiffSchema),
    num_fields_with_updates: count,
    num_fields_with_conflicts: count,
    num_fields_with_non_solvable_conflicts: count,
  }),
});
export type RuleUpgradeInfo = z.infer<typeof ruleUpgradeInfoSchema>;
export const reviewUpgradeSchema = z.object({
  stats: z.object({
    num_rules_to_upgrade_total: count,
    num_rules_with_conflicts: count,
    num_rules_with_non_solvable_conflicts: count,
    tags: z.array(z.string()),
  }),
  rules: z.array(ruleUpgradeInfoSchema),
  page: z.number().int().optional(),
  per_page: z.number().int().optional(),
});
export type ReviewUpgrade = z.infer<typeof reviewUpgradeSchema>;

export const PICK_VERSIONS = ["BASE", "CURRENT", "TARGET", "MERGED"] as const;
export type PickVersion = (typeof PICK_VERSIONS)[number];
const pickVersion = z.enum(PICK_VERSIONS);
const onConflict = z.enum(["SKIP", "UPGRADE_SOLVABLE"]);

/** `RuleUpgradeSpecifier`; per-field `fields` pass through (not modelled beyond their presence). */
export const ruleUpgradeSpecifierSchema = z.object({
  rule_id: z.string(),
  revision: z.number(),
  version: z.number().int(),
  pick_version: pickVersion.optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type RuleUpgradeSpecifier = z.infer<typeof ruleUpgradeSpecifierSchema>;

/** `PerformRuleUpgradeRequestBody` (perform_rule_upgrade_route.ts). */
export const performUpgradeBodySchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("ALL_RULES"),
    pick_version: pickVersion.optional(),
    filter: z.unknown().optional(),
    on_conflict: onConflict.optional(),
    dry_run: z.boolean().optional(),
  }),
  z.object({
    mode: z.literal("SPECIFIC_RULES"),
    rules: z.array(ruleUpgradeSpecifierSchema).min(1),
    pick_version: pickVersion.optional(),
    on_conflict: onConflict.optional(),
    dry_run: z.boolean().optional(),
  }),
]);
export type PerformUpgradeBody = z.infer<typeof performUpgradeBodySchema>;

const skippedUpgradeSchema = z.object({
  rule_id: z.string(),
  reason: z.enum(["RULE_UP_TO_DATE", "CONFLICT"]),
  conflict: z.enum(THREE_WAY_CONFLICTS).optional(),
});
export const performUpgradeSchema = z.object({
  summary: summarySchema,
  results: z.object({ updated: z.array(ruleShape), skipped: z.array(skippedUpgradeSchema) }),
  errors: z.array(aggregatedErrorSchema),
});
export type PerformUpgradeResult = z.infer<typeof performUpgradeSchema>;
