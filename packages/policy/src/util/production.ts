import type { ConfigProperty, PolicyContext } from "../types";
import { matchesAnyGlob } from "./match";

/**
 * Is this a production stack? Policies cannot call `pulumi.getStack()` (they run in the analyzer, not in the
 * program), but the CLI sends the stack's tags — and, to packs that read it, its name — when it starts the pack.
 * In order:
 * 1. the policy's `production` config (true/false) decides outright, for CI jobs that know;
 * 2. a stack tag `productionTag` (default `environment`) whose value is one of `productionTagValues`
 *    (default `production`, `prod`): `pulumi stack tag set environment production`;
 * 3. the stack name matching one of `productionStacks` (globs, default `prod`, `production`, `prod-*`, `*-prod`,
 *    `production-*`, `*-production`).
 */
export interface ProductionConfig {
  production: boolean | null;
  productionTag: string;
  productionTagValues: string[];
  productionStacks: string[];
}

export const PRODUCTION_DEFAULTS: ProductionConfig = {
  production: null,
  productionTag: "environment",
  productionTagValues: ["production", "prod"],
  productionStacks: ["prod", "production", "prod-*", "*-prod", "production-*", "*-production"],
};

export const PRODUCTION_CONFIG: { [K in keyof ProductionConfig]: ConfigProperty } = {
  production: {
    type: "boolean",
    description: "Treat this stack as production (true) or not (false), whatever its tags and name say.",
  },
  productionTag: {
    type: "string",
    description: "Stack tag that marks the environment (`pulumi stack tag set <tag> <value>`).",
    default: PRODUCTION_DEFAULTS.productionTag,
  },
  productionTagValues: {
    type: "array",
    items: { type: "string" },
    description: "Values of `productionTag` that mean production (case-insensitive).",
    default: PRODUCTION_DEFAULTS.productionTagValues,
  },
  productionStacks: {
    type: "array",
    items: { type: "string" },
    description: "Stack names (globs, case-insensitive) that are production whatever their tags.",
    default: PRODUCTION_DEFAULTS.productionStacks,
  },
};

/** Whether the stack is production, and why (for messages). */
export function productionReason(config: ProductionConfig, context: PolicyContext): string | undefined {
  if (config.production === true) return "policy config says production: true";
  if (config.production === false) return undefined;
  const tag = context.stackTags.get(config.productionTag);
  if (tag !== undefined && config.productionTagValues.some((v) => v.toLowerCase() === tag.trim().toLowerCase())) {
    return `stack tag ${config.productionTag}=${tag}`;
  }
  if (context.stack && matchesAnyGlob(context.stack, config.productionStacks)) return `stack name "${context.stack}"`;
  return undefined;
}
