import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_IDENTITY_KEY } from "./identity";
import { warnIfKibanaUnreachable } from "./unconfigured-warning";

/** Where a resource's Kibana is and how to authenticate; overrides stack config and `KIBANA_*` variables. */
export interface ConnectionArgs {
  /** Kibana base URL, e.g. `https://kibana.example.com:5601`. */
  endpoint?: pulumi.Input<string>;
  /** API key, sent as `Authorization: ApiKey <apiKey>`. */
  apiKey?: pulumi.Input<string>;
  /** Basic-auth user name (with `password`). */
  username?: pulumi.Input<string>;
  /** Basic-auth password. */
  password?: pulumi.Input<string>;
  /** CA certificate for TLS: PEM text or a path to a PEM file. */
  caCert?: pulumi.Input<string>;
  /** Skip TLS certificate verification (self-signed test clusters only). */
  insecure?: pulumi.Input<boolean>;
  /**
   * How long one attempt of a call to Kibana may take before it counts as timed out: a duration (`"30s"`, `"2m"`,
   * `"500ms"`) or milliseconds; above 0, at most 24h. Unset here: stack config `kibana:requestTimeout`, then
   * `KIBANA_REQUEST_TIMEOUT`, then 30 s. A timed-out read or update is re-sent; a create is never blindly re-sent.
   */
  requestTimeout?: pulumi.Input<string | number>;
  /** How many times a failed call may be re-sent: 0 to 100. Unset here: `kibana:maxRetries`, then `KIBANA_MAX_RETRIES`, then 5. */
  maxRetries?: pulumi.Input<number>;
  /**
   * Total time for a call and its retries, waits included: no new attempt starts once it is spent. A duration or
   * milliseconds, 0 (no retries) to 24h. Unset here: `kibana:retryBudget`, then `KIBANA_RETRY_BUDGET`, then 2 min.
   */
  retryBudget?: pulumi.Input<string | number>;
}

/** Arguments every esac resource accepts besides Kibana's own fields. */
export interface CommonResourceArgs {
  /** Kibana space the object lives in. Changing it replaces the object. Default `default`. */
  space_id?: pulumi.Input<string>;
  /** Per-resource connection; stored in state as a secret. Default: stack config `kibana:*`, then `KIBANA_*`. */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * Take over an object that already exists in Kibana with the same natural key (e.g. `rule_id`) instead of
   * failing with 409; the program's settings overwrite it. (`pulumi import` cannot work for dynamic providers.)
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * The opt-out of the concurrent-edit check, for the resources that have one: `DetectionRule`, `Connector`,
 * `FleetServerHost`, `ValueListItems`, and the ones Kibana guards with `_version` (`ExceptionList`, `ExceptionListItem`,
 * `ValueList`, `ValueListItem`).
 */
export interface ConcurrentEditArgs {
  /**
   * Let an update overwrite a change made in Kibana (UI, API, another tool) since Pulumi last read the object.
   * Default `false`: before each update the object in Kibana (from the one listing per space that the process makes
   * anyway) is compared with the state's copy — a rule's `revision` and `updated_at`; a connector's name and config;
   * a Fleet Server host's settings but `is_default` (secrets and keys are never returned, so their changes cannot be
   * seen); for `ValueListItems` the set of values, whenever the update reads it (a count other than the state's, or
   * removals) — and a changed object is refused with the advice to run `pulumi refresh` first. Exception lists and items,
   * value lists and value-list items send the state's `_version` instead, and Kibana refuses the write; with `true`
   * they send none. Only esac reads this argument; Kibana never receives it.
   */
  overwrite_concurrent_edits?: pulumi.Input<boolean>;
}

/**
 * Props for `dynamic.Resource`: the connection becomes a secret so credentials never reach state in plaintext.
 * Every resource class passes its arguments through here, which is also where a preview warns (once) when no
 * endpoint or credentials are configured anywhere.
 */
export function withSecretConnection<T extends CommonResourceArgs>(args: T): T {
  warnIfKibanaUnreachable(args.connection);
  return args.connection === undefined ? args : { ...args, connection: pulumi.secret(args.connection) };
}

export function secretConnectionOptions<O extends pulumi.CustomResourceOptions>(opts: O | undefined): O {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "connection"] } as O;
}

/**
 * The input that names the resource to its provider — `project/stack/Type/name` — from which the provider derives
 * the keys the program leaves out (provider-kit/identity.ts), so they are fixed before the first create.
 */
export function resourceIdentity(type: string, name: string): { [RESOURCE_IDENTITY_KEY]: string } {
  return { [RESOURCE_IDENTITY_KEY]: `${pulumi.getProject()}/${pulumi.getStack()}/${type}/${name}` };
}
