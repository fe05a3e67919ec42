import { z } from "zod";

/**
 * Kibana's detection rule create body (security detections API 2023-10-31), field names verbatim.
 * Built twice from one definition: `kibana` strips unknown keys like Kibana's own zod routes do (the
 * emulator uses it); `strict` rejects them, so a typo in a Pulumi program fails at preview.
 */
/**
 * `ThresholdField`: one field or an array of at most 5 (threshold_attributes.schema.yaml). The bound is checked once
 * the array branch is taken, so a 6-field array reports only `threshold.field: Too big: expected array to have <=5
 * items`, as Kibana does (create_rules.ts "returns HTTP 400 error when there are more than 5 threshold fields
 * provided"); with the bound inside the union, the installed zod aborts on it and reports both branches.
 */
const thresholdField = z.union([z.string(), z.array(z.string())]).superRefine((value, ctx) => {
  if (Array.isArray(value) && value.length > 5) ctx.addIssue({ code: "too_big", origin: "array", maximum: 5, inclusive: true, input: value });
});

export const RULE_TYPES = ["query", "saved_query", "eql", "esql", "threshold", "threat_match", "machine_learning", "new_terms"] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const EXCEPTION_LIST_TYPES = [
  "detection",
  "rule_default",
  "endpoint",
  "endpoint_trusted_apps",
  "endpoint_trusted_devices",
  "endpoint_events",
  "endpoint_host_isolation_exceptions",
  "endpoint_blocklists",
  "endpoint_custom_yara_signatures",
] as const;

/** Server-managed fields found in Kibana exports and read responses; accepted and ignored on input. */
export const RULE_READ_ONLY_FIELDS = [
  "id",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "revision",
  "immutable",
  "rule_source",
  "execution_summary",
  "alias_purpose",
  "alias_target_id",
  "outcome",
] as const;

const DATE_MATH = /^now(?:[+-]\d+[smhdwMy])*(?:\/[smhdwMy])?$/;
const INTERVAL = /^[1-9]\d*[smhd]$/;
const THROTTLE_INTERVAL = /^[1-9]\d*[smhd]$/;

const dateMath = z.string().refine((v) => DATE_MATH.test(v) || !Number.isNaN(Date.parse(v)), {
  message: "Failed to parse date-math expression (expected e.g. now-6m)",
});
const nonEmpty = z.string().min(1);
// Kibana's `RuleMetadata` / `RuleActionParams`: `z.object({}).catchall(z.unknown())`, so a wrong type reads "expected object"
// (rule_request_schema.test.ts "You cannot create meta as a string").
const record = z.object({}).catchall(z.unknown());
const throttle = z.union([z.enum(["no_actions", "rule"]), z.string().regex(THROTTLE_INTERVAL, "expected no_actions, rule or an interval like 1h")]);

