import { z } from "zod";
import { EXCEPTION_LIST_TYPES } from "../detection-rules/schema";
import { metaRecord, nonEmptyString, VALUE_LIST_TYPES } from "../value-lists/schema";

/**
 * Kibana's exception list and item request bodies (security exceptions API 2023-10-31), field names verbatim.
 * Built twice: `kibana` strips unknown keys like Kibana's zod routes (the emulator uses it); `strict` rejects them
 * and requires at least one entry per item (an item without entries would except nothing or everything,
 * depending on the Kibana version), so mistakes fail at preview.
 */
export const NAMESPACE_TYPES = ["agnostic", "single"] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];
export const OS_TYPES = ["linux", "macos", "windows"] as const;
export const ENTRY_OPERATORS = ["excluded", "included"] as const;
export const ENTRY_TYPES = ["match", "match_any", "list", "exists", "nested", "wildcard"] as const;
export type ExceptionListType = (typeof EXCEPTION_LIST_TYPES)[number];

const namespaceType = z.enum(NAMESPACE_TYPES);
const osTypes = z.array(z.enum(OS_TYPES));
const operator = z.enum(ENTRY_OPERATORS);

function buildExceptionSchemas(mode: "kibana" | "strict") {
  const obj = (mode === "strict" ? z.strictObject : z.object) as typeof z.object;

  const match = obj({ type: z.literal("match"), field: nonEmptyString, value: nonEmptyString, operator });
  const matchAny = obj({ type: z.literal("match_any"), field: nonEmptyString, value: z.array(nonEmptyString).min(1), operator });
  const exists = obj({ type: z.literal("exists"), field: nonEmptyString, operator });
  const wildcard = obj({ type: z.literal("wildcard"), field: nonEmptyString, value: nonEmptyString, operator });
  const list = obj({
    type: z.literal("list"),
    field: nonEmptyString,
    list: obj({ id: nonEmptyString, type: z.enum(VALUE_LIST_TYPES) }),
    operator,
  });
  const nested = obj({
    type: z.literal("nested"),
    field: nonEmptyString,
    entries: z.array(z.discriminatedUnion("type", [match, matchAny, exists])).min(1),
  });
  const entry = z.discriminatedUnion("type", [match, matchAny, list, exists, nested, wildcard]);
  const entries = mode === "strict" ? z.array(entry).min(1) : z.array(entry);

  const listFields = {
    name: z.string(),
    description: z.string(),
    type: z.enum(EXCEPTION_LIST_TYPES),
    namespace_type: namespaceType.optional(),
    os_types: osTypes.optional(),
    tags: z.array(z.string()).optional(),
    meta: metaRecord.optional(),
    version: z.number().int().min(1).optional(),
  };

  const itemFields = {
    type: z.literal("simple"),
    name: nonEmptyString,
    description: z.string(),
    entries,
    namespace_type: namespaceType.optional(),
    os_types: osTypes.optional(),
    tags: z.array(nonEmptyString).optional(),
    meta: metaRecord.optional(),
    expire_time: z.iso.datetime().optional(),
  };

  return {
    entry,
    listCreate: obj({ list_id: nonEmptyString.optional(), ...listFields }),
    listUpdate: obj({ _version: z.string().optional(), id: nonEmptyString.optional(), list_id: nonEmptyString.optional(), ...listFields }),
    itemCreate: obj({
      item_id: nonEmptyString.optional(),
      list_id: nonEmptyString,
      ...itemFields,
      comments: z.array(obj({ comment: nonEmptyString })).optional(),
    }),
    itemUpdate: obj({
      _version: z.string().optional(),
      id: nonEmptyString.optional(),
      item_id: nonEmptyString.optional(),
      list_id: nonEmptyString.optional(),
      ...itemFields,
      comments: z.array(obj({ comment: nonEmptyString, id: nonEmptyString.optional() })).optional(),
    }),
  };
}

const kibana = buildExceptionSchemas("kibana");
const strict = buildExceptionSchemas("strict");

/** One entry of an exception item (match, match_any, list, exists, nested, wildcard). */
export const exceptionEntrySchema = kibana.entry;
/** `POST /api/exception_lists` body. */
export const exceptionListCreateSchema = kibana.listCreate;
export const exceptionListCreateStrictSchema = strict.listCreate;
/** `PUT /api/exception_lists` body, addressed by `id` or `list_id`. */
export const exceptionListUpdateSchema = kibana.listUpdate;
/** `POST /api/exception_lists/items` body. */
export const exceptionListItemCreateSchema = kibana.itemCreate;
export const exceptionListItemCreateStrictSchema = strict.itemCreate;
/** `PUT /api/exception_lists/items` body, addressed by `id` or `item_id`. */
export const exceptionListItemUpdateSchema = kibana.itemUpdate;

export type ExceptionEntry = z.infer<typeof exceptionEntrySchema>;
export type ExceptionListCreateProps = z.infer<typeof exceptionListCreateSchema>;
export type ExceptionListUpdateProps = z.infer<typeof exceptionListUpdateSchema>;
export type ExceptionListItemCreateProps = z.infer<typeof exceptionListItemCreateSchema>;
export type ExceptionListItemUpdateProps = z.infer<typeof exceptionListItemUpdateSchema>;

interface ServerFields {
  _version?: string;
  id: string;
  tie_breaker_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** An exception list (container) as Kibana returns it. */
export interface ExceptionListResponse extends ServerFields {
  list_id: string;
  name: string;
  description: string;
  type: ExceptionListType;
  namespace_type: NamespaceType;
  immutable: boolean;
  os_types?: string[];
  tags?: string[];
  meta?: Record<string, unknown>;
  version: number;
  [k: string]: unknown;
}

/** A stored comment: Kibana assigns `id`, `created_at` and `created_by`. */
export interface ExceptionItemComment {
  id: string;
  comment: string;
  created_at: string;
  created_by: string;
  updated_at?: string;
  updated_by?: string;
}

/** An exception item as Kibana returns it. */
export interface ExceptionListItemResponse extends ServerFields {
  item_id: string;
  list_id: string;
  type: "simple";
  name: string;
  description: string;
  entries: ExceptionEntry[];
  namespace_type: NamespaceType;
  os_types?: string[];
  tags?: string[];
  meta?: Record<string, unknown>;
  expire_time?: string;
  comments: ExceptionItemComment[];
  [k: string]: unknown;
}
