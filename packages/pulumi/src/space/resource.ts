import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { SpaceSolution } from "@esac/kibana-client";
import { providers } from "../providers";
import { resourceIdentity, secretConnectionOptions, withSecretConnection, type ConnectionArgs } from "../provider-kit/resource-args";

/** Space arguments, Kibana's field names (`/api/spaces/space`). */
export interface SpaceArgs {
  /**
   * The space id, part of Kibana's URLs (`/s/<id>/app/…`) and the `space_id` of the objects that live in it: lower
   * case a-z, 0-9, `_` and `-`. Not `default` (that space always exists; objects in it need no `Space`). Changing it
   * replaces the space — a new one is created, then the old one deleted with everything in it.
   */
  id: pulumi.Input<string>;
  /** Display name (at least one character; Kibana trims surrounding whitespace, so none is accepted). Updates in place. */
  name: pulumi.Input<string>;
  /** Description shown in the space selector. Default: none. Updates in place. */
  description?: pulumi.Input<string>;
  /**
   * Avatar colour, `#` and 6 hex digits (e.g. `#00bfb3`). Default: none stored (Kibana's UI derives one from the
   * name). Kibana cannot clear it: once set, leaving it out keeps the last colour. Updates in place.
   */
  color?: pulumi.Input<string>;
  /** One or two characters shown in the avatar. Default: none stored (the UI derives them from the name). Updates in place. */
  initials?: pulumi.Input<string>;
  /** Avatar image as a `data:image/…` URL (64×64 works best; Kibana does not resize it). Default: none. Updates in place. */
  imageUrl?: pulumi.Input<string>;
  /**
   * Feature ids turned off in the space (at most 100; e.g. `dev_tools`, `ml`). Default `[]`. Compared as a set.
   * Not allowed with a `solution` other than `classic`: the solution then decides which features are off, and
   * Kibana returns its own list. Updates in place.
   */
  disabledFeatures?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Solution view (Kibana 8.16 and later, not serverless): `es`, `oblt`, `security` or `classic`. Default: none
   * (classic navigation). Kibana cannot clear it: once set, leaving it out keeps the last one. Updates in place.
   */
  solution?: pulumi.Input<SpaceSolution>;
  /** Per-resource connection; stored in state as a secret. Default: stack config `kibana:*`, then `KIBANA_*`. */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * Take over an existing space with the same `id` instead of failing with 409: the program's settings overwrite
   * it, and destroying the resource then deletes the space and every object in it.
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A Kibana space. Create, update and delete cost one HTTP call each; `pulumi refresh` reads each space once.
 * Deleting a space deletes every saved object in it (rules, connectors, exception lists…): pass `space.id` as the
 * `space_id` of the resources that live in it, so Pulumi creates the space first and deletes it last.
 */
export class Space extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:Space";

  /** The space id. Same as the resource `id`. */
  declare readonly space_id: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** Description, when one is set. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Avatar colour, when one is stored. */
  declare readonly color: pulumi.Output<string | undefined>;
  /** Avatar initials, when set. */
  declare readonly initials: pulumi.Output<string | undefined>;
  /** Avatar image, when set. */
  declare readonly imageUrl: pulumi.Output<string | undefined>;
  /** The features turned off, as Kibana reports them (with a solution: the features outside it). */
  declare readonly disabledFeatures: pulumi.Output<string[]>;
  /** Solution view, when one is set. */
  declare readonly solution: pulumi.Output<SpaceSolution | undefined>;

  /**
   * @param name - The Pulumi resource name (not Kibana's `name`).
   * @param args - The space's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SpaceArgs, opts?: pulumi.CustomResourceOptions) {
    const { id, ...rest } = args;
    const outputs = { space_id: undefined, description: undefined, color: undefined, initials: undefined, imageUrl: undefined, solution: undefined };
    super(
      providers.Space,
      name,
      { ...outputs, disabledFeatures: undefined, ...withSecretConnection(rest), space_id: id, ...resourceIdentity("Space", name) },
      secretConnectionOptions(opts),
      "esac",
      "Space",
    );
  }

  static override isInstance(obj: unknown): obj is Space {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === Space.__pulumiType;
  }
}
