import { readFileSync } from "node:fs";
import type { RuleCreateProps } from "@esac/kibana-client";

/** The `[rule]` table of an elastic/detection-rules TOML file, parsed (e.g. with any TOML parser, or as JSON). */
export type DetectionRulesTable = Record<string, unknown>;

interface RepositoryNewTerms {
  field?: string;
  value?: string[];
  history_window_start?: { field?: string; value?: string }[];
}

/**
 * Converts a detection-rules repository `[rule]` table into Kibana's create-rule body, doing what the
 * repository's own build step does:
 * - `new_terms` rules keep their settings as `new_terms = {field: "new_terms_fields", value: [...],
 *   history_window_start: [{field: "history_window_start", value: "now-7d"}]}`; Kibana wants top-level
 *   `new_terms_fields` and `history_window_start`.
 * Everything else is already Kibana's shape and is returned as is (no defaults added, no whitespace changed).
 */
export function fromDetectionRulesToml(table: DetectionRulesTable): RuleCreateProps {
  const { new_terms, ...rest } = table as DetectionRulesTable & { new_terms?: RepositoryNewTerms };
  if (new_terms === undefined) return rest as RuleCreateProps;
  const fields = new_terms.value;
  const windowStart = new_terms.history_window_start?.[0]?.value;
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new Error(`rule ${String(table.rule_id)}: new_terms.value must list 1-3 fields`);
  }
  if (typeof windowStart !== "string") {
    throw new Error(`rule ${String(table.rule_id)}: new_terms.history_window_start[0].value is missing`);
  }
  return { ...rest, new_terms_fields: fields, history_window_start: windowStart } as RuleCreateProps;
}

/** Reads an NDJSON file of `[rule]` tables (one per line) and converts each with {@link fromDetectionRulesToml}. */
export function loadDetectionRulesNdjson(path: string): RuleCreateProps[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return fromDetectionRulesToml(JSON.parse(line) as DetectionRulesTable);
      } catch (error) {
        throw new Error(`${path}:${i + 1}: ${(error as Error).message}`, { cause: error });
      }
    });
}
