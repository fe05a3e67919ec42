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

/** Kibana's value-list create body (field names verbatim), plus `space_id`, `connection` and `adopt`. */
export interface ValueListArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /**
   * The list's id (Kibana's `id`; Pulumi reserves `id` for the resource id, so an `id` given here is taken as
   * `list_id`). Exception entries and items refer to the list by it. Default: a UUID derived from the project, stack
   * and resource name (the same on every run, so an interrupted `up` cannot create a second one), kept in state.
   * Changing it replaces the list.
   */
  list_id?: pulumi.Input<string>;
  /** Alias of `list_id`, for bodies pasted from Kibana. */
  id?: pulumi.Input<string>;
  /** Display name. Updates in place. */
  name: pulumi.Input<string>;
  /** What the list holds. Updates in place. */
  description: pulumi.Input<string>;
  /**
   * Elasticsearch type of the values: `ip`, `ip_range`, `keyword`, `text`, `long`, `date`, `geo_point`… (a plain
   * value, not an output: it decides how values are checked at preview). Changing it replaces the list (and so
   * empties it).
   */
  type: ValueListType;
  /** Custom serializer regex: honoured by Kibana 8.x, ignored (with a warning) by Kibana 9. Default: none. Changing it replaces the list. */
  serializer?: pulumi.Input<string>;
  /** Custom deserializer template: honoured by Kibana 8.x, ignored (with a warning) by Kibana 9. Default: none. Changing it replaces the list. */
  deserializer?: pulumi.Input<string>;
  /** Arbitrary JSON kept with the list. Default: none. Updates in place. */
  meta?: pulumi.Input<Record<string, unknown>>;
}

const OUTPUTS = [
  "list_id",
  "name",
  "description",
  "type",
  "meta",
  "_version",
  "version",
  "immutable",
  "tie_breaker_id",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "space_id",
];

/**
 * A Security value list (`/api/lists`). Create costs one call (three the first time in a space, when the list
 * data streams are created on the way); name, description and meta update in place with one call, guarded by
 * `_version`. Its `id` output is the list id, for `list_id` of items and `list: { id, type }` of exception entries.
 */
export class ValueList extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ValueList";

  /** The list's id (given or generated): `list_id` of its items, `list.id` of exception entries. Same as the resource `id`. */
  declare readonly list_id: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** What the list holds. */
  declare readonly description: pulumi.Output<string>;
  /** Elasticsearch type of the values. */
  declare readonly type: pulumi.Output<ValueListType>;
  /** The meta object, as stored. */
  declare readonly meta: pulumi.Output<Record<string, unknown> | undefined>;
  /** Kibana's optimistic-concurrency token; sent with every update so a concurrent edit is refused, not overwritten. */
  declare readonly _version: pulumi.Output<string>;
  /** Kibana's update counter. */
  declare readonly version: pulumi.Output<number>;
  /** The space the list lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name (not Kibana's `name`).
   * @param args - The list's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ValueListArgs, opts?: pulumi.CustomResourceOptions) {
    const { id, list_id, ...rest } = args;
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    super(
      providers.ValueList,
      name,
      { ...outputs, ...withSecretConnection({ ...rest, list_id: list_id ?? id }), ...resourceIdentity("ValueList", name) },
      secretConnectionOptions(opts),
      "esac",
      "ValueList",
    );
  }

  static override isInstance(obj: unknown): obj is ValueList {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ValueList.__pulumiType;
  }
}
