import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { ExceptionEntry, ExceptionItemComment, NamespaceType, ValueListType } from "@esac/kibana-client";
import { providers } from "../providers";
import {
  resourceIdentity,
  secretConnectionOptions,
  withSecretConnection,
  type CommonResourceArgs,
  type ConcurrentEditArgs,
} from "../provider-kit/resource-args";
import type { ExceptionOsType } from "../exception-list/resource";

/** Whether an entry's condition must hold (`included`) or must not hold (`excluded`) for the exception to apply. */
export type ExceptionEntryOperator = "included" | "excluded";

/** A `match` entry: the field equals `value`. */
export interface ExceptionMatchEntryArgs {
  /** Entry kind. */
  type: "match";
  /** ECS field name, e.g. `process.name`. */
  field: pulumi.Input<string>;
  /** The value the field must equal (exact, case-sensitive). */
  value: pulumi.Input<string>;
  /** `included` or `excluded`. */
  operator: pulumi.Input<ExceptionEntryOperator>;
}

/** A `match_any` entry: the field equals one of `value`. */
export interface ExceptionMatchAnyEntryArgs {
  /** Entry kind. */
  type: "match_any";
  /** ECS field name, e.g. `host.name`. */
  field: pulumi.Input<string>;
  /** The values, at least one. */
  value: pulumi.Input<pulumi.Input<string>[]>;
  /** `included` or `excluded`. */
  operator: pulumi.Input<ExceptionEntryOperator>;
}

/** An `exists` entry: the field is present (or, with `excluded`, absent). */
export interface ExceptionExistsEntryArgs {
  /** Entry kind. */
  type: "exists";
  /** ECS field name. */
  field: pulumi.Input<string>;
  /** `included` or `excluded`. */
  operator: pulumi.Input<ExceptionEntryOperator>;
}

/** A `wildcard` entry: the field matches a pattern with `*` and `?`. */
export interface ExceptionWildcardEntryArgs {
  /** Entry kind. */
  type: "wildcard";
  /** ECS field name, e.g. `file.path`. */
  field: pulumi.Input<string>;
  /** The pattern, e.g. `/opt/backup/bin/*.sh`. */
  value: pulumi.Input<string>;
  /** `included` or `excluded`. */
  operator: pulumi.Input<ExceptionEntryOperator>;
}

/** A `list` entry: the field's value is (or, with `excluded`, is not) one of a value list's values. */
export interface ExceptionListEntryArgs {
  /** Entry kind. */
  type: "list";
  /** ECS field name, e.g. `source.ip`. Its Elasticsearch type must suit the list's `type`. */
  field: pulumi.Input<string>;
  /** `included` or `excluded`. */
  operator: pulumi.Input<ExceptionEntryOperator>;
  /** The value list: `{ id: valueList.id, type: valueList.type }`. */
  list: pulumi.Input<{
    /** The value list's id (a `ValueList`'s `id` or `list_id`). */
    id: pulumi.Input<string>;
    /** The value list's type, e.g. `ip` or `keyword`. */
    type: pulumi.Input<ValueListType>;
  }>;
}

/** A `nested` entry: conditions on the objects of a nested field, all of which must match the same object. */
export interface ExceptionNestedGroupEntryArgs {
  /** Entry kind. */
  type: "nested";
  /** The nested field, e.g. `file.Ext.code_signature`. */
  field: pulumi.Input<string>;
  /** Conditions on its sub-fields (names relative to `field`), at least one. */
  entries: pulumi.Input<pulumi.Input<ExceptionNestedEntryArgs>[]>;
}

/** A `match`, `match_any` or `exists` condition (the kinds a `nested` entry may hold). */
export type ExceptionNestedEntryArgs = ExceptionMatchEntryArgs | ExceptionMatchAnyEntryArgs | ExceptionExistsEntryArgs;

/** One condition of an exception item, Kibana's entry shapes with inputs at every level. */
export type ExceptionEntryArgs = ExceptionNestedEntryArgs | ExceptionWildcardEntryArgs | ExceptionListEntryArgs | ExceptionNestedGroupEntryArgs;

