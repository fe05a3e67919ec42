import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import { providers } from "../providers";
import {
  resourceIdentity,
  secretConnectionOptions,
  withSecretConnection,
  type CommonResourceArgs,
  type ConcurrentEditArgs,
} from "../provider-kit/resource-args";
import { newSecretSalt } from "../provider-kit/secret-hash";

/**
 * A Kibana connector (`/api/actions/connector`), Kibana's field names. `config` is checked at preview for the
 * common types (`.index`, `.server-log`, `.webhook`, `.email`, `.slack`, `.slack_api`, `.pagerduty`, `.jira`,
 * `.servicenow*`, `.teams`, `.cases-webhook`); other types and config keys newer than this package pass through to
 * Kibana.
 */
export interface ConnectorArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /** Connector type, e.g. `.slack`, `.webhook`, `.email`, `.index`. Changing it replaces the connector. */
  connector_type_id: pulumi.Input<string>;
  /** Display name. Updates in place. */
  name: pulumi.Input<string>;
  /**
   * Type-specific settings, e.g. `{ url }` for `.webhook`. Kibana's defaults (webhook `method: post`…) need not be
   * set. Default `{}`. Updates in place.
   */
  config?: pulumi.Input<Record<string, unknown>>;
  /**
   * Type-specific credentials, e.g. `{ webhookUrl }` for `.slack`. Always stored as a Pulumi secret; Kibana never
   * returns them, so the state keeps only a salted hash: changing a secret here updates the connector in place, but a
   * change made in Kibana's UI cannot be detected. Default: none.
   */
  secrets?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean | null>>>;
  /**
   * Client-chosen connector id (`POST /api/actions/connector/{id}`): a UUID, or on Kibana 9.4+ a slug. Default: a UUID
   * derived from the project, stack and resource name (the same on every run, so an interrupted `up` cannot create a
   * second connector); a connector created by an earlier esac version keeps Kibana's id. Changing it replaces the
   * connector (delete first: ids are unique across spaces). Kept in state as `connector_id` (Pulumi reserves `id`).
   */
  id?: pulumi.Input<string>;
}

/**
 * A Kibana connector. Create, update and delete cost one HTTP call each; `pulumi refresh` lists a space's
 * connectors once for all of them. Use `connector.id` as a DetectionRule action's `id`. An update is refused when
 * the connector's name or config was changed in Kibana since Pulumi last read it (compared with the same one listing
 * per space and process; a change of secrets cannot be seen): run `pulumi refresh` first, or set
 * `overwrite_concurrent_edits: true`.
 */
export class Connector extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:Connector";

  /** Kibana's connector id (the one given, or generated): a DetectionRule action's `id`. Same as the resource `id`. */
  declare readonly connector_id: pulumi.Output<string>;
  /** The connector type, e.g. `.slack`. */
  declare readonly connector_type_id: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** The config as Kibana stores it (defaults filled, unset keys left out). */
  declare readonly config: pulumi.Output<Record<string, unknown>>;
  /** Always false for a managed connector (preconfigured ones cannot be managed). */
  declare readonly is_preconfigured: pulumi.Output<boolean>;
  /** True when Kibana flags the connector's type or settings as deprecated. */
  declare readonly is_deprecated: pulumi.Output<boolean>;
  /** True when Kibana holds no secrets for it (imported via saved objects); the next update resends them. */
  declare readonly is_missing_secrets: pulumi.Output<boolean>;
  /** Salted HMAC-SHA256 of `secrets` (never the secrets). */
  declare readonly secrets_hash: pulumi.Output<string>;
  /** The space the connector lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name (not Kibana's `name`).
   * @param args - The connector's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    const { id, secrets, ...rest } = args;
    const outputs = {
      connector_id: undefined,
      config: undefined,
      is_preconfigured: undefined,
      is_deprecated: undefined,
      is_missing_secrets: undefined,
      secrets_hash: undefined,
      space_id: undefined,
    };
    super(
      providers.Connector,
      name,
      {
        ...outputs,
        ...withSecretConnection(rest),
        connector_id: id,
        secrets: secrets === undefined ? undefined : pulumi.secret(secrets),
        // Discarded by the provider's check once the resource has a salt (see provider-kit/secret-hash.ts).
        secrets_salt: pulumi.secret(newSecretSalt()),
        ...resourceIdentity("Connector", name),
      },
      secretConnectionOptions(opts),
      "esac",
      "Connector",
    );
  }

  static override isInstance(obj: unknown): obj is Connector {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === Connector.__pulumiType;
  }
}
