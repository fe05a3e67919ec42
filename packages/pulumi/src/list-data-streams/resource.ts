import * as pulumi from "@pulumi/pulumi";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

export interface ListDataStreamsArgs extends Omit<CommonResourceArgs, "adopt"> {
  /**
   * Delete the data streams when this resource is destroyed. Off by default: deleting them deletes every value
   * list of the space, including lists no program manages.
   */
  delete_on_destroy?: pulumi.Input<boolean>;
}

/**
 * The `.lists-<space>` / `.items-<space>` data streams value lists live in (`/api/lists/index`). Optional:
 * `ValueList` creates them on its first create in a space. Create is an idempotent ensure (one call); destroy
 * keeps them unless `delete_on_destroy` is set.
 */
export class ListDataStreams extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:ListDataStreams";

  declare readonly space_id: pulumi.Output<string>;
  declare readonly list_index: pulumi.Output<boolean>;
  declare readonly list_item_index: pulumi.Output<boolean>;
  declare readonly delete_on_destroy: pulumi.Output<boolean>;

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