function buildRuleSchemas(mode: "kibana" | "strict") {
  // Both constructors build the same shape; only the unknown-key policy differs.
  const obj = (mode === "strict" ? z.strictObject : z.object) as typeof z.object;

  const threatEntry = obj({ id: z.string(), name: z.string(), reference: z.string() });
  const threat = obj({
    framework: z.string(),
    tactic: threatEntry,
    technique: z.array(obj({ ...threatEntry.shape, subtechnique: z.array(threatEntry).optional() })).optional(),
  });

  const action = obj({
    action_type_id: z.string(),
    id: z.string(),
    params: record,
    group: z.string().optional(),
    uuid: nonEmpty.optional(),
    alerts_filter: record.optional(),
    frequency: obj({
      notifyWhen: z.enum(["onActiveAlert", "onThrottleInterval", "onActionGroupChange"]),
      summary: z.boolean(),
      throttle: throttle.nullable(),
    }).optional(),
  });

  const alertSuppression = obj({
    group_by: z.array(z.string()).min(1).max(3),
    duration: obj({ value: z.number().int().min(1), unit: z.enum(["s", "m", "h"]) }).optional(),
    missing_fields_strategy: z.enum(["doNotSuppress", "suppress"]).optional(),
  });

  const common = {
    name: nonEmpty,
    description: nonEmpty,
    risk_score: z.number().int().min(0).max(100),
    severity: z.enum(SEVERITIES),
    rule_id: nonEmpty.optional(),
    enabled: z.boolean().optional(),
    actions: z.array(action).optional(),
    author: z.array(z.string()).optional(),
    building_block_type: z.literal("default").optional(),
    exceptions_list: z
      .array(
        obj({
          // Kibana's key order (RuleExceptionList), which is the order of its messages (rule_request_schema.test.ts, row 1.21).
          id: nonEmpty,
          list_id: nonEmpty,
          type: z.enum(EXCEPTION_LIST_TYPES),
          namespace_type: z.enum(["agnostic", "single"]),
        }),
      )
      .optional(),
    false_positives: z.array(z.string()).optional(),
    from: dateMath.optional(),
    to: z.string().optional(),
    interval: z.string().regex(INTERVAL, "expected an interval like 5m, 1h or 1d").optional(),
    investigation_fields: obj({ field_names: z.array(nonEmpty).min(1) }).optional(),
    license: z.string().optional(),
    max_signals: z.number().int().min(1).optional(),
    meta: record.optional(),
    namespace: z.string().optional(),
    note: z.string().optional(),
    output_index: z.string().optional(),
    references: z.array(z.string()).optional(),
    related_integrations: z.array(obj({ package: nonEmpty, version: nonEmpty, integration: nonEmpty.optional() })).optional(),
    // `ecs` is computed by Kibana; exports carry it, so it is accepted (and dropped before sending).
    required_fields: z.array(obj({ name: nonEmpty, type: nonEmpty, ecs: z.boolean().optional() })).optional(),
    response_actions: z
      .array(z.union([obj({ action_type_id: z.literal(".osquery"), params: record }), obj({ action_type_id: z.literal(".endpoint"), params: record })]))
      .optional(),
    risk_score_mapping: z
      .array(
        obj({
          field: z.string(),
          operator: z.literal("equals"),
          value: z.string(),
          risk_score: z.number().int().min(0).max(100).optional(),
        }),
      )
      .optional(),
    rule_name_override: z.string().optional(),
    setup: z.string().optional(),
    severity_mapping: z
      .array(
        obj({
          field: z.string(),
          operator: z.literal("equals"),
          value: z.string(),
          severity: z.enum(SEVERITIES),
        }),
      )
      .optional(),
    tags: z.array(z.string()).optional(),
    threat: z.array(threat).optional(),
    throttle: throttle.optional(),
    timeline_id: z.string().optional(),
    timeline_title: z.string().optional(),
    timestamp_override: z.string().optional(),
    timestamp_override_fallback_disabled: z.boolean().optional(),
    version: z.number().int().min(1).optional(),
  };

  const kqlLanguage = z.enum(["kuery", "lucene"]);
  const searchSource = {
    index: z.array(z.string()).optional(),
    data_view_id: z.string().optional(),
    filters: z.array(z.unknown()).optional(),
  };

  const typeShapes = {
    query: {
      type: z.literal("query"),
      language: kqlLanguage.optional(),
      query: z.string().optional(),
      saved_id: z.string().optional(),
      alert_suppression: alertSuppression.optional(),
      ...searchSource,
    },
    saved_query: {
      type: z.literal("saved_query"),
      saved_id: z.string(),
      language: kqlLanguage.optional(),
      query: z.string().optional(),
      alert_suppression: alertSuppression.optional(),
      ...searchSource,
    },
    eql: {
      type: z.literal("eql"),
      language: z.literal("eql"),
      query: z.string(),
      event_category_override: z.string().optional(),
      tiebreaker_field: z.string().optional(),
      timestamp_field: z.string().optional(),
      alert_suppression: alertSuppression.optional(),
      ...searchSource,
    },
    esql: {
      type: z.literal("esql"),
      language: z.literal("esql"),
      query: z.string(),
      alert_suppression: alertSuppression.optional(),
    },
    threshold: {
      type: z.literal("threshold"),
      query: z.string(),
      threshold: obj({
        field: thresholdField,
        value: z.number().int().min(1),
        cardinality: z.array(obj({ field: z.string(), value: z.number().int().min(0) })).optional(),
      }),
      language: kqlLanguage.optional(),
      saved_id: z.string().optional(),
      alert_suppression: obj({ duration: obj({ value: z.number().int().min(1), unit: z.enum(["s", "m", "h"]) }) }).optional(),
      ...searchSource,
    },
    threat_match: {
      type: z.literal("threat_match"),
      query: z.string(),
      threat_query: z.string(),
      threat_index: z.array(z.string()),
      threat_mapping: z
        .array(
          obj({
            entries: z.array(obj({ field: nonEmpty, type: z.literal("mapping"), value: nonEmpty, negate: z.boolean().optional() })),
          }),
        )
        .min(1),
      language: kqlLanguage.optional(),
      saved_id: z.string().optional(),
      threat_filters: z.array(z.unknown()).optional(),
      threat_indicator_path: z.string().optional(),
      threat_language: kqlLanguage.optional(),
      concurrent_searches: z.number().int().min(1).optional(),
      items_per_search: z.number().int().min(1).optional(),
      alert_suppression: alertSuppression.optional(),
      ...searchSource,
    },
    machine_learning: {
      type: z.literal("machine_learning"),
      anomaly_threshold: z.number().int().min(0).max(100),
      machine_learning_job_id: z.union([z.string(), z.array(z.string()).min(1)]),
      alert_suppression: alertSuppression.optional(),
    },
    new_terms: {
      type: z.literal("new_terms"),
      query: z.string(),
      new_terms_fields: z.array(z.string()).min(1).max(3),
      history_window_start: nonEmpty,
      language: kqlLanguage.optional(),
      alert_suppression: alertSuppression.optional(),
      ...searchSource,
    },
  };

  const ruleTypeSchemas = {
    query: obj({ ...common, ...typeShapes.query }),
    saved_query: obj({ ...common, ...typeShapes.saved_query }),
    eql: obj({ ...common, ...typeShapes.eql }),
    esql: obj({ ...common, ...typeShapes.esql }),
    threshold: obj({ ...common, ...typeShapes.threshold }),
    threat_match: obj({ ...common, ...typeShapes.threat_match }),
    machine_learning: obj({ ...common, ...typeShapes.machine_learning }),
    new_terms: obj({ ...common, ...typeShapes.new_terms }),
  };

  // Kibana's option order (TypeSpecificCreateProps), which a bad `type` lists in Kibana 8.19 … 9.3: "Invalid discriminator
  // value. Expected 'eql' | 'query' | … | 'esql'" (rule_request_schema.test.ts "empty objects do not validate").
  const ruleCreateSchema = z.discriminatedUnion("type", [
    ruleTypeSchemas.eql,
    ruleTypeSchemas.query,
    ruleTypeSchemas.saved_query,
    ruleTypeSchemas.threshold,
    ruleTypeSchemas.threat_match,
    ruleTypeSchemas.machine_learning,
    ruleTypeSchemas.new_terms,
    ruleTypeSchemas.esql,
  ]);

  return { ruleTypeSchemas, ruleCreateSchema };
}

