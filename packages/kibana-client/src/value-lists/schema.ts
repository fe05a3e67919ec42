import { z } from "zod";

/**
 * Kibana's value-list request bodies (security lists API 2023-10-31), field names verbatim. Like the rule
 * schemas, built twice: `kibana` strips unknown keys (the emulator uses it), `strict` rejects them (preview).
 */
export const VALUE_LIST_TYPES = [
  "binary",
  "boolean",
  "byte",
  "date",
  "date_nanos",
  "date_range",
  "double",
  "double_range",
  "float",
  "float_range",
  "geo_point",
  "geo_shape",
  "half_float",
  "integer",
  "integer_range",
  "ip",
  "ip_range",
  "keyword",
  "long",
  "long_range",
  "shape",
  "short",
  "text",
] as const;
export type ValueListType = (typeof VALUE_LIST_TYPES)[number];

/** Kibana's `NonEmptyString` (kbn-openapi-common): at least one character that is not whitespace. */
export const nonEmptyString = z
  .string()
  .min(1)
  .refine((v) => v === "" || v.trim() !== "", { message: "No empty strings allowed" });

export const metaRecord = z.record(z.string(), z.unknown());
export const refreshParam = z.enum(["true", "false", "wait_for"]);
/** A value list `type`. */
export const valueListTypeSchema = z.enum(VALUE_LIST_TYPES);
const valueListType = valueListTypeSchema;

function buildValueListSchemas(mode: "kibana" | "strict") {
  const obj = (mode === "strict" ? z.strictObject : z.object) as typeof z.object;
  const version = z.number().int().min(1);

  return {
    listCreate: obj({
      id: nonEmptyString.optional(),
      name: nonEmptyString,
      description: nonEmptyString,
      type: valueListType,
      // Accepted by every Kibana; stored by 8.x, ignored with a `Warning` header since custom serializers were removed.
      serializer: z.string().optional(),
      deserializer: z.string().optional(),
      meta: metaRecord.optional(),
      version: version.optional(),
    }),
    listUpdate: obj({
      _version: z.string().optional(),
      id: nonEmptyString,
      name: nonEmptyString,
      description: nonEmptyString,
      meta: metaRecord.optional(),
      version: version.optional(),
    }),
    listPatch: obj({
      _version: z.string().optional(),
      id: nonEmptyString,
      name: nonEmptyString.optional(),
      description: nonEmptyString.optional(),
      meta: metaRecord.optional(),
      version: version.optional(),
    }),
    itemCreate: obj({
      id: nonEmptyString.optional(),
      list_id: nonEmptyString,
      value: nonEmptyString,
      meta: metaRecord.optional(),
      refresh: refreshParam.optional(),
    }),
    itemUpdate: obj({
      _version: z.string().optional(),
      id: nonEmptyString,
      value: nonEmptyString,
      meta: metaRecord.optional(),
    }),
    itemPatch: obj({
      _version: z.string().optional(),
      id: nonEmptyString,
      value: nonEmptyString.optional(),
      meta: metaRecord.optional(),
      refresh: refreshParam.optional(),
    }),
  };
}

/**
 * A whole value set of one list, as `_import` takes it (`list_id` and `type` in the query, the values as the lines
 * of a file). Strict: unknown keys are refused.
 */
export const listItemsImportStrictSchema = z.strictObject({
  list_id: nonEmptyString,
  values: z.array(nonEmptyString),
  type: valueListTypeSchema.optional(),
});

const kibana = buildValueListSchemas("kibana");
const strict = buildValueListSchemas("strict");

/** `POST /api/lists` body (Kibana behaviour: unknown keys stripped). */
export const valueListCreateSchema = kibana.listCreate;
export const valueListCreateStrictSchema = strict.listCreate;
/** `PUT /api/lists` body: replaces name, description and meta. */
export const valueListUpdateSchema = kibana.listUpdate;
/** `PATCH /api/lists` body: only the given keys change. */
export const valueListPatchSchema = kibana.listPatch;
/** `POST /api/lists/items` body. */
export const listItemCreateSchema = kibana.itemCreate;
export const listItemCreateStrictSchema = strict.itemCreate;
/** `PUT /api/lists/items` body. */
export const listItemUpdateSchema = kibana.itemUpdate;
/** `PATCH /api/lists/items` body. */
export const listItemPatchSchema = kibana.itemPatch;

export type ValueListCreateProps = z.infer<typeof valueListCreateSchema>;
export type ValueListUpdateProps = z.infer<typeof valueListUpdateSchema>;
export type ListItemCreateProps = z.infer<typeof listItemCreateSchema>;
export type ListItemUpdateProps = z.infer<typeof listItemUpdateSchema>;

interface ServerFields {
  _version?: string;
  "@timestamp"?: string;
  tie_breaker_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** A value list as Kibana returns it. */
export interface ValueListResponse extends ServerFields {
  id: string;
  name: string;
  description: string;
  type: ValueListType;
  immutable: boolean;
  version: number;
  meta?: Record<string, unknown>;
  [k: string]: unknown;
}

/** A value-list item as Kibana returns it (`type` is its list's type). */
export interface ListItemResponse extends ServerFields {
  id: string;
  list_id: string;
  type: ValueListType;
  value: string;
  meta?: Record<string, unknown>;
  [k: string]: unknown;
}
