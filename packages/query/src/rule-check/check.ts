import { ecsReleaseFor, ecsSchema, type EcsSchema } from "../ecs";
import { eqlFields, parseEql } from "../eql";
import { esqlFields, parseEsql, type EsqlQuery } from "../esql";
import { kqlFields, parseKql } from "../kql";
import { luceneFields, parseLucene } from "../lucene";
import { QuerySyntaxError, type FieldReference, type QueryLanguage } from "../syntax-error";
import { checkEsqlMetadata } from "./esql-metadata";
import { argumentFields, firstUses, KnownFields, type FieldUse } from "./field-names";
import type { RuleQueryFinding } from "./findings";
import { ruleQueryTexts } from "./queries";
import { checkLookback } from "./schedule";

type Obj = Record<string, unknown>;

/** Options of {@link checkRuleQueries}. */
export interface RuleCheckOptions {
  /**
   * Version of the Kibana the rule targets (e.g. "8.19", "9.4"): picks the ECS release fields are checked against
   * (see ecsReleaseFor) and the version-dependent checks (ES|QL `METADATA _id`). The newest when unset.
   */
  ecsVersion?: string;
  /** Fields the user's data has beyond ECS (exact names, or patterns with `*`, e.g. `okta.*`). */
  customFields?: readonly string[];
  /** Report unknown fields as errors instead of warnings. */
  strictFields?: boolean;
}

/** Parses a text and lists the fields it references; a syntax error throws QuerySyntaxError. */
const FIELD_READERS: Record<Exclude<QueryLanguage, "esql">, (text: string) => FieldReference[]> = {
  kuery: (text) => kqlFields(parseKql(text)),
  lucene: (text) => luceneFields(parseLucene(text)),
  eql: (text) => eqlFields(parseEql(text)),
};

/**
 * Checks a rule offline, the way Kibana would see it: each query text (see ruleQueryTexts) must parse (error, with its
 * position); every field the queries and the field arguments name should be in ECS, the rule's `required_fields` or
 * `options.customFields` (warning; error in strict mode); the look-back should cover the interval (warning); a
 * non-aggregating ES|QL query needs `METADATA _id` where the target Kibana requires it (error); a threshold should
 * group by aggregatable fields (warning).
 */
export function checkRuleQueries(rule: Obj, options: RuleCheckOptions = {}): RuleQueryFinding[] {
  const ecs = ecsSchema(ecsReleaseFor(options.ecsVersion));
  const known = new KnownFields(ecs, rule, options.customFields);
  const findings: RuleQueryFinding[] = [];
  const unknown = (field: string, uses: FieldUse[]) => findings.push(...unknownFields(field, uses, known, ecs.release, options.strictFields));

  for (const { field, language, text } of ruleQueryTexts(rule)) {
    let references: FieldReference[];
    let esqlAst: EsqlQuery | undefined;
    try {
      if (language === "esql") references = esqlFields((esqlAst = parseEsql(text)));
      else references = FIELD_READERS[language](text);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      findings.push({ severity: "error", kind: "syntax", field, message: error.message, position: error.position });
      continue;
    }
    unknown(field, references);
    if (esqlAst && rule.type === "esql") findings.push(...checkEsqlMetadata(esqlAst, options.ecsVersion));
  }

  const byArgument = new Map<string, FieldUse[]>();
  for (const { field, name } of argumentFields(rule)) byArgument.set(field, [...(byArgument.get(field) ?? []), { name }]);
  for (const [field, uses] of byArgument) unknown(field, uses);

  findings.push(...checkThresholdFields(rule, ecs), ...checkLookback(rule));
  return findings;
}

function unknownFields(field: string, uses: FieldUse[], known: KnownFields, release: string, strict = false): RuleQueryFinding[] {
  return firstUses(uses)
    .filter((use) => !known.has(use.name))
    .map((use) => ({
      severity: strict ? "error" : "warning",
      kind: "unknown-field",
      field,
      message: `field "${use.name}" is not in ECS ${release}, the rule's required_fields or the custom fields`,
      ...(use.position && { position: use.position }),
    }));
}

/**
 * A threshold groups documents with a terms aggregation per `threshold.field` (and counts distinct values of the
 * cardinality field): both must be aggregatable. Kibana's rule form offers only those — step_define_rule/index.tsx
 * passes `aggFields` (`indexPattern.fields.filter((field) => field.aggregatable === true)`) to ThresholdInput as its
 * options — but the API takes any name. A field ECS types as text (`message`, `*.text` multi-fields) or as an object is
 * not; a field ECS does not know is left to the unknown-field check.
 */
function checkThresholdFields(rule: Obj, ecs: EcsSchema): RuleQueryFinding[] {
  return argumentFields(rule)
    .filter(({ field }) => field.startsWith("threshold."))
    .filter(({ name }) => ecs.isAggregatable(name) === false)
    .map(({ field, name }) => ({
      severity: "warning",
      kind: "threshold-field",
      field,
      message: `field "${name}" is of type ${ecs.typeOf(name)} in ECS ${ecs.release}, which cannot be aggregated: the threshold cannot group by it (Kibana's rule form offers only aggregatable fields)`,
    }));
}
