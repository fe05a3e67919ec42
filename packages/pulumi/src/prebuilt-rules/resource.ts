import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "../provider-kit/esac-resource";
import { providers } from "../providers";
import { secretConnectionOptions, withSecretConnection, type CommonResourceArgs, type ConcurrentEditArgs } from "../provider-kit/resource-args";

/** Where the package is installed (`space_id`, `connection`), which rules, and whether it follows newer packages. */
export interface PrebuiltRulesArgs extends Omit<CommonResourceArgs, "adopt"> {
  /**
   * `"on-up"` (default): every `pulumi up` that has work to do installs what is missing and upgrades every outdated
   * prebuilt rule of the space with Kibana's `pick_version: "MERGED"` — a field a user customised keeps the user's
   * value where the new package did not change it; a rule where both changed the same field (a conflict) is skipped
   * and listed in `conflict_rule_ids`, never overwritten. A refresh that finds a newer package (rules to upgrade or
   * to install) shows it as a change to apply. `"never"`: pinned — no upgrade, and a newer package is no drift; rules
   * the program asks for are still installed when missing. Updates in place (no replacement).
   */
  upgrade?: pulumi.Input<"on-up" | "never">;
  /**
   * Install only these prebuilt rules (by `rule_id`), through Kibana's prebuilt-rules installation API
   * (`installation/_perform` with `SPECIFIC_RULES`, Kibana 8.19 and 9.x alike). Unset: every rule of the package
   * (`ALL_RULES`). A rule_id that the package does not have fails the `up`, naming it. Removing a rule_id uninstalls
   * nothing. With `upgrade: "on-up"` the upgrade still covers every installed prebuilt rule of the space.
   */
  rule_ids?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Elastic's prebuilt detection rules (and their timeline templates) in one space: installed through Kibana's
 * prebuilt-rules API, kept current, or pinned. One per space. Kibana exposes no package version through its
 * detection-engine APIs, so the outputs are its counts (`GET /api/detection_engine/rules/prepackaged/_status`) and the
 * installed rule_ids. Delete leaves every installed rule in place: uninstalling prebuilt rules is an explicit choice
 * (Kibana's rules table, "Delete" on the Elastic rules, or `_bulk_action` `delete` with the query
 * `alert.attributes.params.immutable: true`).
 */
export class PrebuiltRules extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:PrebuiltRules";

