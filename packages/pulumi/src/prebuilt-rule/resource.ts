import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import type {
  DetectionRuleCommonArgs,
  EqlRuleArgs,
  KqlLanguage,
  MachineLearningRuleArgs,
  NewTermsRuleArgs,
  RuleAlertSuppressionArgs,
  RuleSearchSourceArgs,
  RuleThresholdAlertSuppressionArgs,
  ThreatMatchRuleArgs,
  ThresholdRuleArgs,
} from "../detection-rule/args";
import { providers } from "../providers";
import { resourceIdentity, secretConnectionOptions, withSecretConnection, type CommonResourceArgs } from "../provider-kit/resource-args";

/**
 * Fields of `DetectionRule` a prebuilt rule refuses: `author` and `license` (Kibana answers 400 `Cannot update
 * "author" field for prebuilt rules`), `type` and `version` (an upgrade always takes Elastic's), `throttle` (set each
 * action's `frequency`), and `rule_id`, which names the rule here.
 */
type RefusedField = "author" | "license" | "version" | "throttle" | "rule_id";

/**
 * The rule fields a program may customise on an installed prebuilt rule: `DetectionRule`'s, each optional, with its
 * meaning and defaults. Only the fields set are managed; the rest stay as Elastic's package has them.
 */
export interface PrebuiltRuleFieldArgs
  extends
    Partial<Omit<DetectionRuleCommonArgs, RefusedField>>,
    Partial<RuleSearchSourceArgs>,
    Partial<Pick<EqlRuleArgs, "event_category_override" | "tiebreaker_field" | "timestamp_field">>,
    Partial<Pick<ThresholdRuleArgs, "threshold">>,
    Partial<
      Pick<
        ThreatMatchRuleArgs,
        | "threat_query"
        | "threat_index"
        | "threat_mapping"
        | "threat_filters"
        | "threat_indicator_path"
        | "threat_language"
        | "concurrent_searches"
        | "items_per_search"
      >
    >,
    Partial<Pick<MachineLearningRuleArgs, "anomaly_threshold" | "machine_learning_job_id">>,
    Partial<Pick<NewTermsRuleArgs, "new_terms_fields" | "history_window_start">> {
  /**
   * The rule's query, in the rule's own language (KQL/Lucene, EQL or ES|QL, as Elastic wrote it). Changing it
   * customises the rule (`kql_query` / `eql_query` / `esql_query` in `customized_fields`).
   */
  query?: pulumi.Input<string>;
  /** Query language; it must stay the rule's kind of language (`kuery`/`lucene` for KQL rules, `eql`, `esql`). */
  language?: KqlLanguage | "eql" | "esql";
  /** Id of a saved query (query, saved_query, threshold and threat_match rules). */
  saved_id?: pulumi.Input<string>;
  /** Suppress duplicate alerts by field values (threshold rules take only a `duration`). */
  alert_suppression?: pulumi.Input<RuleAlertSuppressionArgs | RuleThresholdAlertSuppressionArgs>;
}

/** Arguments of `PrebuiltRule`: the rule to customise, the fields to set on it, `space_id` and `connection`. */
export interface PrebuiltRuleArgs extends PrebuiltRuleFieldArgs, Omit<CommonResourceArgs, "adopt"> {
  /**
   * The `rule_id` of an installed Elastic prebuilt rule, e.g. `"9a1a2dae-0b5f-4c3d-8305-a268d404c306"`. It must be
   * installed (a `PrebuiltRules` resource installs the package; make this resource depend on it): otherwise create
   * fails saying so. Changing it replaces the resource (the old rule gets its values back).
   */
  rule_id: pulumi.Input<string>;
}

/**
 * Customises one of Elastic's installed prebuilt detection rules without forking it: `enabled`, `actions` (connector
 * outputs), `exceptions_list` and, where Kibana allows (8.18 and later with an Enterprise licence: every release esac
 * supports), the rule's content fields. Create and update are one PATCH of the fields that differ; the values the
 * fields had before are kept in state and put back on delete (one PATCH; a PUT of the rule when a field had no value
 * before, since PATCH cannot remove one). Refresh reads the rules of a space with the one `_find` DetectionRule uses,
 * and compares only the fields this resource sets. `is_customized` may stay `true` after delete where Kibana has no
 * base version of the rule to compare with.
 */
export class PrebuiltRule extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:PrebuiltRule";

  /** The rule's `rule_id`. */
  declare readonly rule_id: pulumi.Output<string>;
  /** The rule's type (Elastic's; never changed). */
  declare readonly type: pulumi.Output<string>;
  /** The installed rule version (from the rule package). */
  declare readonly version: pulumi.Output<number>;
  /** Kibana's change counter of the rule. */
  declare readonly revision: pulumi.Output<number>;
  /** Whether Kibana counts the rule as customised (`rule_source.is_customized`). */
  declare readonly is_customized: pulumi.Output<boolean>;
  /** Kibana 9.3 and later: the customised (diffable) fields, e.g. `["severity", "kql_query"]`; undefined before. */
  declare readonly customized_fields: pulumi.Output<string[] | undefined>;
  /** Kibana 9.3 and later: whether Kibana has the package version the rule was installed from; undefined before. */
  declare readonly has_base_version: pulumi.Output<boolean | undefined>;
  /** Per field this resource sets, the value it had before (`null`: none); put back on delete. */
  declare readonly original_values: pulumi.Output<Record<string, unknown>>;
  /** When Kibana last changed the rule (ISO date-time). */
  declare readonly updated_at: pulumi.Output<string>;
  /** The space the rule lives in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The rule's `rule_id` and the fields to set on it.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: PrebuiltRuleArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(
      ["type", "version", "revision", "is_customized", "customized_fields", "has_base_version", "original_values", "updated_at", "space_id"].map((k) => [
        k,
        undefined,
      ]),
    );
    super(
      providers.PrebuiltRule,
      name,
      { ...outputs, ...withSecretConnection(args), ...resourceIdentity("PrebuiltRule", name) },
      secretConnectionOptions(opts),
      "esac",
      "PrebuiltRule",
    );
  }

  static override isInstance(obj: unknown): obj is PrebuiltRule {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === PrebuiltRule.__pulumiType;
  }
}
