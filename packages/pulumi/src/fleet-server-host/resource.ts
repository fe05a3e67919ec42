import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { FleetServerHostSsl } from "@esac/kibana-client";
import { providers } from "../providers";
import { resourceIdentity, secretConnectionOptions, withSecretConnection, type ConcurrentEditArgs, type ConnectionArgs } from "../provider-kit/resource-args";
import { newSecretSalt } from "../provider-kit/secret-hash";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Fleet Server host arguments, Fleet's field names (`/api/fleet/fleet_server_hosts`). */
export interface FleetServerHostArgs extends ConcurrentEditArgs {
  /** Display name (≤ 255 characters). Updates in place. */
  name: pulumi.Input<string>;
  /**
   * URLs agents use to reach Fleet Server (1–10). Fleet stores them with the default port made explicit
   * (`https://fleet.example.com` → `https://fleet.example.com:443`); either spelling shows no diff. Updates in place.
   */
  host_urls: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Make this Fleet's default host. Fleet then unsets the previous default — `pulumi refresh` shows that on the
   * other host. Only one host in a program should say `true`, or two updates will keep taking it from each other.
   * Default false. Updates in place.
   */
  is_default?: pulumi.Input<boolean>;
  /** Hide the host from the Fleet UI (internal use). Default false. Updates in place. */
  is_internal?: pulumi.Input<boolean>;
  /** Id of a Fleet proxy to reach Fleet Server through. Default: none (direct). Updates in place. */
  proxy_id?: pulumi.Input<string>;
  /**
   * TLS settings: `certificate_authorities`, `certificate`, `es_certificate_authorities`, `es_certificate`,
   * `agent_*`, `client_auth` (`optional`/`required`/`none`). Private keys belong in `secrets.ssl`; keys given here
   * (`key`, `es_key`, `agent_key`) are accepted but Fleet stores them in plain text — the resource keeps the whole
   * `ssl` argument a Pulumi secret then, and never writes keys to its outputs. Default: none. Updates in place.
   */
  ssl?: pulumi.Input<Inputs<FleetServerHostSsl>>;
  /**
   * Private keys (`key`, `es_key`, `agent_key`) as PEM text, stored in Fleet's secret store. Always a Pulumi
   * secret; the state keeps only a salted hash (changes here update the host in place; changes made in Fleet are
   * invisible). Default: none.
   */
  secrets?: pulumi.Input<FleetServerHostSecretsArgs>;
  /**
   * Client-chosen id (1–255 characters, no `/`, `..`). Default: a UUID derived from the project, stack and resource
   * name (the same on every run, so an interrupted `up` cannot create a second host); a host created by an earlier
   * esac version keeps Fleet's id. Changing it replaces the host. Kept in state as `host_id`.
   */
  id?: pulumi.Input<string>;
  /** Per-resource connection; stored in state as a secret. Default: stack config `kibana:*`, then `KIBANA_*`. */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Take over an existing host with the same `id` instead of failing with 409 (not a preconfigured one). */
  adopt?: pulumi.Input<boolean>;
}

/** Private keys of a Fleet Server host, kept in Fleet's secret store. */
export interface FleetServerHostSecretsArgs {
  /** The TLS keys. */
  ssl?: pulumi.Input<{
    /** Fleet Server's private key (PEM), with `ssl.certificate`. */
    key?: pulumi.Input<string>;
    /** The key Fleet Server presents to Elasticsearch (PEM), with `ssl.es_certificate`. */
    es_key?: pulumi.Input<string>;
    /** The agent key (PEM), with `ssl.agent_certificate`. */
    agent_key?: pulumi.Input<string>;
  }>;
}

/** A `ssl` value, made secret when it carries private keys. */
function protectSsl(ssl: FleetServerHostArgs["ssl"]): pulumi.Input<unknown> {
  if (ssl === undefined) return undefined;
  return pulumi.output(ssl).apply((value) => {
    const v = value as Record<string, unknown> | undefined;
    return v && (v.key !== undefined || v.es_key !== undefined || v.agent_key !== undefined) ? pulumi.secret(v) : v;
  });
}

/**
 * A Fleet Server host (global, not per space). Create, update and delete cost one HTTP call each; `pulumi refresh`
 * lists the hosts once for all of them. An update is refused when the host's name, URLs, proxy, `is_internal` or
 * public TLS settings were changed in Fleet since Pulumi last read it (compared with the same one listing per
 * process; `is_default` and private keys are not compared): run `pulumi refresh` first, or set
 * `overwrite_concurrent_edits: true`.
 */
export class FleetServerHost extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:FleetServerHost";

  /** Fleet's id of the host (given or generated). Same as the resource `id`. */
  declare readonly host_id: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** As Fleet stores them (explicit ports). */
  declare readonly host_urls: pulumi.Output<string[]>;
  /** Whether it is Fleet's default host (a refresh shows when another host took that over). */
  declare readonly is_default: pulumi.Output<boolean>;
  /** Whether it is hidden from the Fleet UI. */
  declare readonly is_internal: pulumi.Output<boolean>;
  /** Always false for a managed host (preconfigured ones cannot be managed). */
  declare readonly is_preconfigured: pulumi.Output<boolean>;
  /** The Fleet proxy id, when one is set. */
  declare readonly proxy_id: pulumi.Output<string | undefined>;
  /** TLS settings without any private key. */
  declare readonly ssl: pulumi.Output<Record<string, unknown> | undefined>;
  /** Salted HMAC-SHA256 of the private keys (never the keys). */
  declare readonly secrets_hash: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name (not Fleet's `name`).
   * @param args - The host's fields.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: FleetServerHostArgs, opts?: pulumi.CustomResourceOptions) {
    const { id, secrets, ssl, ...rest } = args;
    const outputs = {
      host_id: undefined,
      is_preconfigured: undefined,
      is_default: undefined,
      is_internal: undefined,
      proxy_id: undefined,
      secrets_hash: undefined,
    };
    super(
      providers.FleetServerHost,
      name,
      {
        ...outputs,
        ...withSecretConnection(rest),
        host_id: id,
        ssl: protectSsl(ssl),
        secrets: secrets === undefined ? undefined : pulumi.secret(secrets),
        secrets_salt: pulumi.secret(newSecretSalt()),
        ...resourceIdentity("FleetServerHost", name),
      },
      secretConnectionOptions(opts),
      "esac",
      "FleetServerHost",
    );
  }

  static override isInstance(obj: unknown): obj is FleetServerHost {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === FleetServerHost.__pulumiType;
  }
}
