import { bulkRuleAction, findAllRules, type ApiTarget } from "@esac/kibana-client";

/** One installed prebuilt rule as the selection sees it. */
export interface CatalogEntry {
  rule_id: string;
  tags: string[];
  enabled: boolean;
}

/**
 * Installed prebuilt rules are the ones with `immutable: true`: the filter Kibana's own rules table uses for "Elastic
 * rules" (`convertRulesFilterToKQL`, security_solution public/detection_engine/rule_management/logic/utils.ts).
 */
export const PREBUILT_FILTER = "alert.attributes.params.immutable: true";

/**
 * `_bulk_action` by `query` matches up to 10,000 rules a call (by `ids`, 100: research/prebuilt-rules.md). esac sends
 * 1,000 `rule_id`s a query, the size Kibana itself asks for in one search (`fetchInstalledRulesByIds` of the prebuilt
 * rule objects client puts every requested id in one `alert.attributes.params.ruleId:(a or b …)` filter).
 */
export const RULE_IDS_PER_QUERY = 1000;

/** Every installed prebuilt rule of the space: one paged `_find` (1,000 a page), sorted by `rule_id`. */
export async function readCatalog(target: ApiTarget): Promise<CatalogEntry[]> {
  const rules = await findAllRules(target, { filter: PREBUILT_FILTER });
  return rules
    .map((r) => ({ rule_id: r.rule_id, tags: [...((r.tags as string[] | undefined) ?? [])].sort(), enabled: r.enabled === true }))
    .sort((a, b) => (a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : 0));
}

const kqlString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** KQL selecting the rules with these `rule_id`s (`params.ruleId` is how Kibana's own searches name it). */
export function ruleIdsKql(ruleIds: readonly string[]): string {
  return `alert.attributes.params.ruleId: (${ruleIds.map(kqlString).join(" OR ")})`;
}

/** KQL selecting the prebuilt rules with these `rule_id`s. */
export function ruleIdQuery(ruleIds: readonly string[]): string {
  return `${PREBUILT_FILTER} AND ${ruleIdsKql(ruleIds)}`;
}

interface BulkAnswer {
  attributes?: { summary?: { succeeded?: number; skipped?: number; failed?: number } };
}

/**
 * Enables or disables prebuilt rules by `rule_id`: one `_bulk_action` with a KQL `query` per {@link RULE_IDS_PER_QUERY}
 * rules. Repeating it converges (an enabled rule is skipped `RULE_NOT_MODIFIED`), so a lost answer is safe to re-send.
 * Returns the number of calls made.
 */
export async function toggleByRuleIds(target: ApiTarget, action: "enable" | "disable", ruleIds: readonly string[]): Promise<number> {
  return bulkByRuleIds(target, action, ruleIds, ruleIdQuery);
}

/** One `_bulk_action` per {@link RULE_IDS_PER_QUERY} rule_ids, selected by `query(ids)`; throws on any failed rule. */
export async function bulkByRuleIds(
  target: ApiTarget,
  action: "enable" | "disable" | "delete",
  ruleIds: readonly string[],
  query: (ids: readonly string[]) => string,
): Promise<number> {
  let calls = 0;
  for (let i = 0; i < ruleIds.length; i += RULE_IDS_PER_QUERY) {
    const answer = (await bulkRuleAction(target, { action, query: query(ruleIds.slice(i, i + RULE_IDS_PER_QUERY)) })) as BulkAnswer;
    calls++;
    const failed = answer.attributes?.summary?.failed ?? 0;
    if (failed > 0) throw new Error(`${action} failed for ${failed} rule(s): ${JSON.stringify(answer.attributes)}`);
  }
  return calls;
}
