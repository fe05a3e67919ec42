import { findAllRules, importRules, newlineFiles, type ApiTarget, type RuleResponse } from "@esac/kibana-client";
import { bulkByRuleIds, RULE_IDS_PER_QUERY, ruleIdsKql } from "../prebuilt-rules/catalog";

/**
 * Kibana's `_import` limits (security_solution server/config.ts): `maxRuleImportExportSize` 10,000 rules and
 * `maxRuleImportPayloadBytes` 10,485,760 bytes per request body. esac leaves room for the multipart envelope.
 */
export const IMPORT_MAX_RULES = 10_000;
export const IMPORT_MAX_BYTES = 10_485_760 - 64 * 1024;

/** One rule refused by Kibana, by `rule_id`. */
export interface RuleFailure {
  rule_id: string;
  message: string;
}

/** NDJSON files of at most {@link IMPORT_MAX_RULES} lines and {@link IMPORT_MAX_BYTES} bytes each. */
export function importChunks(bodies: readonly object[]): string[] {
  return newlineFiles(
    bodies.map((body) => JSON.stringify(body)),
    { maxBytes: IMPORT_MAX_BYTES, maxLines: IMPORT_MAX_RULES },
  );
}

/**
 * Creates and overwrites rules with `_import?overwrite=true`, one call per chunk. Kibana answers per rule: the ones it
 * refused come back with their `rule_id` and reason; the rest are applied. A chunk whose call fails as a whole fails
 * all its rules with that message.
 */
export async function importByRuleId(target: ApiTarget, bodies: readonly { rule_id?: unknown }[]): Promise<RuleFailure[]> {
  const failures: RuleFailure[] = [];
  let start = 0;
  for (const chunk of importChunks(bodies)) {
    const count = chunk.split("\n").length - 1;
    const ids = bodies.slice(start, start + count).map((b) => String(b.rule_id));
    start += count;
    try {
      const answer = await importRules(target, chunk, { overwrite: true });
      for (const e of answer.errors ?? []) failures.push({ rule_id: String(e.rule_id ?? e.id ?? "(unknown id)"), message: e.error.message });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(...ids.map((rule_id) => ({ rule_id, message })));
    }
  }
  return failures;
}

/** Deletes rules by `rule_id`: one `_bulk_action` delete with a KQL query per 1,000 rules. Returns the call errors. */
export async function deleteByRuleIds(target: ApiTarget, ruleIds: readonly string[]): Promise<string[]> {
  const errors: string[] = [];
  for (let i = 0; i < ruleIds.length; i += RULE_IDS_PER_QUERY) {
    await bulkByRuleIds(target, "delete", ruleIds.slice(i, i + RULE_IDS_PER_QUERY), ruleIdsKql).catch((e: unknown) =>
      errors.push(e instanceof Error ? e.message : String(e)),
    );
  }
  return errors;
}

/**
 * Room for a `_find` filter in the URL. Kibana's HTTP server keeps Node's default limit of 16 KiB on a request's
 * line and headers together (431 beyond it); a filter naming more rules than fit here is not sent.
 */
export const FILTER_URL_BUDGET = 8_000;

/**
 * The rules of a space with these `rule_id`s: one paged `_find` filtered to them when the filter fits in a URL
 * ({@link FILTER_URL_BUDGET}, about 150 rule_ids), else one paged `_find` of the whole space (1,000 a page) keeping
 * those rules.
 */
export async function findByRuleIds(target: ApiTarget, ruleIds: readonly string[]): Promise<Map<string, RuleResponse>> {
  const filter = ruleIdsKql(ruleIds);
  const wanted = new Set(ruleIds);
  const rules =
    encodeURIComponent(filter).length <= FILTER_URL_BUDGET
      ? await findAllRules(target, { filter })
      : (await findAllRules(target)).filter((r) => wanted.has(r.rule_id));
  return new Map(rules.map((rule) => [rule.rule_id, rule]));
}
