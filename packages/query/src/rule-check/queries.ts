import type { QueryLanguage } from "../syntax-error";
import type { RuleQueryText } from "./findings";

type Obj = Record<string, unknown>;

const LANGUAGES: readonly string[] = ["kuery", "lucene", "eql", "esql"];

/**
 * The query texts of a rule with their languages, as Kibana runs them: `query` in `language` (for `eql` and `esql`
 * rules their own language; otherwise `kuery` when unset, Kibana's default for query, saved_query, threshold,
 * threat_match and new_terms rules), and an indicator match rule's `threat_query` in `threat_language` (default
 * `kuery`). Machine learning rules have none. An empty query is not a text to parse (Kibana searches everything).
 */
export function ruleQueryTexts(rule: Obj): RuleQueryText[] {
  const type = typeof rule.type === "string" ? rule.type : undefined;
  if (type === "machine_learning") return [];
  const texts: RuleQueryText[] = [];
  const ownLanguage = type === "eql" || type === "esql" ? type : undefined;
  const add = (field: string, text: unknown, language: unknown) => {
    if (typeof text !== "string" || text.trim() === "") return;
    const lang = typeof language === "string" && LANGUAGES.includes(language) ? (language as QueryLanguage) : "kuery";
    texts.push({ field, language: lang, text });
  };
  add("query", rule.query, ownLanguage ?? rule.language);
  if (type === "threat_match") add("threat_query", rule.threat_query, rule.threat_language);
  return texts;
}
