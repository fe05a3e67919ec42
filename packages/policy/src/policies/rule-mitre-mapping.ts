import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { isBuildingBlock, list, ruleLabel, text } from "../util/props";

export interface RuleMitreMappingConfig {
  requireTechnique: boolean;
  exemptRuleIds: string[];
  exemptTags: string[];
}

const TACTIC_ID = /^TA\d{4}$/;
const TECHNIQUE_ID = /^T\d{4}$/;
const SUBTECHNIQUE_ID = /^T\d{4}\.\d{3}$/;

/** 1. Every detection rule that raises alerts maps to MITRE ATT&CK (`threat`); building blocks are exempt. */
export const ruleMitreMapping: ResourcePolicyDefinition<RuleMitreMappingConfig> = {
  kind: "resource",
  name: "rule-mitre-mapping",
  description:
    "Detection rules map to MITRE ATT&CK: `threat` names at least one ATT&CK tactic (with well-formed tactic and " +
    "technique ids), so coverage can be measured and alerts triaged by tactic. Building-block rules are exempt.",
  remediation:
    'Add a `threat` entry `{ framework: "MITRE ATT&CK", tactic: { id: "TA0002", name: "Execution", reference }, ' +
    'technique: [{ id: "T1059", name, reference, subtechnique: [] }] }` (ids from https://attack.mitre.org), or mark a ' +
    'rule that only feeds other rules as a building block with `building_block_type: "default"`.',
  enforcementLevel: "mandatory",
  types: [TYPES.DetectionRule],
  config: {
    requireTechnique: {
      type: "boolean",
      description: "Each ATT&CK entry must also name at least one technique, not only a tactic.",
      default: false,
    },
    exemptRuleIds: {
      type: "array",
      items: { type: "string" },
      description: "rule_ids exempt from this policy (e.g. hunting rules with no ATT&CK equivalent).",
      default: [],
    },
    exemptTags: {
      type: "array",
      items: { type: "string" },
      description: "Rules carrying any of these tags are exempt.",
      default: [],
    },
  },
  defaults: { requireTechnique: false, exemptRuleIds: [], exemptTags: [] },
  check(rule, config) {
    const p = rule.props;
    if (isBuildingBlock(p)) return [];
    const ruleId = text(p.rule_id);
    if (ruleId && config.exemptRuleIds.includes(ruleId)) return [];
    if (list(p.tags).some((t) => config.exemptTags.includes(t))) return [];

    const label = ruleLabel(rule);
    const threat = list(p.threat);
    const isAttack = (t: any) => text(t?.framework)?.trim().toUpperCase() === "MITRE ATT&CK";
    if (threat.length === 0) {
      return [`${label} has no MITRE ATT&CK mapping: \`threat\` is empty. Add the tactic (and technique) it detects, or make it a building block.`];
    }
    if (!threat.some(isAttack)) {
      const frameworks = [...new Set(threat.map((t) => text(t?.framework) ?? "(none)"))].join(", ");
      return [`${label} maps only to ${frameworks}, not to "MITRE ATT&CK": add an entry with framework "MITRE ATT&CK".`];
    }
    const problems: string[] = [];
    threat.forEach((entry, i) => {
      if (!isAttack(entry)) return;
      const where = `threat[${i}]`;
      const tacticId = text(entry?.tactic?.id);
      if (!tacticId || !TACTIC_ID.test(tacticId)) {
        problems.push(`${label}: ${where}.tactic.id ${tacticId ? `"${tacticId}" is not` : "is missing, expected"} an ATT&CK tactic id like "TA0002".`);
      }
      const techniques = list(entry?.technique);
      if (config.requireTechnique && techniques.length === 0) {
        problems.push(`${label}: ${where} names tactic ${tacticId ?? "?"} but no technique; this stack requires techniques (requireTechnique).`);
      }
      techniques.forEach((tech, j) => {
        const id = text(tech?.id);
        if (!id || !TECHNIQUE_ID.test(id)) {
          problems.push(`${label}: ${where}.technique[${j}].id ${id ? `"${id}" is not` : "is missing, expected"} an ATT&CK technique id like "T1059".`);
          return;
        }
        list(tech?.subtechnique).forEach((sub, k) => {
          const subId = text(sub?.id);
          if (!subId || !SUBTECHNIQUE_ID.test(subId) || !subId.startsWith(`${id}.`)) {
            problems.push(
              `${label}: ${where}.technique[${j}].subtechnique[${k}].id ${subId ? `"${subId}"` : "(missing)"} is not a sub-technique of ${id} (expected "${id}.001" style).`,
            );
          }
        });
      });
    });
    return problems;
  },
};
