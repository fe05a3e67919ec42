/**
 * @esac/policy — policies for stacks built with @esac/pulumi. This module only exports them (no side effects); the
 * pack Pulumi loads is `pack.ts` (package.json `main`). See README.md.
 */
export * from "./policies";
export * from "./tokens";
export type * from "./types";
export { UNKNOWN, isUnknown, toPlain } from "./util/props";
export { parseDuration, parseRelativeDateMath, formatDuration } from "./util/time";
export { PRODUCTION_DEFAULTS, productionReason, type ProductionConfig } from "./util/production";
export { isCatchAllPattern, esqlSources } from "./policies/rule-no-catch-all-index";
export { isBroadEntry, overBroadReason } from "./policies/exception-item-over-broad";
export { SEVERITY_BANDS, severityForRiskScore } from "./policies/rule-severity-risk-score";
export { effectiveConfig, policyContext, toPulumiPolicies, toResourcePolicy, toStackPolicy } from "./wiring";
