import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { rulesFromDirectory, Space } from "@esac/pulumi";

const config = new pulumi.Config();
const spaceKey = config.get("space") ?? "rules-folder";
/** The space is created first and deleted last: every rule, list and item takes its `id` (an Output) as `space_id`. */
const space_id: pulumi.Input<string> =
  spaceKey === "default" ? "default" : new Space("rules-space", { id: spaceKey, name: "Rules from files", description: "Rules declared by rules/" }).id;

/**
 * One DetectionRule per rule found under rules/, named
 * `rule-<rule_id>`: adding a file adds a rule, deleting it deletes the rule, renaming or moving it changes nothing.
 * Every file is checked before anything is declared; a bad file fails the preview naming the file and the field.
 */
const folder = rulesFromDirectory(join(__dirname, "..", "rules"), {
  space_id,
  defaults: { enabled: false, author: ["SOC"] }, // for rules whose file does not say
});

/** rule_id of every rule declared from the folder. */
export const ruleIds = Object.keys(folder.rules).sort();
/** rule_id → Kibana's saved-object id. */
export const ruleObjectIds = Object.fromEntries(Object.entries(folder.rules).map(([ruleId, rule]) => [ruleId, rule.id]));
/** list_id of the exception lists the folder declares. */
export const exceptionListIds = Object.keys(folder.exceptionLists).sort();
