import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { list, resourceLabel, text } from "../util/props";

export interface ExceptionItemExpiryConfig {
  maxAgeDays: number;
  minJustificationLength: number;
  requireJustification: boolean;
}

const DAY_MS = 86_400_000;

/**
 * 6. Exceptions are temporary or justified: an item either expires (`expire_time`, at most `maxAgeDays` ahead) or
 * carries a comment that explains why it is permanent.
 */
export const exceptionItemExpiry: ResourcePolicyDefinition<ExceptionItemExpiryConfig> = {
  kind: "resource",
  name: "exception-item-expiry",
  description:
    "Exception items expire (`expire_time` no more than `maxAgeDays` days ahead) or carry a justification comment of " +
    "at least `minJustificationLength` characters, so suppressions do not outlive their reason unnoticed.",
  remediation:
    'Set `expire_time` (ISO date, e.g. "2026-03-31T00:00:00Z") within the allowed age, or add ' +
    '`comments: [{ comment: "Why this is safe to suppress, ticket, owner" }]`. Remove items that already expired.',
  enforcementLevel: "mandatory",
  types: [TYPES.ExceptionListItem],
  config: {
    maxAgeDays: {
      type: "integer",
      minimum: 1,
      description: "Latest allowed expiry, in days from the preview.",
      default: 90,
    },
    minJustificationLength: {
      type: "integer",
      minimum: 1,
      description: "Shortest comment that counts as a justification, in characters.",
      default: 20,
    },
    requireJustification: {
      type: "boolean",
      description: "Require a justification comment even on items that expire.",
      default: false,
    },
  },
  defaults: { maxAgeDays: 90, minJustificationLength: 20, requireJustification: false },
  check(item, config, context) {
    const label = resourceLabel("exception item", item, "item_id");
    const justified = list(item.props.comments).some(
      (c) => (text(typeof c === "string" ? c : c?.comment)?.trim().length ?? 0) >= config.minJustificationLength,
    );
    const expire = item.props.expire_time;
    const problems: string[] = [];

    if (expire === undefined || expire === null || expire === "") {
      if (!justified) {
        problems.push(
          `${label} never expires and has no justification comment: set expire_time (at most ${config.maxAgeDays} days ahead) ` +
            `or add a comment of at least ${config.minJustificationLength} characters explaining why it is permanent.`,
        );
      }
      return problems;
    }
    const at = typeof expire === "string" ? Date.parse(expire) : NaN;
    if (Number.isNaN(at)) {
      problems.push(`${label}: expire_time ${JSON.stringify(expire)} is not an ISO date-time.`);
    } else if (at <= context.now.getTime()) {
      problems.push(`${label} expired on ${new Date(at).toISOString()} and no longer suppresses anything: remove it or renew expire_time.`);
    } else {
      const days = (at - context.now.getTime()) / DAY_MS;
      if (days > config.maxAgeDays) {
        problems.push(
          `${label} expires in ${Math.ceil(days)} days (${new Date(at).toISOString().slice(0, 10)}), beyond the maximum of ${config.maxAgeDays} days.`,
        );
      }
    }
    if (config.requireJustification && !justified) {
      problems.push(`${label} has no justification comment (at least ${config.minJustificationLength} characters required).`);
    }
    return problems;
  },
};
