import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

/** Where the data streams are (`space_id`, `connection`) and what destroy does. No `adopt`: create is an ensure. */
export interface ListDataStreamsArgs extends Omit<CommonResourceArgs, "adopt"> {
  /**
   * Delete the data streams when this resource is destroyed. Default false: deleting them deletes every value
   * list of the space, including lists no program manages. Updates in place (no call).
   */
  delete_on_destroy?: pulumi.Input<boolean>;
}

/**
 * The `.lists-<space>` / `.items-<space>` data streams value lists live in (`/api/lists/index`). Optional:
 * `ValueList` creates them on its first create in a space. Create is an idempotent ensure (one call); destroy
 * keeps them unless `delete_on_destroy` is set.
 */
export class ListDataStreams extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ListDataStreams";

  /** The space whose data streams these are. */
  declare readonly space_id: pulumi.Output<string>;
  /** `true`: the `.lists-<space>` data stream exists (a refresh that finds either stream missing drops the resource). */
  declare readonly list_index: pulumi.Output<boolean>;
  /** `true`: the `.items-<space>` data stream exists. */
  declare readonly list_item_index: pulumi.Output<boolean>;
  /** Whether destroy deletes them. */
  declare readonly delete_on_destroy: pulumi.Output<boolean>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The space and destroy behaviour.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ListDataStreamsArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.ListDataStreams,
      name,
      { space_id: undefined, list_index: undefined, list_item_index: undefined, delete_on_destroy: undefined, ...withSecretConnection(args) },
      secretConnectionOptions(opts),
      "esac",
      "ListDataStreams",
    );
  }

  static override isInstance(obj: unknown): obj is ListDataStreams {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === ListDataStreams.__pulumiType;
  }
}
