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
import type { DetectionRuleArgs } from "../detection-rule/args";
import type { LoadedRule } from "../detection-rule/loaders/loaded";
import { isPlainRule, programConfig, queryCheckSettings, ruleOnly } from "../detection-rule/query-check";
import { logWarningsOffThread } from "../detection-rule/query-warnings";
import { holdsOnlyPlainValues, isOutputOrPromise } from "../provider-kit/plain-values";
import { encodeRule } from "./encoding";
import { keyedRules } from "./rule-set";

/** The per-resource options of `DetectionRule` that a rule of a set does not take (the set has them once). */
export type RuleOptionKeys = "space_id" | "connection" | "adopt" | "overwrite_concurrent_edits" | "rule_id";

/** Kibana's server fields of one rule of a set. */
export interface DetectionRulesServerFields {
  /** The rule's saved-object id. */
  id: string;
  /** Kibana's revision counter of the rule. */
  revision: number;
  /** When the rule was last changed. */
  updated_at: string;
  /** Who last changed the rule. */
  updated_by?: string;
}

/** One rule of a `DetectionRules` set: `DetectionRule`'s arguments (per rule type) without the per-resource options, `rule_id` required. */
export type DetectionRulesRule = DetectionRuleArgs extends infer Rule
  ? Rule extends unknown
    ? Omit<Rule, RuleOptionKeys> & {
        /** The rule's key in the set and in Kibana. */
        rule_id: pulumi.Input<string>;
      }
    : never
  : never;

/** A set of rules of one space, plus `space_id`, `connection`, `adopt` and `overwrite_concurrent_edits`. */
export interface DetectionRulesArgs extends CommonResourceArgs, ConcurrentEditArgs {
  /**
   * The rules, keyed by `rule_id`: an array of rules (each with its `rule_id`), or a record of rules by `rule_id` —
   * `loadRuleFiles(path).rules` as it is (its `{ file, at, body }` entries are read as their `body`). Each rule is
   * checked at preview exactly as a `DetectionRule` is, every failure reported at once and prefixed with its rule_id.
   * A rule_id added, removed or changed here creates, deletes or overwrites only that rule.
   */
  rules: pulumi.Input<pulumi.Input<DetectionRulesRule>[] | Record<string, pulumi.Input<DetectionRulesRule | LoadedRule>>>;
}

/**
 * A set of detection rules of one space as one resource, keyed by `rule_id`, for rule sets of hundreds or thousands:
 * one resource in the state instead of one per rule, the diff by rule (`pulumi preview --diff` shows each added,
 * removed and changed rule and field), and only the delta written, in bulk:
 *
 * - creates and updates: `_import?overwrite=true`, one call per 10,000 rules or 10 MB of NDJSON (Kibana's
 *   `maxRuleImportExportSize` and `maxRuleImportPayloadBytes`); `enabled` travels with the rule;
 * - removals: `_bulk_action` delete with a KQL query on `alert.attributes.params.ruleId`, one call per 1,000 rules;
 * - reads: one paged `_find`, filtered to the rules' rule_ids when they fit in a URL (about 150), else over the
 *   space's rules, 1,000 a page: before writing, to see which
 *   new rules already exist and which changed rules were edited in Kibana since the state's read; after writing, to
 *   record what Kibana holds. `pulumi refresh` is one such `_find`; drift shows per rule.
 *
 * Creating 1,000 rules costs 1 `_import` and 2 paged `_find`; editing 10 of them 1 `_import` and 2 `_find`; removing
 * 3 1 `_bulk_action` and 1 `_find`; destroying the set 1 `_bulk_action` per 1,000 rules.
 *
 * Rules carry the resource's ownership marker in `meta.esac`, as `DetectionRule`'s do. A new rule_id that Kibana
 * already holds without this resource's marker is refused (named) unless `adopt: true`, which takes it over (written
 * only when its settings differ). A changed rule edited in Kibana since the last read (another `revision` or
 * `updated_at`) is refused, unless `overwrite_concurrent_edits: true`.
 *
 * Per-rule failures (Kibana refuses a rule at import, a foreign or concurrently edited rule is refused) do not stop
 * the others: the rest is applied, and the operation fails listing every failed rule by rule_id — while Pulumi still
 * records the state as Kibana holds it after the operation (the provider reports a partial failure, which Pulumi
 * stores like a resource that failed to initialise). The next `pulumi up` retries only the failed rules.
 *
 * Moving rules from `DetectionRule` resources into a `DetectionRules` set (or back) recreates nothing: remove the
 * singular resources from the state without deleting the rules (`pulumi state delete <urn>`, or set
 * `retainOnDelete: true` and remove them from the program), then add the set with `adopt: true`; the rules are
 * taken over by rule_id, with no write when their settings are unchanged.
 */
