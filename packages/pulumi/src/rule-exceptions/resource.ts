import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { ExceptionEntry, ExceptionItemComment } from "@esac/kibana-client";
import { DetectionRule } from "../detection-rule/resource";
import type { ExceptionListItemArgs } from "../exception-list-item/resource";
import { providers } from "../providers";
import {
  resourceIdentity,
  secretConnectionOptions,
  withSecretConnection,
  type CommonResourceArgs,
  type ConcurrentEditArgs,
} from "../provider-kit/resource-args";

/**
 * One item of a rule's own exception list: `ExceptionListItem`'s fields and semantics, without `list_id` and
 * `namespace_type` (the list is the rule's `rule_default` list, always `single`).
 */
export type RuleExceptionItemArgs = Omit<ExceptionListItemArgs, "list_id" | "namespace_type" | keyof CommonResourceArgs | keyof ConcurrentEditArgs>;

/** The items of one rule's own exception list, plus `space_id`, `connection`, `adopt` and `overwrite_concurrent_edits`. */
export interface RuleExceptionsArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /**
   * The rule whose exceptions these are: a `DetectionRule` (its `rule_id` output is used) or a rule's `rule_id` (a
   * prebuilt rule's too). The rule must exist. Changing it replaces the resource.
   */
  rule_id: pulumi.Input<string> | DetectionRule;
  /**
   * The exception items, each as an `ExceptionListItem` without `list_id`/`namespace_type`: `item_id` (default: a UUID
   * derived from the project, stack, resource name, rule and the item's `name`, so renaming an item without an
   * `item_id` replaces it), `name`, `description`, `entries` (at least one; checked at preview), `os_types`, `tags`,
   * `comments` (append-only), `expire_time`, `meta`. Items are compared by `item_id`: a new one is created, a changed
   * one updated in place, a removed one deleted. May be empty.
   */
  items: pulumi.Input<pulumi.Input<RuleExceptionItemArgs>[]>;
}

/** An item as stored: the managed fields and Kibana's server fields. */
export interface RuleExceptionItemState {
  /** The item's human-readable id (given or derived). */
  item_id: string;
  /** Display name. */
  name: string;
  /** Why the exception exists. */
  description: string;
  /** Item kind, always `simple`. */
  type: "simple";
  /** The conditions, as Kibana stores them. */
  entries: ExceptionEntry[];
  /** Operating systems the item applies to. */
  os_types: string[];
  /** Free-form tags. */
  tags: string[];
  /** When the exception stops applying, if set. */
  expire_time?: string;
  /** The program's `meta` (esac's ownership marker hidden). */
  meta?: Record<string, unknown>;
  /** As Kibana stores them, with ids, authors and times. */
  comments: ExceptionItemComment[];
  /** Kibana's optimistic-concurrency token of the item. */
  _version: string;
  /** When Kibana created the item. */
  created_at: string;
  /** Who created the item. */
  created_by: string;
  /** When Kibana last changed the item. */
  updated_at: string;
  /** Who last changed the item. */
  updated_by: string;
}

/**
 * A rule's own exception items (its `rule_default` exception list, the list the Kibana UI's "Add rule exception"
 * writes to). Create is one `POST /api/detection_engine/rules/{id}/exceptions`, which makes and links the list when
 * the rule has none; updates go item by item through the exception item API, each guarded by the item's `_version`;
 * refresh reads the rule and the list's items (an item edited or deleted in Kibana shows as drift). Delete removes
 * the items this resource manages and leaves the list: Kibana keeps a rule's default list, even after the rule is
 * deleted. Items other people add to the list are left alone.
 */
export class RuleExceptions extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:RuleExceptions";

  /** The rule's `rule_id`. */
  declare readonly rule_id: pulumi.Output<string>;
  /** The `list_id` of the rule's default exception list (made by Kibana). */
  declare readonly list_id: pulumi.Output<string>;
  /** The managed items as stored, in the program's order. */
  declare readonly items: pulumi.Output<RuleExceptionItemState[]>;
  /** The space the rule lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The rule and its exception items.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: RuleExceptionsArgs, opts?: pulumi.CustomResourceOptions) {
    const ruleId = DetectionRule.isInstance(args.rule_id) ? args.rule_id.rule_id : args.rule_id;
    super(
      providers.RuleExceptions,
      name,
      { list_id: undefined, space_id: undefined, ...withSecretConnection({ ...args, rule_id: ruleId }), ...resourceIdentity("RuleExceptions", name) },
      secretConnectionOptions(opts),
      "esac",
      "RuleExceptions",
    );
  }

  static override isInstance(obj: unknown): obj is RuleExceptions {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === RuleExceptions.__pulumiType;
  }
}
