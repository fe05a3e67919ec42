import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { ExceptionListType, NamespaceType } from "@esac/kibana-client";
import { providers } from "../providers";
import {
  resourceIdentity,
  secretConnectionOptions,
  withSecretConnection,
  type CommonResourceArgs,
  type ConcurrentEditArgs,
} from "../provider-kit/resource-args";

/** An operating system an exception list or item applies to. */
export type ExceptionOsType = "linux" | "macos" | "windows";

/** Kibana's exception list create body (field names verbatim), plus `space_id`, `connection` and `adopt`. */
export interface ExceptionListArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /**
   * Human-readable id, unique per space and `namespace_type`; items and rules refer to the list by it. Default: a UUID
   * derived from the project, stack and resource name (the same on every run, so an interrupted `up` cannot create a
   * second one), kept in state. Changing it replaces the list (and so its items).
   */
  list_id?: pulumi.Input<string>;
  /** Display name. Updates in place. */
  name: pulumi.Input<string>;
  /** What the list is for. Updates in place. */
  description: pulumi.Input<string>;
  /**
   * `detection` for exceptions attached to rules through `exceptions_list`; `rule_default` for a rule's own list;
   * `endpoint`, `endpoint_trusted_apps`, `endpoint_events`, `endpoint_blocklists`… for Elastic Defend's lists.
   * Updates in place.
   */
  type: pulumi.Input<ExceptionListType>;
  /**
   * `single`: the list lives in this space (Kibana's default); `agnostic`: one list shared by every space (Endpoint
   * lists). Changing it replaces the list.
   */
  namespace_type?: pulumi.Input<NamespaceType>;
  /** Operating systems the list applies to. Default `[]`. Kibana's update cannot change them: changing them replaces the list. */
  os_types?: pulumi.Input<pulumi.Input<ExceptionOsType>[]>;
  /** Free-form tags. Default `[]`; removing every tag clears them in Kibana. Updates in place. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Arbitrary JSON kept with the list. Default: none. Updates in place; keys removed here are removed in Kibana. */
  meta?: pulumi.Input<Record<string, unknown>>;
  /**
   * Content version (≥ 1). Default: Kibana starts at 1 and increments it on every update; set it to control the
   * number yourself. Updates in place.
   */
  version?: pulumi.Input<number>;
}

/** How a rule's `exceptions_list` refers to an exception list. */
export interface ExceptionListReference {
  /** Kibana's saved-object id of the list (the resource id). */
  id: string;
  /** The list's human-readable id. */
  list_id: string;
  /** `single` or `agnostic`. */
  namespace_type: NamespaceType;
  /** The list type, e.g. `detection`. */
  type: ExceptionListType;
}

const OUTPUTS = [
  "list_id",
  "name",
  "description",
  "type",
  "namespace_type",
  "os_types",
  "tags",
  "meta",
  "version",
  "_version",
  "immutable",
  "tie_breaker_id",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "space_id",
];

/**
 * An exception list container (`/api/exception_lists`): one call per create, update and delete, `_version`-guarded
 * updates, and refresh of all lists of a space with one paged `_find`. Reference it from a rule with
 * `exceptions_list: [list.ruleReference()]` or `{ id: list.id, list_id: list.list_id, namespace_type: list.namespace_type, type: list.type }`.
 */
export class ExceptionList extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ExceptionList";

  /** The list's human-readable id (given or generated): the `list_id` of its items. */
  declare readonly list_id: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** The list type, e.g. `detection`. */
  declare readonly type: pulumi.Output<ExceptionListType>;
  /** `single` or `agnostic`, as stored (default filled). */
  declare readonly namespace_type: pulumi.Output<NamespaceType>;
  /** Operating systems, as stored (`[]` when none). */
  declare readonly os_types: pulumi.Output<ExceptionOsType[]>;
  /** Tags, as stored (`[]` when none). */
  declare readonly tags: pulumi.Output<string[]>;
  /** Kibana's content version: the one set, or Kibana's count of updates. */
  declare readonly version: pulumi.Output<number>;
  /** Kibana's optimistic-concurrency token; sent with every update so a concurrent edit is refused, not overwritten. */
  declare readonly _version: pulumi.Output<string>;
  /** The space the list lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name (not Kibana's `name`).
   * @param args - The list's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ExceptionListArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    super(
      providers.ExceptionList,
      name,
      { ...outputs, ...withSecretConnection(args), ...resourceIdentity("ExceptionList", name) },
      secretConnectionOptions(opts),
      "esac",
      "ExceptionList",
    );
  }

  /** This list as an entry of a rule's `exceptions_list`. */
  ruleReference(): pulumi.Output<ExceptionListReference> {
    return pulumi
      .all([this.id, this.list_id, this.namespace_type, this.type])
      .apply(([id, list_id, namespace_type, type]) => ({ id, list_id, namespace_type, type }));
  }

  static override isInstance(obj: unknown): obj is ExceptionList {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ExceptionList.__pulumiType;
  }
}
