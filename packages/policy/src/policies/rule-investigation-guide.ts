import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { isBuildingBlock, ruleLabel, text } from "../util/props";

export interface RuleInvestigationGuideConfig {
  minNoteLength: number;
  exemptBuildingBlocks: boolean;
}

/** 4a. Rules carry an investigation guide (`note`, Markdown shown next to each alert). */
export const ruleInvestigationGuide: ResourcePolicyDefinition<RuleInvestigationGuideConfig> = {
  kind: "resource",
  name: "rule-investigation-guide",
  description:
    "Detection rules carry an investigation guide (`note`, Markdown shown with every alert) of at least " +
    "`minNoteLength` characters, so the analyst on call knows how to triage. Building blocks are exempt by default.",
  remediation:
    "Add `note` with triage steps: what the alert means, which fields and related events to check, known false " +
    'positives, and how to respond ("## Triage\\n\\n- …").',
  enforcementLevel: "advisory",
  types: [TYPES.DetectionRule],
  config: {
    minNoteLength: {
      type: "integer",
      minimum: 1,
      description: "Shortest acceptable investigation guide, in characters (after trimming).",
      default: 40,
    },
    exemptBuildingBlocks: {
      type: "boolean",
      description: "Building-block rules (no alerts in the default view) need no guide.",
      default: true,
    },
  },
  defaults: { minNoteLength: 40, exemptBuildingBlocks: true },
  check(rule, config) {
    if (config.exemptBuildingBlocks && isBuildingBlock(rule.props)) return [];
    const note = text(rule.props.note)?.trim();
    const label = ruleLabel(rule);
    if (!note) return [`${label} has no investigation guide: set \`note\` to the triage steps for its alerts.`];
    if (note.length < config.minNoteLength) {
      return [
        `${label} has an investigation guide of only ${note.length} characters (at least ${config.minNoteLength} expected): describe how to triage its alerts.`,
      ];
    }
    return [];
  },
};
