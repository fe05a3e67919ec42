import type { EcsSchema } from "../ecs";
import { wildcardRegex } from "../ecs";
import type { QueryPosition } from "../syntax-error";

type Obj = Record<string, unknown>;

/** A field a rule names outside its query texts: the rule argument that names it and the name. */
export interface ArgumentField {
  field: string;
  name: string;
}

/**
 * Elasticsearch's metadata fields, which no mapping (and so no schema) lists but every index has; a query may compare
 * them (`_id:abc`, `_index : logs-*`) and ES|QL reads them through METADATA.
 */
const METADATA_FIELDS = new Set([
  "_id",
  "_index",
  "_source",
  "_score",
  "_version",
  "_seq_no",
  "_primary_term",
  "_ignored",
  "_routing",
  "_tier",
  "_doc_count",
  "_field_names",
  "_index_mode",
  "_size",
  "_data_stream_timestamp",
]);

/**
 * The fields a rule names in its other arguments, by rule type: a threshold rule's `threshold.field` (a string or a
 * list) and `threshold.cardinality[].field`; a new terms rule's `new_terms_fields` (also detection-rules' TOML shape,
 * `new_terms: {field: "new_terms_fields", value: […]}`); an indicator match rule's `threat_mapping[].entries[]`, whose
 * `field` is a source-event field and `value` a field of the threat indices.
 */
export function argumentFields(rule: Obj): ArgumentField[] {
  const fields: ArgumentField[] = [];
  const add = (field: string, name: unknown) => {
    if (typeof name === "string" && name.trim() !== "") fields.push({ field, name });
  };
  const threshold = asObject(rule.threshold);
  if (rule.type === "threshold" && threshold) {
    for (const name of asList(threshold.field)) add("threshold.field", name);
    for (const cardinality of asList(threshold.cardinality)) add("threshold.cardinality.field", asObject(cardinality)?.field);
  }
  if (rule.type === "new_terms") {
    const table = asObject(rule.new_terms);
    const names = rule.new_terms_fields ?? (table?.field === "new_terms_fields" ? table.value : undefined);
    for (const name of asList(names)) add("new_terms_fields", name);
  }
  if (rule.type === "threat_match") {
    for (const mapping of asList(rule.threat_mapping)) {
      for (const entry of asList(asObject(mapping)?.entries)) {
        add("threat_mapping.entries.field", asObject(entry)?.field);
        add("threat_mapping.entries.value", asObject(entry)?.value);
      }
    }
  }
  return fields;
}

/** What a field name is checked against besides ECS: the rule's `required_fields` and the user's custom fields. */
export class KnownFields {
  private readonly exact = new Set<string>();
  private readonly patterns: RegExp[] = [];

  constructor(
    private readonly ecs: EcsSchema,
    rule: Obj,
    customFields: readonly string[] = [],
  ) {
    for (const required of asList(rule.required_fields)) {
      const name = asObject(required)?.name;
      if (typeof name === "string") this.exact.add(name);
    }
    for (const custom of customFields) {
      if (custom.includes("*")) this.patterns.push(wildcardRegex(custom));
      else this.exact.add(custom);
    }
  }

  /**
   * Known: a metadata field, an ECS field (or multi-field, parent object, child of an open object), a required or
   * custom field (exact or matching a custom `prefix*`); a wildcard name (`process.*`, which KQL and Lucene expand
   * against the mapping) when it matches at least one of these.
   */
  has(name: string): boolean {
    if (METADATA_FIELDS.has(name) || this.exact.has(name) || this.ecs.has(name)) return true;
    if (this.patterns.some((pattern) => pattern.test(name))) return true;
    if (!name.includes("*")) return false;
    if (this.ecs.matches(name)) return true;
    const regex = wildcardRegex(name);
    return [...this.exact].some((known) => regex.test(known));
  }
}

/** A field name to report once per rule argument: where it is first written. */
export interface FieldUse {
  name: string;
  position?: QueryPosition;
}

/** The first use of each name, in order. */
export function firstUses<T extends FieldUse>(uses: readonly T[]): T[] {
  const seen = new Set<string>();
  return uses.filter((use) => !seen.has(use.name) && (seen.add(use.name), true));
}

function asObject(value: unknown): Obj | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
