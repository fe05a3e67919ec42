import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { ValueListType } from "@esac/kibana-client";
import { providers } from "../providers";
import {
  resourceIdentity,
  secretConnectionOptions,
  withSecretConnection,
  type CommonResourceArgs,
  type ConcurrentEditArgs,
} from "../provider-kit/resource-args";

/** Kibana's value-list item create body (field names verbatim), plus `space_id`, `connection` and `adopt`. */
export interface ValueListItemArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /** The list the value belongs to (a `ValueList`'s `id`/`list_id`). Changing it replaces the item. */
  list_id: pulumi.Input<string>;
  /**
   * The value, written as for the list's type (`10.0.0.1`, `10.0.0.0/8` or `10.0.0.1-10.0.0.9` in an `ip_range`
   * list…). Updates in place.
   */
  value: pulumi.Input<string>;
  /**
   * The item's id (Kibana's `id`; Pulumi reserves `id` for the resource id, so an `id` given here is taken as
   * `list_item_id`). Default: a UUID derived from the project, stack and resource name (the same on every run, so an
   * interrupted `up` cannot create a second one), kept in state. Changing it replaces the item.
   */
  list_item_id?: pulumi.Input<string>;
  /** Alias of `list_item_id`, for bodies pasted from Kibana. */
  id?: pulumi.Input<string>;
  /** Arbitrary JSON kept with the item. Default: none. Updates in place. */
  meta?: pulumi.Input<Record<string, unknown>>;
  /**
   * The list's type (pass `list.type`; not sent to Kibana): lets preview reject values Elasticsearch would refuse,
   * and compares values the way Kibana rewrites them. Default: unknown (values are checked by Kibana only).
   */
  type?: pulumi.Input<ValueListType>;
}

const OUTPUTS = [
  "list_item_id",
  "list_id",
  "value",
  "type",
  "meta",
  "_version",
  "tie_breaker_id",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "space_id",
];

/** One value of a value list (`/api/lists/items`): one call per create, update and delete. */
export class ValueListItem extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ValueListItem";

  /** The item's id (given or generated). */
  declare readonly list_item_id: pulumi.Output<string>;
  /** The list it belongs to. */
  declare readonly list_id: pulumi.Output<string>;
  /** The value as Kibana reads it back (e.g. `10.0.0.1-10.0.0.1` for `10.0.0.1` in an `ip_range` list). */
  declare readonly value: pulumi.Output<string>;
  /** The list's type, as Kibana reports it. */
  declare readonly type: pulumi.Output<ValueListType>;
  /** Kibana's optimistic-concurrency token; sent with every update so a concurrent edit is refused, not overwritten. */
  declare readonly _version: pulumi.Output<string>;
  /** The space the item lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The item's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ValueListItemArgs, opts?: pulumi.CustomResourceOptions) {
    const { id, list_item_id, ...rest } = args;
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    super(
      providers.ValueListItem,
      name,
      { ...outputs, ...withSecretConnection({ ...rest, list_item_id: list_item_id ?? id }), ...resourceIdentity("ValueListItem", name) },
      secretConnectionOptions(opts),
      "esac",
      "ValueListItem",
    );
  }

  static override isInstance(obj: unknown): obj is ValueListItem {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ValueListItem.__pulumiType;
  }
}