/** Kibana's exception item create body (field names verbatim), plus `space_id`, `connection` and `adopt`. */
export interface ExceptionListItemArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /**
   * Human-readable id, unique in its list. Default: a UUID derived from the project, stack and resource name (the same
   * on every run, so an interrupted `up` cannot create a second one), kept in state. Changing it replaces the item.
   */
  item_id?: pulumi.Input<string>;
  /** The list the item belongs to (an `ExceptionList`'s `list_id`). Changing it replaces the item. */
  list_id: pulumi.Input<string>;
  /** Display name. Updates in place. */
  name: pulumi.Input<string>;
  /** Why the exception exists. Updates in place. */
  description: pulumi.Input<string>;
  /** Item kind; only `simple` exists (Kibana's default). */
  type?: pulumi.Input<"simple">;
  /** Must match the list's: `single` (Kibana's default) or `agnostic`. Changing it replaces the item. */
  namespace_type?: pulumi.Input<NamespaceType>;
  /**
   * Conditions, all of which must match for an alert to be suppressed: `match`, `match_any`, `wildcard`, `exists`,
   * `nested`, and `list` (`list: { id: valueList.id, type: valueList.type }`). At least one; checked at preview.
   * Updates in place.
   */
  entries: pulumi.Input<pulumi.Input<ExceptionEntryArgs>[]>;
  /** Operating systems the item applies to (Endpoint lists). Default `[]`. Updates in place. */
  os_types?: pulumi.Input<pulumi.Input<ExceptionOsType>[]>;
  /** Free-form tags. Default `[]`. Updates in place. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** ISO date-time after which the exception stops applying. Default: never expires. Updates in place. */
  expire_time?: pulumi.Input<string>;
  /** Arbitrary JSON kept with the item. Default: none. Updates in place. */
  meta?: pulumi.Input<Record<string, unknown>>;
  /**
   * Comments, oldest first. Append-only in Kibana: add new comments at the end (an update appends them); editing or
   * removing a stored one fails at preview. Default: none.
   */
  comments?: pulumi.Input<
    pulumi.Input<{
      /** The comment text. */
      comment: pulumi.Input<string>;
    }>[]
  >;
}

const OUTPUTS = [
  "item_id",
  "list_id",
  "name",
  "description",
  "type",
  "namespace_type",
  "entries",
  "os_types",
  "tags",
  "expire_time",
  "meta",
  "comments",
  "_version",
  "tie_breaker_id",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "space_id",
];

/** An exception item (`/api/exception_lists/items`): one call per create, update and delete; items of a list refresh with one paged `_find`. */
export class ExceptionListItem extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ExceptionListItem";

  /** The item's human-readable id (given or generated). */
  declare readonly item_id: pulumi.Output<string>;
  /** The list it belongs to. */
  declare readonly list_id: pulumi.Output<string>;
  /** `single` or `agnostic`, as stored. */
  declare readonly namespace_type: pulumi.Output<NamespaceType>;
  /** The conditions, as Kibana stores them. */
  declare readonly entries: pulumi.Output<ExceptionEntry[]>;
  /** The comments as Kibana stores them, with their ids, authors and times. */
  declare readonly comments: pulumi.Output<ExceptionItemComment[]>;
  /** Kibana's optimistic-concurrency token; sent with every update so a concurrent edit is refused, not overwritten. */
  declare readonly _version: pulumi.Output<string>;
  /** The space the item lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name (not Kibana's `name`).
   * @param args - The item's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ExceptionListItemArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    super(
      providers.ExceptionListItem,
      name,
      { ...outputs, ...withSecretConnection(args), ...resourceIdentity("ExceptionListItem", name) },
      secretConnectionOptions(opts),
      "esac",
      "ExceptionListItem",
    );
  }

  static override isInstance(obj: unknown): obj is ExceptionListItem {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ExceptionListItem.__pulumiType;
  }
}
