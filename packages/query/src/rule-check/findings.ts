import type { QueryLanguage, QueryPosition } from "../syntax-error";

/**
 * What the offline check found in one rule. `error`s are what Kibana or Elasticsearch would refuse or fail on (the
 * rule cannot run as written); `warning`s are likely mistakes that a valid rule may still have on purpose (a field
 * missing from ECS, a look-back gap), never a reason to block the rule unless the user asks for strict mode.
 */
export interface RuleQueryFinding {
  severity: "error" | "warning";
  kind: RuleQueryFindingKind;
  /** The rule argument the finding is about, as Kibana names it: `query`, `threat_query`, `threshold.field`, `from`… */
  field: string;
  /** One sentence naming the problem (and, for syntax errors, the line, column and what was expected). */
  message: string;
  /** Where in the query, for findings about a query text. */
  position?: QueryPosition;
}

export type RuleQueryFindingKind =
  /** The query does not parse. */
  | "syntax"
  /** A field the query names is not in ECS, the rule's `required_fields` or the declared custom fields. */
  | "unknown-field"
  /** The look-back (`from`) is shorter than the schedule (`interval`): events between runs are never searched. */
  | "lookback-gap"
  /** An ES|QL rule whose query cannot give Kibana the `_id` it needs to deduplicate alerts. */
  | "esql-metadata"
  /** A threshold `field` (or cardinality field) whose ECS type cannot be aggregated. */
  | "threshold-field";

/** A query text of a rule and the language it is written in. */
export interface RuleQueryText {
  field: string;
  language: QueryLanguage;
  text: string;
}
