import type { FeatureUse } from "../provider-kit/kibana-version";

type Obj = Record<string, unknown>;

/**
 * The rule fields that need a Kibana newer than 8.19.0. Kibana's rule schemas strip keys they do not know, so an
 * older Kibana would accept the rule and drop the field without a word: `negate` dropped turns a "does not match"
 * entry into a "matches" one.
 */
export function ruleFeatureUses(rule: Obj): FeatureUse[] {
  const uses: FeatureUse[] = [];
  const mappings = Array.isArray(rule.threat_mapping) ? (rule.threat_mapping as unknown[]) : [];
  mappings.forEach((mapping, i) => {
    const entries = (mapping as Obj | null)?.entries;
    if (!Array.isArray(entries)) return;
    entries.forEach((entry, j) => {
      if (entry && typeof entry === "object" && "negate" in entry) {
        uses.push({ path: ["threat_mapping", i, "entries", j, "negate"], feature: "threatMappingNegate" });
      }
    });
  });
  return uses;
}