  /** `"on-up"` or `"never"`. */
  declare readonly upgrade: pulumi.Output<string>;
  /** The selection installed, when the program gives one. */
  declare readonly rule_ids: pulumi.Output<string[] | undefined>;
  /** Prebuilt rules installed in the space (Kibana's `rules_installed`). */
  declare readonly rules_installed: pulumi.Output<number>;
  /** Package rules not installed in the space (Kibana's `rules_not_installed`). */
  declare readonly rules_not_installed: pulumi.Output<number>;
  /** Installed prebuilt rules with a newer version in the package (Kibana's `rules_not_updated`). */
  declare readonly rules_not_updated: pulumi.Output<number>;
  /** Prebuilt timeline templates installed (Kibana's `timelines_installed`). */
  declare readonly timelines_installed: pulumi.Output<number>;
  /** Prebuilt timeline templates not installed. */
  declare readonly timelines_not_installed: pulumi.Output<number>;
  /** Prebuilt timeline templates with a newer version. */
  declare readonly timelines_not_updated: pulumi.Output<number>;
  /** The `rule_id` of every installed prebuilt rule of the space, sorted. */
  declare readonly installed_rule_ids: pulumi.Output<string[]>;
  /**
   * Rules the last upgrade skipped because the user's customisation and the new package changed the same field:
   * resolve them in Kibana's "Rule updates" tab (or revert the customisation); esac never overwrites them.
   */
  declare readonly conflict_rule_ids: pulumi.Output<string[]>;
  /** The space. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The space, the rules to install and the upgrade mode.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: PrebuiltRulesArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.PrebuiltRules,
      name,
      {
        rules_installed: undefined,
        rules_not_installed: undefined,
        rules_not_updated: undefined,
        timelines_installed: undefined,
        timelines_not_installed: undefined,
        timelines_not_updated: undefined,
        installed_rule_ids: undefined,
        conflict_rule_ids: undefined,
        space_id: undefined,
        ...withSecretConnection(args),
      },
      secretConnectionOptions(opts),
      "esac",
      "PrebuiltRules",
    );
  }

  static override isInstance(obj: unknown): obj is PrebuiltRules {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === PrebuiltRules.__pulumiType;
  }
}

/** Rules chosen by `rule_id` or by tag: a rule is chosen when it matches either. */
export interface PrebuiltRuleSelector {
  /** Prebuilt rules by `rule_id`. Each must be installed in the space when the `up` applies (else the `up` fails, naming it). */
  rule_ids?: pulumi.Input<pulumi.Input<string>[]>;
  /** Prebuilt rules carrying any of these tags, as Kibana shows them (e.g. `"OS: Windows"`, `"Tactic: Execution"`). */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Which prebuilt rules of a space are enabled, plus `space_id`, `connection` and `overwrite_concurrent_edits`. */
export interface PrebuiltRuleSelectionArgs extends Omit<CommonResourceArgs, "adopt">, ConcurrentEditArgs {
  /**
   * The rules to enable: `{ rule_ids, tags }` (either may be left out; `{}` selects nothing). Updates in place: a
   * change enables the rules that enter the selection; what happens to rules that leave it is `others`.
   */
  enable: pulumi.Input<PrebuiltRuleSelector>;
  /** Rules never enabled by this selection even when `enable` matches them; `others` decides what happens to them. */
  exclude_rule_ids?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The installed prebuilt rules outside the selection (the excluded ones included): `"leave"` (default) never
   * touches them, so a rule that leaves the selection stays as it is; `"disable"` keeps them disabled.
   */
  others?: pulumi.Input<"leave" | "disable">;
  /**
   * The space's `PrebuiltRules` resource (or its `installed_rule_ids` output). Optional, recommended: the selection
   * then applies after the package is installed, and again whenever the package changes (a rule the new package adds
   * that matches a tag is enabled in the same `up`). Without it, rules a package upgrade adds are seen at the next
   * refresh. Not sent to Kibana.
   */
  installed_rule_ids?: pulumi.Input<string[]> | PrebuiltRules;
}

/**
 * Enables (and with `others: "disable"`, disables) installed prebuilt rules of a space by rule_id and tag. Changes are
 * sent in bulk, one `_bulk_action` per 1,000 rules, only for rules whose state differs. The plan lists the rule_ids
 * that change (`enabled_rule_ids`, `disabled_rule_ids`) without calling Kibana, from the catalog of prebuilt rules
 * (rule_id, tags, enabled) kept in the state since the last refresh or update; a refresh shows a rule toggled in
 * Kibana as drift. Delete leaves every rule as it is.
 */
export class PrebuiltRuleSelection extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:PrebuiltRuleSelection";

  /**
   * Every installed prebuilt rule of the space that is enabled, sorted: after `up`, the selection plus (with
   * `others: "leave"`) the other rules that were enabled. In a plan, what the selection will leave enabled, so the
   * diff lists exactly the rule_ids that change.
   */
  declare readonly enabled_rule_ids: pulumi.Output<string[]>;
  /** Every installed prebuilt rule of the space that is disabled, sorted (the complement of `enabled_rule_ids`). */
  declare readonly disabled_rule_ids: pulumi.Output<string[]>;
  /** The installed prebuilt rules as last read: `rule_id`, `tags`, `enabled`. */
  declare readonly catalog: pulumi.Output<
    {
      /** The rule's `rule_id`. */
      rule_id: string;
      /** Its tags, sorted. */
      tags: string[];
      /** Whether it was enabled in Kibana. */
      enabled: boolean;
    }[]
  >;
  /** The space. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The selection and the space.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: PrebuiltRuleSelectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.PrebuiltRuleSelection,
      name,
      {
        enabled_rule_ids: undefined,
        disabled_rule_ids: undefined,
        catalog: undefined,
        space_id: undefined,
        ...withSecretConnection({
          ...args,
          installed_rule_ids: PrebuiltRules.isInstance(args.installed_rule_ids) ? args.installed_rule_ids.installed_rule_ids : args.installed_rule_ids,
        }),
      },
      secretConnectionOptions(opts),
      "esac",
      "PrebuiltRuleSelection",
    );
  }

  static override isInstance(obj: unknown): obj is PrebuiltRuleSelection {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === PrebuiltRuleSelection.__pulumiType;
  }
}