export class DetectionRules extends EsacResource {
  /** The type token, for policies (`validateResourceOfType`) and aliases. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/esac:DetectionRules";

  /**
   * What the state records of each rule Kibana holds, by rule_id, without a second copy of the rule texts the inputs
   * hold: `sha256:<Kibana's>.<program's>` digests when Kibana holds the program's rule; else Kibana's copy (normal
   * form, ownership marker hidden) as JSON text with sorted keys, when it differs from the program's (changed in
   * Kibana, found by `pulumi refresh`, or not taken as written). The keys are the rules Kibana holds.
   */
  declare readonly rules: pulumi.Output<Record<string, string>>;
  /** Kibana's server fields of each rule by rule_id: `id`, `revision`, `updated_at`, `updated_by`. */
  declare readonly kibana: pulumi.Output<Record<string, DetectionRulesServerFields>>;
  /** The space the rules live in. */
  declare readonly space_id: pulumi.Output<string>;

  /**
   * @param name - The Pulumi resource name.
   * @param args - The rules and the options.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DetectionRulesArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.DetectionRules,
      name,
      {
        kibana: undefined,
        space_id: undefined,
        ...withSecretConnection(args),
        rules: isPlainContainer(args.rules) ? encodedProgramRules(args.rules) : args.rules,
        ...resourceIdentity("DetectionRules", name),
      },
      secretConnectionOptions(opts),
      "esac",
      "DetectionRules",
    );
    if (isPlainContainer(args.rules)) logSetWarnings(this, args.rules);
  }

  static override isInstance(obj: unknown): obj is DetectionRules {
    return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === DetectionRules.__pulumiType;
  }
}

/**
 * The program's rules with each entry that holds only plain values as its JSON text (see ./encoding); an entry with
 * an Output or a Promise inside stays as it is, for Pulumi to resolve.
 */
function encodedProgramRules(rules: object): unknown {
  const encode = (entry: unknown) => (holdsOnlyPlainValues(entry) ? encodeRule(entry) : entry);
  return Array.isArray(rules) ? rules.map(encode) : Object.fromEntries(Object.entries(rules).map(([key, entry]) => [key, encode(entry)]));
}

/** Warnings shown in full for a set; the rest are counted (the rule-query-check policy reports every one). */
const SET_WARNINGS_SHOWN = 20;

/**
 * The query warnings of a set's rules as one warning on the set: a thousand rules of integration data can give a
 * thousand warnings, and one log call each would flood the preview (and cost the engine a call each).
 */
function logSetWarnings(set: DetectionRules, rules: object): void {
  const labelled = [...keyedRules(rules).byId].flatMap(([ruleId, rule]) => (isPlainRule(rule) ? [{ label: `rule_id "${ruleId}"`, rule: ruleOnly(rule) }] : []));
  logWarningsOffThread(set, labelled, queryCheckSettings(programConfig).settings, (found) => {
    const more = found.length - SET_WARNINGS_SHOWN;
    const rest =
      more > 0
        ? `\n  … and ${more} more (the rule-query-check policy lists every one; declare your integrations' fields with esac:customFields, e.g. "aws.*")`
        : "";
    return `${found.length} query warning(s):\n  ${found.slice(0, SET_WARNINGS_SHOWN).join("\n  ")}${rest}`;
  });
}

/** The rules as an array or record the program holds itself (not an Output or a Promise of one). */
function isPlainContainer(rules: unknown): boolean {
  return typeof rules === "object" && rules !== null && !isOutputOrPromise(rules);
}
