import type { EsqlQuery } from "./ast";
import { parseStatement } from "./commands";

/**
 * Parses an ES|QL query (Elasticsearch's production grammar, permissive where newer releases are) into its syntax
 * tree; throws `QuerySyntaxError` with the language "esql" at the first token that cannot continue the query.
 */
export function parseEsql(source: string): EsqlQuery {
  return parseStatement(source);
}
