import * as pulumi from "@pulumi/pulumi";
import type { RuleCreateProps } from "@esac/kibana-client";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

/**
 * Each field of a Kibana body as a Pulumi input, per rule type. `type` and `language` stay plain values: they
 * decide which fields a rule needs, so TypeScript can check each rule's shape against its type.
 */
type Inputs<T> = T extends unknown
  ? { [K in keyof T]: K extends "type" | "language" ? T[K] : pulumi.Input<T[K]> }
  : never;

/**
 * Kibana's create-rule body, field names verbatim (paste from Kibana exports and docs), plus `space_id`,
 * `connection` and `adopt`. `rule_id` defaults to a generated UUID that stays stable across updates.
 */
export type DetectionRuleArgs = Inputs<RuleCreateProps> & CommonResourceArgs;

const SERVER_OUTPUTS = ["revision", "immutable", "rule_source", "created_at", "created_by", "updated_at", "updated_by"];

/**
 * An Elastic Security detection rule (`/api/detection_engine/rules`). Create, update and delete cost one
 * HTTP call each; `pulumi refresh` reads all rules of a space with one paged `_find`.
 */
export class DetectionRule extends pulumi.dynamic.Resource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:DetectionRule";

  declare readonly rule_id: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<RuleCreateProps["type"]>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly severity: pulumi.Output<RuleCreateProps["severity"]>;
  declare readonly risk_score: pulumi.Output<number>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly space_id: pulumi.Output<string>;
  /** Kibana's change counter: +1 on every real change of the rule. */
  declare readonly revision: pulumi.Output<number>;
  declare readonly created_at: pulumi.Output<string>;
  declare readonly updated_at: pulumi.Output<string>;

  constructor(name: string, args: DetectionRuleArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(SERVER_OUTPUTS.map((k) => [k, undefined]));
    super(
      providers.DetectionRule,
      name,
      { ...outputs, rule_id: undefined, enabled: undefined, tags: undefined, space_id: undefined, ...withSecretConnection(args) },
      secretConnectionOptions(opts),
      "esac",
      "DetectionRule",
    );
  }

  static override isInstance(obj: unknown): obj is DetectionRule {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === DetectionRule.__pulumiType;
  }
}