const kibana = buildRuleSchemas("kibana");
const strict = buildRuleSchemas("strict");

/** Kibana's create-rule body; unknown keys are stripped, as Kibana does. */
export const ruleCreateSchema = kibana.ruleCreateSchema;
/** Per-type create schemas (Kibana behaviour), e.g. to validate a PATCH against the existing rule's type. */
export const ruleTypeSchemas = kibana.ruleTypeSchemas;
/** The same body, rejecting unknown keys (used at `pulumi preview` to catch typos). */
export const ruleCreateStrictSchema = strict.ruleCreateSchema;

/** PUT body: the create body, addressed by `id` or `rule_id`. */
export const ruleUpdateSchema = z.intersection(ruleCreateSchema, z.object({ id: z.string().optional() }));

/** PATCH body: any subset of a type's fields, addressed by `id` or `rule_id`; validated per existing type. */
export function rulePatchSchema(type: RuleType) {
  return ruleTypeSchemas[type].partial().extend({ id: z.string().optional(), rule_id: z.string().optional() });
}

export type RuleCreateProps = z.infer<typeof ruleCreateSchema>;
export type RuleAction = NonNullable<RuleCreateProps["actions"]>[number];

/** A rule as Kibana returns it. */
export type RuleResponse = RuleCreateProps & {
  id: string;
  rule_id: string;
  enabled: boolean;
  revision: number;
  version: number;
  immutable: boolean;
  rule_source: { type: string; [k: string]: unknown };
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  required_fields: { name: string; type: string; ecs: boolean }[];
  [k: string]: unknown;
};
