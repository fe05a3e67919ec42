import * as pulumi from "@pulumi/pulumi";
import type { ExceptionListType, NamespaceType } from "@esac/kibana-client";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

type OsType = "linux" | "macos" | "windows";

/** Kibana's exception list create body (field names verbatim), plus `space_id`, `connection` and `adopt`. */
export interface ExceptionListArgs extends CommonResourceArgs {
  /** Human-readable id. Changing it replaces the list (and its items). Default: a generated UUID that stays stable. */
  list_id?: pulumi.Input<string>;
  name: pulumi.Input<string>;
  description: pulumi.Input<string>;
  /** `detection` for rule exceptions; `rule_default`, `endpoint`, `endpoint_trusted_apps`, `endpoint_events`, … */
  type: pulumi.Input<ExceptionListType>;
  /** `single` (this space, the default) or `agnostic` (every space). Changing it replaces the list. */
  namespace_type?: pulumi.Input<NamespaceType>;
  /** Kibana's PUT cannot change a list's os_types: changing them replaces the list. Default `[]`. */
  os_types?: pulumi.Input<pulumi.Input<OsType>[]>;
  /** Default `[]`; removing every tag clears them in Kibana. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  meta?: pulumi.Input<Record<string, unknown>>;
  /** Content version. Kibana increments it on every update unless set here. */
  version?: pulumi.Input<number>;
}

const OUTPUTS = ["list_id", "name", "description", "type", "namespace_type", "os_types", "tags", "meta", "version", "_version", "immutable", "tie_breaker_id", "created_at", "created_by", "updated_at", "updated_by", "space_id"];

/**
 * An exception list container (`/api/exception_lists`): one call per create, update and delete, `_version`-guarded
 * updates, and refresh of all lists of a space with one paged `_find`. Reference it from a rule with
 * `exceptions_list: [list.ruleReference()]` or `{ id: list.id, list_id: list.list_id, namespace_type: list.namespace_type, type: list.type }`.
 */
export class ExceptionList extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ExceptionList";

  declare readonly list_id: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<ExceptionListType>;
  declare readonly namespace_type: pulumi.Output<NamespaceType>;
  declare readonly os_types: pulumi.Output<OsType[]>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly version: pulumi.Output<number>;
  /** Kibana's optimistic-concurrency token; sent with every update so a concurrent edit is refused, not overwritten. */
  declare readonly _version: pulumi.Output<string>;
  declare readonly space_id: pulumi.Output<string>;

  constructor(name: string, args: ExceptionListArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    super(providers.ExceptionList, name, { ...outputs, ...withSecretConnection(args) }, secretConnectionOptions(opts), "esac", "ExceptionList");
  }

  /** This list as an entry of a rule's `exceptions_list`. */
  ruleReference(): pulumi.Output<{ id: string; list_id: string; namespace_type: NamespaceType; type: ExceptionListType }> {
    return pulumi
      .all([this.id, this.list_id, this.namespace_type, this.type])
      .apply(([id, list_id, namespace_type, type]) => ({ id, list_id, namespace_type, type }));
  }

  static override isInstance(obj: unknown): obj is ExceptionList {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ExceptionList.__pulumiType;
  }
}
