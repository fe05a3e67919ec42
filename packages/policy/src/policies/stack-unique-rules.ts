import { TYPES } from "../tokens";
import type { ResourceUnderTest, StackPolicyDefinition, StackViolation } from "../types";
import { ruleLabel, text } from "../util/props";

export interface StackUniqueRulesConfig {
  checkNames: boolean;
}

/**
 * 10a. No two rules of a space share a `rule_id` (Kibana answers the second create with 409) or a `name` (analysts
 * cannot tell their alerts apart).
 */
export const stackUniqueRules: StackPolicyDefinition<StackUniqueRulesConfig> = {
  kind: "stack",
  name: "stack-unique-rules",
  description:
    "Within a Kibana space no two detection rules of the stack share a `rule_id` (the second create fails with 409) " +
    "or a `name` (case-insensitive; their alerts would be indistinguishable).",
  remediation: "Give each rule its own rule_id and a name that says what it detects; remove copies of the same rule.",
  enforcementLevel: "mandatory",
  config: {
    checkNames: { type: "boolean", description: "Also require unique names (rule_ids are always checked).", default: true },
  },
  defaults: { checkNames: true },
  check(resources, config) {
    const rules = resources.filter((r) => r.type === TYPES.DetectionRule);
    const violations: StackViolation[] = [];
    const fields: ["rule_id" | "name", (s: string) => string][] = [["rule_id", (s) => s]];
    if (config.checkNames) fields.push(["name", (s) => s.trim().toLowerCase()]);
    for (const [field, norm] of fields) {
      const groups = new Map<string, ResourceUnderTest[]>();
      for (const r of rules) {
        const value = text(r.props[field]);
        if (!value) continue; // unknown during preview: cannot compare yet
        const key = `${text(r.props.space_id) ?? "default"}\u0000${norm(value)}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      for (const [key, group] of groups) {
        if (group.length < 2) continue;
        const space = key.split("\u0000")[0];
        for (const r of group) {
          const others = group
            .filter((o) => o !== r)
            .map((o) => `"${o.name}"`)
            .join(", ");
          violations.push({
            urn: r.urn,
            message: `${ruleLabel(r)} has the same ${field} ${JSON.stringify(text(r.props[field]))} as resource ${others} in space "${space}".`,
          });
        }
      }
    }
    return violations;
  },
};
