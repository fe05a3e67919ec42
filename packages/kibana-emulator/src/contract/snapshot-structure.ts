/**
 * Reduces an OpenAPI 3.0 node to its structure: what a validator needs, without prose, examples or extensions.
 *
 * The walk knows which kind of OpenAPI object it is in, so a key is judged by its position, not its spelling: the
 * `description` under a schema is prose and goes, the `description` inside `properties` (the rule field), in a
 * `required` list, a `mapping` or a `paths`/`responses`/`content`/`components` map is a name and stays. A key this
 * table does not know stops the generator (rather than silently loosening or bloating the contract).
 */

export type StructureKind =
  | "document"
  | "paths"
  | "pathItem"
  | "operation"
  | "parameter"
  | "requestBody"
  | "responses"
  | "response"
  | "header"
  | "mediaType"
  | "encoding"
  | "schema"
  | "discriminator"
  | "components";

/** How the value under one key is treated. */
type Rule =
  | { kind: StructureKind } // one object of that kind
  | { mapOf: StructureKind } // names (kept) → objects of that kind
  | { listOf: StructureKind }
  | "schemaOrBoolean" // additionalProperties
  | "verbatim" // data or names, copied as is (enum values, `required` lists, `$ref`, numbers…)
  | "drop";

const PROSE: Record<string, Rule> = { description: "drop", summary: "drop", title: "drop", example: "drop", examples: "drop", externalDocs: "drop" };
const REF: Record<string, Rule> = { $ref: "verbatim" };
const schema = { kind: "schema" } as const;
const schemas = { listOf: "schema" } as const;

const STRUCTURE: Record<StructureKind, Record<string, Rule>> = {
  document: {
    openapi: "verbatim",
    paths: { kind: "paths" },
    components: { kind: "components" },
    info: "drop",
    servers: "drop",
    security: "drop",
    tags: "drop",
    externalDocs: "drop",
  },
  paths: {}, // every key is a path template → pathItem (see strip)
  pathItem: {
    ...PROSE,
    ...REF,
    get: { kind: "operation" },
    put: { kind: "operation" },
    post: { kind: "operation" },
    patch: { kind: "operation" },
    delete: { kind: "operation" },
    parameters: { listOf: "parameter" },
    servers: "drop",
  },
  operation: {
    ...PROSE,
    parameters: { listOf: "parameter" },
    requestBody: { kind: "requestBody" },
    responses: { kind: "responses" },
    operationId: "drop",
    tags: "drop",
    deprecated: "drop",
    security: "drop",
    servers: "drop",
  },
  parameter: {
    ...PROSE,
    ...REF,
    name: "verbatim",
    in: "verbatim",
    required: "verbatim",
    style: "verbatim",
    explode: "verbatim",
    allowReserved: "verbatim",
    allowEmptyValue: "verbatim",
    schema,
    content: { mapOf: "mediaType" },
    deprecated: "drop",
  },
  requestBody: { ...PROSE, ...REF, required: "verbatim", content: { mapOf: "mediaType" } },
  responses: {}, // every key is a status code → response
  response: { ...PROSE, ...REF, content: { mapOf: "mediaType" }, headers: { mapOf: "header" }, links: "drop" },
  header: { ...PROSE, ...REF, required: "verbatim", style: "verbatim", explode: "verbatim", schema, content: { mapOf: "mediaType" }, deprecated: "drop" },
  mediaType: { ...PROSE, schema, encoding: { mapOf: "encoding" } },
  encoding: { contentType: "verbatim", headers: { mapOf: "header" }, style: "verbatim", explode: "verbatim", allowReserved: "verbatim" },
  schema: {
    ...PROSE,
    ...REF,
    type: "verbatim",
    format: "verbatim",
    enum: "verbatim",
    const: "verbatim",
    default: "verbatim",
    nullable: "verbatim",
    required: "verbatim",
    readOnly: "verbatim",
    writeOnly: "verbatim",
    minimum: "verbatim",
    maximum: "verbatim",
    exclusiveMinimum: "verbatim",
    exclusiveMaximum: "verbatim",
    multipleOf: "verbatim",
    minLength: "verbatim",
    maxLength: "verbatim",
    pattern: "verbatim",
    minItems: "verbatim",
    maxItems: "verbatim",
    uniqueItems: "verbatim",
    minProperties: "verbatim",
    maxProperties: "verbatim",
    properties: { mapOf: "schema" },
    patternProperties: { mapOf: "schema" },
    additionalProperties: "schemaOrBoolean",
    items: schema,
    allOf: schemas,
    anyOf: schemas,
    oneOf: schemas,
    not: schema,
    discriminator: { kind: "discriminator" },
    deprecated: "drop",
    xml: "drop",
  },
  discriminator: { propertyName: "verbatim", mapping: "verbatim" },
  components: {
    schemas: { mapOf: "schema" },
    parameters: { mapOf: "parameter" },
    requestBodies: { mapOf: "requestBody" },
    responses: { mapOf: "response" },
    headers: { mapOf: "header" },
    examples: "drop",
    securitySchemes: "drop",
    links: "drop",
    callbacks: "drop",
  },
};

/** Kinds whose keys are all names, each holding an object of the given kind. */
const NAMED_CHILDREN: Partial<Record<StructureKind, StructureKind>> = { paths: "pathItem", responses: "response" };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function child(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function applyRule(rule: Exclude<Rule, "drop">, value: unknown, pointer: string): unknown {
  if (rule === "verbatim") return value;
  if (rule === "schemaOrBoolean") return typeof value === "boolean" ? value : stripToStructure(value, "schema", pointer);
  if ("kind" in rule) return stripToStructure(value, rule.kind, pointer);
  if ("listOf" in rule) {
    if (!Array.isArray(value)) throw new Error(`contract snapshot: expected a list at ${pointer}`);
    return value.map((v, i) => stripToStructure(v, rule.listOf, child(pointer, i)));
  }
  if (!isObject(value)) throw new Error(`contract snapshot: expected a map at ${pointer}`);
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) out[name] = stripToStructure(v, rule.mapOf, child(pointer, name));
  return out;
}

/** A copy of `node` (an OpenAPI object of `kind`) with only its structure; `pointer` is for error messages. */
export function stripToStructure(node: unknown, kind: StructureKind, pointer = "#"): unknown {
  if (kind === "schema" && Array.isArray(node)) return node.map((v, i) => stripToStructure(v, "schema", child(pointer, i)));
  if (!isObject(node)) throw new Error(`contract snapshot: expected an object (${kind}) at ${pointer}, found ${JSON.stringify(node)}`);
  const out: Record<string, unknown> = {};
  const named = NAMED_CHILDREN[kind];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-")) continue;
    const rule: Rule | undefined = named ? { kind: named } : STRUCTURE[kind][key];
    if (rule === undefined) {
      throw new Error(
        `contract snapshot: unknown key "${key}" in a ${kind} at ${pointer}; say in STRUCTURE (src/contract/snapshot-structure.ts) whether it is kept or dropped`,
      );
    }
    if (rule !== "drop") out[key] = applyRule(rule, value, child(pointer, key));
  }
  return out;
}

/** JSON with object keys sorted at every level (arrays keep their order): same input, same bytes. */
export function stableJson(value: unknown, indent = 1): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (!isObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sort(v[k]);
    return out;
  };
  return JSON.stringify(sort(value), null, indent);
}
