import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { EngineInitBody, EntityType } from "@esac/kibana-client";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

/**
 * The init fields of an entity store engine, Kibana's names verbatim (`POST /api/entity_store/engines/{entityType}/init`).
 * All are optional: Kibana fills its defaults. Changing any of them re-initializes the engine in place (one init
 * call, then the wait for `started`): Kibana rebuilds the engine's transform, enrich policy and ingest pipeline; the
 * entities already stored are kept.
 */
export interface EntityEngineInitArgs {
  /**
   * An extra index pattern to read entity data from (e.g. `logs-custom-*`), on top of the security data view's
   * indices. Default `""` (none).
   */
  indexPattern?: pulumi.Input<string>;
  /** A KQL filter on the source documents, e.g. `host.os.type: "linux"`. Default `""` (all documents). */
  filter?: pulumi.Input<string>;
  /** How many distinct past values the entity keeps per multi-valued field (IPs, names…). Default 10. Integer ≥ 0. */
  fieldHistoryLength?: pulumi.Input<number>;
  /**
   * How far back the transform looks for source documents on each run, like `3h` or `1d` (ends in s, m, h or d).
   * Default `3h` in Kibana's API reference (recent Kibana versions use `24h`).
   */
  lookbackPeriod?: pulumi.Input<string>;
  /** The timestamp field of the source documents. Default `@timestamp`. */
  timestampField?: pulumi.Input<string>;
  /** How often the transform runs, like `1m` (ends in s, m, h or d). Default `1m`. */
  frequency?: pulumi.Input<string>;
  /** How long the transform waits for late documents before processing a time bucket, like `1m`. Default `1m`. */
  delay?: pulumi.Input<string>;
  /** How long Kibana waits for the transform to be created at init, like `180s`. Default `180s`. */
  timeout?: pulumi.Input<string>;
  /** Throttle of the transform, in source documents per second. Default: unthrottled (`-1` in the API reference). */
  docsPerSecond?: pulumi.Input<number>;
  /**
   * Initial page size of the transform's composite aggregation per checkpoint. Integer ≥ 1. Default 500 in the API
   * reference (the server uses 10,000 in some versions).
   */
  maxPageSearchSize?: pulumi.Input<number>;
  /**
   * How often the enrich policy that carries field history runs: a positive whole number of s, m or h, like `1h`.
   * At most half of `lookbackPeriod` (checked at preview, with `3h` when `lookbackPeriod` is not set). Default `1h`.
   */
  enrichPolicyExecutionInterval?: pulumi.Input<string>;
}

/** An entity store engine: its entity type, its init fields, whether it runs, plus `space_id`, `connection` and `adopt`. */
export interface EntityEngineArgs extends EntityEngineInitArgs, CommonResourceArgs {
  /** `user`, `host`, `service` or `generic` (newer Kibana versions); one engine per type and space. Changing it replaces the engine. */
  entity_type: pulumi.Input<EntityType>;
  /** Started (`true`, the default) or stopped. Changing it starts or stops the engine (one call). */
  enabled?: pulumi.Input<boolean>;
  /** On destroy, also delete the entity index and its data (`delete_data=true`). Default false. Updates in place (no call). */
  delete_data?: pulumi.Input<boolean>;
}

// Compile-time check (no runtime code): the init fields above are exactly Kibana's init body, with the same types.
type Plain<T> = { [K in keyof T]-?: Exclude<T[K], pulumi.Output<unknown> | Promise<unknown> | undefined> };
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Assert<T extends true> = T;
type _InitFieldsMatchKibana = [
  Assert<SameKeys<EntityEngineInitArgs, EngineInitBody>>,
  Assert<Plain<EntityEngineInitArgs> extends Required<EngineInitBody> ? (Required<EngineInitBody> extends Plain<EntityEngineInitArgs> ? true : false) : false>,
];

/**
 * An entity store engine. Up to Kibana 9.3 it is a v1 engine (`/api/entity_store/engines`); from 9.4 an Entity Store v2
 * engine type (`/api/security/entity_store`: install/uninstall `{ entityTypes: [entity_type] }`, the settings under the
 * space's shared `logExtraction`, `indexPattern` as `additionalIndexPatterns`). The v1-only fields (`timestampField`,
 * `timeout`, `docsPerSecond`, `maxPageSearchSize`, `enrichPolicyExecutionInterval`) and `delete_data: true` are refused
 * on 9.4+. Init is asynchronous: create and re-init wait (polling with backoff) until Kibana reports
 * `started`, or fail with Kibana's reason when it reports `error`. The wait is bounded by the resource option
 * `customTimeouts.create` / `.update` (default 10 minutes). `pulumi refresh` lists a space's engines once for all.
 */
export class EntityEngine extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:EntityEngine";

  /** The entity type (also the resource id). */
  declare readonly entity_type: pulumi.Output<EntityType>;
  /** Kibana's status: `installing`, `started`, `stopped`, `updating` or `error`. */
  declare readonly status: pulumi.Output<string>;
  /** Kibana's reason when `status` is `error`. */
  declare readonly error: pulumi.Output<string | undefined>;
  /** `false` when the engine is stopped. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** The extra index pattern, as Kibana reports it (`""` when none). */
  declare readonly indexPattern: pulumi.Output<string>;
  /** The KQL filter, as Kibana reports it (`""` when none). */
  declare readonly filter: pulumi.Output<string>;
  /** Values kept per field, as Kibana reports it. */
  declare readonly fieldHistoryLength: pulumi.Output<number>;
  /** The timestamp field, as Kibana reports it. */
  declare readonly timestampField: pulumi.Output<string>;
  /** The space the engine runs in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The engine's type and init fields.
   * @param opts - Pulumi resource options; `customTimeouts.create` / `.update` bound the wait for `started`.
   */
  constructor(name: string, args: EntityEngineArgs, opts?: pulumi.CustomResourceOptions) {
    // Dynamic providers are not told the custom timeouts, so they travel as an input (never diffed).
    const timeouts = opts?.customTimeouts ? { create: opts.customTimeouts.create, update: opts.customTimeouts.update } : undefined;
    const outputs = {
      status: undefined,
      error: undefined,
      enabled: undefined,
      indexPattern: undefined,
      filter: undefined,
      fieldHistoryLength: undefined,
      timestampField: undefined,
      space_id: undefined,
    };
    super(providers.EntityEngine, name, { ...outputs, ...withSecretConnection(args), timeouts }, secretConnectionOptions(opts), "esac", "EntityEngine");
  }

  static override isInstance(obj: unknown): obj is EntityEngine {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === EntityEngine.__pulumiType;
  }
}
