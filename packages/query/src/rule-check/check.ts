import { parseEql } from "../eql";
import { parseEsql } from "../esql";
import { parseKql } from "../kql";
import { parseLucene } from "../lucene";
import { QuerySyntaxError, type QueryLanguage } from "../syntax-error";
import type { RuleQueryFinding } from "./findings";
import { ruleQueryTexts } from "./queries";

type Obj = Record<string, unknown>;

const PARSERS: Record<QueryLanguage, (text: string) => unknown> = { kuery: parseKql, lucene: parseLucene, eql: parseEql, esql: parseEsql };

/** Options of {@link checkRuleQueries}. */
export interface RuleCheckOptions {
  /** ECS version the rule's target Kibana ships (e.g. "9.4"); the newest known when unset. */
  ecsVersion?: string;
  /** Fields the user's data has beyond ECS (exact names, or patterns ending in `*`). */
  customFields?: readonly string[];
  /** Report unknown fields as errors instead of warnings. */
  strictFields?: boolean;
}

/** Parses each query text of a rule (see ruleQueryTexts) and reports the ones that do not parse, with their position. */
export function checkRuleQueries(rule: Obj, _options: RuleCheckOptions = {}): RuleQueryFinding[] {
  const findings: RuleQueryFinding[] = [];
  for (const { field, language, text } of ruleQueryTexts(rule)) {
    try {
      PARSERS[language](text);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      findings.push({ severity: "error", kind: "syntax", field, message: error.message, position: error.position });
    }
  }
  return findings;
}
