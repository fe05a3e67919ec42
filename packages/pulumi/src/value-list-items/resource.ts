import * as pulumi from "@pulumi/pulumi";
import type { ValueListType } from "@esac/kibana-client";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

/** The complete set of values of one value list, plus `space_id`, `connection` and `adopt`. */
export interface ValueListItemsArgs extends CommonResourceArgs {
  /**
   * The list (a `ValueList`'s `id`/`list_id`). Changing it replaces this resource: the values are imported into the
   * new list, then deleted from the old one.
   */
  list_id: pulumi.Input<string>;
  /**
   * Every value of the list, written as for its type; order and duplicates do not matter. Values cannot contain line
   * breaks. An update adds and removes only the difference.
   */
  values: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The list's type (pass `list.type`; not sent to Kibana): lets preview reject values Elasticsearch would silently
   * drop on import. Default: read from Kibana at create.
   */
  type?: pulumi.Input<ValueListType>;
}

/**
 * The whole set of values of one value list, for lists with thousands of values. Updates send only the delta:
 * additions in one `_import` call, removals one DELETE per item (after one paged read for their ids); refresh
 * reads the set with one `_find` call per 5,000 values. With `adopt: true`, create reconciles a list that already
 * has values instead of adding to them.
 *
 * Destroying it deletes its values one call each (the lists API has no bulk delete in every Kibana version). When
 * the `ValueList` goes too, give this resource `retainOnDelete: true`: deleting the list removes all its values
 * in one call.
 */
export class ValueListItems extends pulumi.dynamic.Resource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ValueListItems";

  /** The list the values belong to. */
  declare readonly list_id: pulumi.Output<string>;
  /** The values as Kibana reads them back, de-duplicated and sorted. */
  declare readonly values: pulumi.Output<string[]>;
  /** The list's type. */
  declare readonly type: pulumi.Output<ValueListType>;
  /** How many values the list holds. */
  declare readonly count: pulumi.Output<number>;
  /** The space the list lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The list and its values.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ValueListItemsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.ValueListItems,
      name,
      { type: undefined, count: undefined, space_id: undefined, ...withSecretConnection(args) },
      secretConnectionOptions(opts),
      "esac",
      "ValueListItems",
    );
  }

  static override isInstance(obj: unknown): obj is ValueListItems {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ValueListItems.__pulumiType;
  }
}
