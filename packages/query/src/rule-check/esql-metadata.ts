import type { EsqlQuery } from "../esql";
import { positionAt } from "../syntax-error";
import type { RuleQueryFinding } from "./findings";

/** The first Kibana that adds `METADATA _id` itself when it runs a non-aggregating ES|QL rule (elastic/kibana#254703). */
const INJECTS_METADATA_ID_SINCE = [9, 4] as const;

/**
 * Kibana deduplicates the alerts of a non-aggregating ES|QL rule by the source documents' `_id`, which ES|QL returns
 * only when FROM asks for it. Up to 9.3 its rule form refuses such a query (the form's `esqlQueryValidatorFactory`,
 * security_solution/public/detection_engine/rule_creation: `!isEsqlQueryAggregating && !hasMetadataOperator` is the
 * blocking ERR_MISSING_ID_FIELD_FROM_RESULT error), where
 * `isAggregatingQuery` (kbn-securitysolution-utils, compute_if_esql_query_aggregating.ts) is "a top-level command named
 * `stats`" — not INLINE STATS, not a STATS inside FORK — and `computeHasMetadataOperator` looks for `_id` among the
 * METADATA of the `from` command only (a TS source has none). From 9.4 Kibana injects `METADATA _id` at execution
 * (`injectMetadataId`, PR #254703) and the form no longer blocks: nothing to report.
 *
 * A warning, not an error: Kibana's API accepts such a rule and runs it (elastic/kibana#194724: prebuilt rules
 * without `_id` execute), only its alerts cannot be deduplicated; the check never blocks a rule Kibana would run.
 */
export function checkEsqlMetadata(ast: EsqlQuery, kibanaVersion: string | undefined): RuleQueryFinding[] {
  if (injectsMetadataId(kibanaVersion)) return [];
  if (ast.commands.some((command) => command.kind === "stats")) return [];
  const source = ast.sourceCommand;
  if (source.kind === "from" && source.metadata.some((field) => field.name === "_id")) return [];
  return [
    {
      severity: "warning",
      kind: "esql-metadata",
      field: "query",
      message:
        `a non-aggregating ES|QL query (no top-level STATS) should read "METADATA _id" in its FROM command: Kibana ${kibanaVersion} ` +
        `deduplicates this rule's alerts by _id, and its rule form refuses the query without it (add METADATA _id, or aggregate with STATS)`,
      position: positionAt(ast.source, source.start),
    },
  ];
}

/** Kibana 9.4 or later; an unset version is the newest, which does. */
function injectsMetadataId(kibanaVersion: string | undefined): boolean {
  if (kibanaVersion === undefined || kibanaVersion.trim() === "") return true;
  const match = /^\s*v?(\d+)(?:\.(\d+))?/.exec(kibanaVersion);
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2] ?? 0)];
  return major > INJECTS_METADATA_ID_SINCE[0] || (major === INJECTS_METADATA_ID_SINCE[0] && minor >= INJECTS_METADATA_ID_SINCE[1]);
}
