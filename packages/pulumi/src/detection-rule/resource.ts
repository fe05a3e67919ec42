import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type { RuleCreateProps } from "@esac/kibana-client";
import { providers } from "../providers";
import { resourceIdentity, secretConnectionOptions, withSecretConnection } from "../provider-kit/resource-args";
import type { DetectionRuleArgs } from "./args";
import { logQueryWarnings, programConfig, queryCheckSettings } from "./query-check";

// Documented field by field in ./args, which also proves them equal to Kibana's zod schema per rule type.
export type { DetectionRuleArgs } from "./args";

const SERVER_OUTPUTS = ["revision", "immutable", "rule_source", "created_at", "created_by", "updated_at", "updated_by"];

/**
 * An Elastic Security detection rule (`/api/detection_engine/rules`). Create, update and delete cost one
 * HTTP call each; `pulumi refresh` reads all rules of a space with one paged `_find`. An update is refused when
 * the rule was changed in Kibana since Pulumi last read it (its `revision` or `updated_at` differ from the state's,
 * checked against the same one `_find` per space and process): run `pulumi refresh` first, or set
 * `overwrite_concurrent_edits: true`.
 *
 * Its queries are checked offline at preview: a query that does not parse (KQL, Lucene, EQL, ES|QL) fails the check,
 * naming the argument, line and column; a field that is not in ECS, the rule's `required_fields` or the stack config
 * `esac:customFields`, and a look-back shorter than the interval, are warnings and the rule is still created. Stack
 * config `esac:queryFieldCheck`: `warn` (default), `strict` (unknown fields fail the check) or `off` (not reported).
 */
export class DetectionRule extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:DetectionRule";

  /** The rule's human-readable id (given or generated). */
  declare readonly rule_id: pulumi.Output<string>;
  /** Rule name. */
  declare readonly name: pulumi.Output<string>;
  /** Rule type, e.g. `eql`. */
  declare readonly type: pulumi.Output<RuleCreateProps["type"]>;
  /** Whether the rule runs. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** Alert severity. */
  declare readonly severity: pulumi.Output<RuleCreateProps["severity"]>;
  /** Alert risk score (0–100). */
  declare readonly risk_score: pulumi.Output<number>;
  /** Tags, as stored (`[]` when none). */
  declare readonly tags: pulumi.Output<string[]>;
  /** The space the rule lives in. */
  declare readonly space_id: pulumi.Output<string>;
  /** Kibana's change counter: +1 on every real change of the rule. */
  declare readonly revision: pulumi.Output<number>;
  /** When Kibana created the rule (ISO date-time). */
  declare readonly created_at: pulumi.Output<string>;
  /** When Kibana last changed the rule (ISO date-time). */
  declare readonly updated_at: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name (not Kibana's `name`).
   * @param args - The rule: Kibana's create-rule body plus `space_id`, `connection`, `adopt` and `overwrite_concurrent_edits`.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DetectionRuleArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(SERVER_OUTPUTS.map((k) => [k, undefined]));
    super(
      providers.DetectionRule,
      name,
      {
        ...outputs,
        rule_id: undefined,
        enabled: undefined,
        tags: undefined,
        space_id: undefined,
        ...withSecretConnection(args),
        ...resourceIdentity("DetectionRule", name),
      },
      secretConnectionOptions(opts),
      "esac",
      "DetectionRule",
    );
    const label = typeof args.rule_id === "string" ? `rule_id "${args.rule_id}"` : `DetectionRule "${name}"`;
    logQueryWarnings(this, label, args, queryCheckSettings(programConfig).settings);
  }

  static override isInstance(obj: unknown): obj is DetectionRule {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === DetectionRule.__pulumiType;
  }
}
