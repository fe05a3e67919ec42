import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { ValueListType } from "@esac/kibana-client";
import { providers } from "../providers";
import { ValueList } from "../value-list/resource";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs, type ConcurrentEditArgs } from "../provider-kit/resource-args";

/** The complete set of values of one value list, plus `space_id`, `connection`, `adopt` and `overwrite_concurrent_edits`. */
export interface ValueListItemsArgs extends CommonResourceArgs, ConcurrentEditArgs {
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
 * additions in one `_import` call after one count check, removals one DELETE per item (after one paged read for
 * their ids); create reads the list (one `_find` per 5,000 values), then imports in one call; refresh reads the set
 * with one `_find` call per 5,000 values. With `adopt: true`, create reconciles a list that already has values
 * instead of adding to them.
 *
 * No import sends a value the list already holds: after a lost answer or a crash the next attempt reads back and
 * imports only what is missing. A value Kibana holds more than once shows up twice in `values` on refresh, and the
 * next update deletes the extra copies (one DELETE each, the oldest copy kept).
 *
 * An update that finds the list changed in Kibana since the last read (the count check, or the read before
 * removals) refuses to undo that change — delete values added there that the program lacks, or import again values
 * of the program removed there — and says to `pulumi refresh` first, unless `overwrite_concurrent_edits: true`.
 *
 * Destroying it together with its `ValueList` costs no call: deleting the list removes its values with it, so the
 * resource is `deletedWith` the list (set automatically when `list_id` is an output of one `ValueList`, e.g.
 * `list.list_id`; pass `deletedWith: list` yourself otherwise). Destroying it alone — the list stays — reads the
 * list (one `_find` per 5,000 values) and deletes its values one call per item: Kibana has no bulk delete of
 * list items, and its delete by value is one call per value too.
 */
export class ValueListItems extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ValueListItems";

  /** The list the values belong to. */
  declare readonly list_id: pulumi.Output<string>;
  /** The values as Kibana reads them back, sorted; after a refresh, a value Kibana holds twice appears twice. */
  declare readonly values: pulumi.Output<string[]>;
  /** The list's type. */
  declare readonly type: pulumi.Output<ValueListType>;
  /** How many items the list holds. */
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
      secretConnectionOptions(withDeletedWithList(args.list_id, opts)),
      "esac",
      "ValueListItems",
    );
  }

  static override isInstance(obj: unknown): obj is ValueListItems {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ValueListItems.__pulumiType;
  }
}

/** The one `ValueList` an output such as `list.list_id` comes from; undefined for a plain string or any other output. */
export function valueListOf(listId: pulumi.Input<string>): ValueList | undefined {
  if (!pulumi.Output.isInstance(listId)) return undefined;
  // Output's `resources()` is not in its typings: it lists the resources the output was taken from.
  const resources = (listId as unknown as { resources?: () => Set<pulumi.Resource> }).resources?.();
  const lists = [...(resources ?? [])].filter((r) => ValueList.isInstance(r));
  return lists.length === 1 ? (lists[0] as ValueList) : undefined;
}

/**
 * `opts` with `deletedWith` the list `list_id` comes from: when that list is destroyed in the same operation, the
 * engine skips this resource's delete (the list's delete removes its values); when only this resource goes, its
 * delete runs. An explicit `deletedWith` or `retainOnDelete` is left as given.
 */
export function withDeletedWithList(listId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions | undefined {
  if (opts?.deletedWith || opts?.retainOnDelete) return opts;
  const list = valueListOf(listId);
  return list ? { ...opts, deletedWith: list } : opts;
}
