import { checkRuleQueries, type RuleQueryFinding } from "@esac/query";

/*
 * The query check itself, with no Pulumi and no Kibana client in its imports: the program runs it on a worker thread
 * (./query-warnings-worker.ts), which loads only this module and @esac/query.
 */

/** How an unknown field in a query is reported; see QUERY_FIELD_CHECK_CONFIG_KEY (./query-check.ts). */
export type QueryFieldCheckMode = "warn" | "strict" | "off";

/** The query check's settings, read from stack config. */
export interface QueryCheckSettings {
  mode: QueryFieldCheckMode;
  customFields: string[];
  /** The ECS release to check fields against: `kibana:version`'s major.minor; unset, the newest known. */
  ecsVersion?: string;
}

/** What the offline check finds in a rule under `settings` (`off` drops the unknown-field findings). */
export function ruleQueryFindings(rule: Record<string, unknown>, settings: QueryCheckSettings): RuleQueryFinding[] {
  const findings = checkRuleQueries(rule, {
    ecsVersion: settings.ecsVersion,
    customFields: settings.customFields,
    strictFields: settings.mode === "strict",
  });
  return settings.mode === "off" ? findings.filter((f) => f.kind !== "unknown-field") : findings;
}

/** The warning findings of a rule of plain values, as `<label>: <field>: <message>` lines. */
export function warningLines(label: string, rule: Record<string, unknown>, settings: QueryCheckSettings): string[] {
  return ruleQueryFindings(rule, settings)
    .filter((finding) => finding.severity === "warning")
    .map((finding) => `${label}: ${finding.field}: ${finding.message}`);
}
