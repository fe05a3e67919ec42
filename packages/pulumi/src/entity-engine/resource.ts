import * as pulumi from "@pulumi/pulumi";
import type { EngineInitBody, EntityType } from "@esac/kibana-client";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * An entity store engine (`/api/entity_store/engines/{entityType}`, Kibana 8.15–9.x), with the init fields verbatim
 * (`indexPattern`, `filter`, `fieldHistoryLength`, `lookbackPeriod`, `timestampField`, `frequency`, `delay`,
 * `docsPerSecond`, `timeout`, `maxPageSearchSize`, `enrichPolicyExecutionInterval`). Changing any of them
 * re-initializes the engine (Kibana rebuilds its transform and pipelines; entity data is kept).
 */
export interface EntityEngineArgs extends Inputs<EngineInitBody>, CommonResourceArgs {
  /** `user`, `host`, `service` or `generic`. Changing it replaces the engine. */
  entity_type: pulumi.Input<EntityType>;
  /** Started (true, the default) or stopped. */
  enabled?: pulumi.Input<boolean>;
  /** On destroy, also delete the entity index and its data (`delete_data=true`). Default false. */
  delete_data?: pulumi.Input<boolean>;
}

/**
 * An entity store engine. Init is asynchronous: create and re-init wait (polling with backoff) until Kibana reports
 * `started`, or fail with Kibana's reason when it reports `error`. The wait is bounded by the resource option
 * `customTimeouts.create` / `.update` (default 10 minutes). `pulumi refresh` lists a space's engines once for all.
 */
export class EntityEngine extends pulumi.dynamic.Resource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:EntityEngine";

  declare readonly entity_type: pulumi.Output<EntityType>;
  /** Kibana's status: `installing`, `started`, `stopped`, `updating` or `error`. */
  declare readonly status: pulumi.Output<string>;
  /** Kibana's reason when `status` is `error`. */
  declare readonly error: pulumi.Output<string | undefined>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly indexPattern: pulumi.Output<string>;
  declare readonly filter: pulumi.Output<string>;
  declare readonly fieldHistoryLength: pulumi.Output<number>;
  declare readonly timestampField: pulumi.Output<string>;
  declare readonly space_id: pulumi.Output<string>;

  constructor(name: string, args: EntityEngineArgs, opts?: pulumi.CustomResourceOptions) {
    // Dynamic providers are not told the custom timeouts, so they travel as an input (never diffed).
    const timeouts = opts?.customTimeouts ? { create: opts.customTimeouts.create, update: opts.customTimeouts.update } : undefined;
    const outputs = { status: undefined, error: undefined, enabled: undefined, indexPattern: undefined, filter: undefined, fieldHistoryLength: undefined, timestampField: undefined, space_id: undefined };
    super(providers.EntityEngine, name, { ...outputs, ...withSecretConnection(args), timeouts }, secretConnectionOptions(opts), "esac", "EntityEngine");
  }

  static override isInstance(obj: unknown): obj is EntityEngine {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === EntityEngine.__pulumiType;
  }
}
