import * as pulumi from "@pulumi/pulumi";
import type { ExceptionEntry, ExceptionItemComment, NamespaceType, ValueListType } from "@esac/kibana-client";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

type OsType = "linux" | "macos" | "windows";
type Operator = "included" | "excluded";

/** A `match`, `match_any` or `exists` condition (the kinds a `nested` entry may hold). */
export type ExceptionNestedEntryArgs =
  | { type: "match"; field: pulumi.Input<string>; value: pulumi.Input<string>; operator: pulumi.Input<Operator> }
  | { type: "match_any"; field: pulumi.Input<string>; value: pulumi.Input<pulumi.Input<string>[]>; operator: pulumi.Input<Operator> }
  | { type: "exists"; field: pulumi.Input<string>; operator: pulumi.Input<Operator> };

/** One condition of an exception item, Kibana's entry shapes with inputs at every level. */
export type ExceptionEntryArgs =
  | ExceptionNestedEntryArgs
  | { type: "wildcard"; field: pulumi.Input<string>; value: pulumi.Input<string>; operator: pulumi.Input<Operator> }
  | {
      type: "list";
      field: pulumi.Input<string>;
      operator: pulumi.Input<Operator>;
      /** The value list: `{ id: valueList.id, type: valueList.type }`. */
      list: pulumi.Input<{ id: pulumi.Input<string>; type: pulumi.Input<ValueListType> }>;
    }
  | { type: "nested"; field: pulumi.Input<string>; entries: pulumi.Input<pulumi.Input<ExceptionNestedEntryArgs>[]> };

/** Kibana's exception item create body (field names verbatim), plus `space_id`, `connection` and `adopt`. */
export interface ExceptionListItemArgs extends CommonResourceArgs {
  /** Human-readable id. Changing it replaces the item. Default: a generated UUID that stays stable. */
  item_id?: pulumi.Input<string>;
  /** The list (an `ExceptionList`'s `list_id`). Changing it replaces the item. */
  list_id: pulumi.Input<string>;
  name: pulumi.Input<string>;
  description: pulumi.Input<string>;
  /** Only `simple` exists. */
  type?: pulumi.Input<"simple">;
  /** Must match the list's: `single` (default) or `agnostic`. Changing it replaces the item. */
  namespace_type?: pulumi.Input<NamespaceType>;
  /**
   * Conditions, all of which must match: `match`, `match_any`, `wildcard`, `exists`, `nested`, and `list`
   * (`list: { id: valueList.id, type: valueList.type }`). Checked at preview.
   */
  entries: pulumi.Input<pulumi.Input<ExceptionEntryArgs>[]>;
  os_types?: pulumi.Input<pulumi.Input<OsType>[]>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** ISO date-time after which the exception stops applying. */
  expire_time?: pulumi.Input<string>;
  meta?: pulumi.Input<Record<string, unknown>>;
  /** Append-only in Kibana: add new comments at the end; editing or removing one fails at preview. */
  comments?: pulumi.Input<pulumi.Input<{ comment: pulumi.Input<string> }>[]>;
}

const OUTPUTS = [
  "item_id", "list_id", "name", "description", "type", "namespace_type", "entries", "os_types", "tags", "expire_time", "meta", "comments",
  "_version", "tie_breaker_id", "created_at", "created_by", "updated_at", "updated_by", "space_id",
];

/** An exception item (`/api/exception_lists/items`): one call per create, update and delete; items of a list refresh with one paged `_find`. */
export class ExceptionListItem extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ExceptionListItem";

  declare readonly item_id: pulumi.Output<string>;
  declare readonly list_id: pulumi.Output<string>;
  declare readonly namespace_type: pulumi.Output<NamespaceType>;
  declare readonly entries: pulumi.Output<ExceptionEntry[]>;
  /** The comments as Kibana stores them, with their ids, authors and times. */
  declare readonly comments: pulumi.Output<ExceptionItemComment[]>;
  declare readonly _version: pulumi.Output<string>;
  declare readonly space_id: pulumi.Output<string>;

  constructor(name: string, args: ExceptionListItemArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    super(providers.ExceptionListItem, name, { ...outputs, ...withSecretConnection(args) }, secretConnectionOptions(opts), "esac", "ExceptionListItem");
  }

  static override isInstance(obj: unknown): obj is ExceptionListItem {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ExceptionListItem.__pulumiType;
  }
}
