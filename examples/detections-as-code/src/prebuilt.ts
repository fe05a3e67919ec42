import * as pulumi from "@pulumi/pulumi";
import { PrebuiltRule, PrebuiltRules, PrebuiltRuleSelection, RuleExceptions, type PrebuiltRuleArgs } from "@esac/pulumi";

/**
 * The prebuilt rules the program customises or excludes, by `rule_id`. The defaults are rules of the Kibana
 * emulator's package (the demo and the tests run on it); on a real Kibana set `prebuiltRuleIds` to rules of Elastic's
 * package, e.g. (rules of Elastic's detection-rules repository, Linux and so matched by the tags below):
 *
 *   pulumi config set --path prebuiltRuleIds.customised adb961e0-cb74-42a0-af9e-29fc41f88f5f         # File Transfer or Listener Established via Netcat
 *   pulumi config set --path prebuiltRuleIds.withRuleException cdf1a39b-1ca5-4e2a-9739-17fc4d026029  # Shadow File Modification by Unusual Process
 *   pulumi config set --path 'prebuiltRuleIds.excluded[0]' 2339f03c-f53f-40fa-834b-40c5983fc41f      # Kernel Module Load via Built-in Utility
 */
interface PrebuiltRuleIds {
  /** Gets the SOC's Slack action and exception list ("Reverse Shell through Netcat"). */
  customised: string;
  /** Gets a rule exception of its own ("Passwd File Read by an Unusual Process"). */
  withRuleException: string;
  /** Match the tags below but stay off: too noisy on the SOC's build servers. */
  excluded: string[];
}

const EMULATOR_PACKAGE_IDS: PrebuiltRuleIds = {
  customised: "esac-prebuilt-11",
  withRuleException: "esac-prebuilt-17",
  excluded: ["esac-prebuilt-14", "esac-prebuilt-18"],
};

/**
 * Elastic's prebuilt rules in the SOC's space: the package installed and kept current, the Linux and
 * credential-access rules enabled (minus two), one rule notifying Slack with the SOC's exception list, and one
 * rule exception. Removing this code leaves the rules installed and enabled as they are.
 */
export function prebuilt(
  space_id: pulumi.Input<string>,
  notify: NonNullable<PrebuiltRuleArgs["actions"]>,
  exceptionList: NonNullable<PrebuiltRuleArgs["exceptions_list"]>,
) {
  const ids = { ...EMULATOR_PACKAGE_IDS, ...new pulumi.Config().getObject<Partial<PrebuiltRuleIds>>("prebuiltRuleIds") };

  const elasticRules = new PrebuiltRules("elastic-rules", { space_id, upgrade: "on-up" });

  const enabled = new PrebuiltRuleSelection("elastic-rules-enabled", {
    space_id,
    enable: { tags: ["OS: Linux", "Tactic: Credential Access"] },
    exclude_rule_ids: ids.excluded,
    // After the install, and again in the same `up` when a newer package adds matching rules.
    installed_rule_ids: elasticRules,
  });

  // After the selection: both write the same rules, one at a time.
  const customised = new PrebuiltRule(
    "reverse-shell-netcat",
    { space_id, rule_id: ids.customised, actions: notify, exceptions_list: exceptionList },
    { dependsOn: [enabled] },
  );

  const ruleException = new RuleExceptions(
    "passwd-read-exceptions",
    {
      space_id,
      rule_id: ids.withRuleException,
      items: [
        {
          item_id: "esac-backup-agent-shadow-read",
          name: "Backup agent reads /etc/shadow",
          description: "The nightly backup copies /etc/shadow with the rest of /etc.",
          entries: [{ field: "process.executable", operator: "included", type: "match", value: "/opt/backup/bin/backup-agent" }],
          comments: [{ comment: "Permanent: the backup agent is signed and its host group reviewed by the SOC (ticket SEC-1203)." }],
        },
      ],
    },
    { dependsOn: [enabled] },
  );

  return { elasticRules, enabled, customised, ruleException };
}
