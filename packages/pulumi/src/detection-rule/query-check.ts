import * as pulumi from "@pulumi/pulumi";
import { holdsOnlyPlainValues } from "../provider-kit/plain-values";
import { parseKibanaVersion, unsupportedVersionReason } from "@esac/kibana-client";
import { ruleQueryFindings, type QueryCheckSettings, type QueryFieldCheckMode } from "./query-findings";
import { logWarningsOffThread } from "./query-warnings";
import type { CheckProblem } from "../provider-kit/check";
import { VERSION_CONFIG_KEY } from "../provider-kit/kibana-version";
import { containsUnknown } from "../provider-kit/unknown";

type Obj = Record<string, unknown>;

/**
 * Stack config choosing what an unknown field in a rule's query is: `warn` (default: a warning at preview, the rule
 * is still created), `strict` (a check failure: preview and up stop) or `off` (not reported).
 * `pulumi config set esac:queryFieldCheck strict`.
 */
export const QUERY_FIELD_CHECK_CONFIG_KEY = "esac:queryFieldCheck";

/**
 * Stack config listing the fields the user's data has beyond ECS and each rule's `required_fields`: exact names, or
 * patterns ending in `*` (`custom.*`). A JSON list (`pulumi config set --path 'esac:customFields[0]' custom.*`) or
 * a comma-separated string (`pulumi config set esac:customFields "custom.*,labels.team"`).
 */
export const CUSTOM_FIELDS_CONFIG_KEY = "esac:customFields";

const MODES: readonly QueryFieldCheckMode[] = ["warn", "strict", "off"];

/** A stack config reader: the provider's (`stackConfigValue`) or the program's (`pulumi.runtime.getConfig`). */
export type ConfigReader = (key: string) => string | undefined;

/** The settings, and a problem per config value that cannot be used (a bad value falls back to the default). */
export function queryCheckSettings(read: ConfigReader): { settings: QueryCheckSettings; problems: CheckProblem[] } {
  const problems: CheckProblem[] = [];
  const modeText = read(QUERY_FIELD_CHECK_CONFIG_KEY)?.trim() || undefined;
  let mode: QueryFieldCheckMode = "warn";
  if (modeText !== undefined) {
    if ((MODES as readonly string[]).includes(modeText)) mode = modeText as QueryFieldCheckMode;
    else
      problems.push({ path: [], reason: `stack config ${QUERY_FIELD_CHECK_CONFIG_KEY} is ${JSON.stringify(modeText)}: expected one of ${MODES.join(", ")}` });
  }
  const fields = customFieldList(read(CUSTOM_FIELDS_CONFIG_KEY));
  if (typeof fields === "string") problems.push({ path: [], reason: `stack config ${CUSTOM_FIELDS_CONFIG_KEY}: ${fields}` });
  const versionText = read(VERSION_CONFIG_KEY)?.trim();
  const version = versionText && !unsupportedVersionReason(versionText) ? parseKibanaVersion(versionText) : undefined;
  const settings: QueryCheckSettings = { mode, customFields: typeof fields === "string" ? [] : fields };
  if (version) settings.ecsVersion = `${version.major}.${version.minor}`;
  return { settings, problems };
}

/** The field names of `esac:customFields`, or why they cannot be read. */
function customFieldList(text: string | undefined): string[] | string {
  if (text === undefined || text.trim() === "") return [];
  const trimmed = text.trim();
  if (!trimmed.startsWith("["))
    return trimmed
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return `${JSON.stringify(trimmed)} is not a JSON list of field names`;
  }
  if (!Array.isArray(parsed) || !parsed.every((f): f is string => typeof f === "string")) return `${JSON.stringify(trimmed)} must list field names (strings)`;
  return parsed.map((f) => f.trim()).filter(Boolean);
}

/**
 * At check: the rule's error findings (broken queries; unknown fields in strict mode) as problems naming the
 * argument: `query: KQL syntax error at line 1, column 19: …`. A rule with values still unknown at preview is checked
 * once they are known (check runs again before the write).
 */
export function queryCheckProblems(rule: Obj, settings: QueryCheckSettings): CheckProblem[] {
  if (containsUnknown(rule)) return [];
  return ruleQueryFindings(rule, settings)
    .filter((f) => f.severity === "error")
    .map((f) => ({ path: f.field, reason: f.message }));
}

/**
 * Program side: logs the warning findings of `rule` (an unknown field, a look-back gap…) on `resource` as one warning,
 * a `<label>: <field>: <message>` line each, when the rule's values are plain (no Output or Promise yet). A dynamic
 * provider's check cannot raise a warning (see unconfigured-warning.ts), so the resource classes log these while the
 * program runs; errors are left to the provider's check, which fails on them. One warning per resource: a log call
 * costs the engine a call and an event, and rules from integrations can have a warning or more each. Checked off the
 * program's thread (see ./query-warnings).
 */
export function logQueryWarnings(resource: pulumi.Resource, label: string, rule: unknown, settings: QueryCheckSettings): void {
  if (isPlainRule(rule)) logWarningsOffThread(resource, [{ label, rule: ruleOnly(rule) }], settings, (lines) => lines.join("\n"));
}

/** The program's stack config reader (what `pulumi config set` stored for this stack). */
export const programConfig: ConfigReader = (key) => pulumi.runtime.getConfig(key);

/** The per-resource options that are not part of the rule (the connection is often an Output). */
const NOT_RULE_KEYS = new Set(["connection", "space_id", "adopt", "overwrite_concurrent_edits"]);

/** True when the rule's own values are plain (the per-resource options may be Outputs). */
export function isPlainRule(rule: unknown): rule is Obj {
  if (rule === null || typeof rule !== "object" || Array.isArray(rule)) return false;
  return Object.entries(rule).every(([k, v]) => NOT_RULE_KEYS.has(k) || holdsOnlyPlainValues(v));
}

/** The rule without the per-resource options: what the check reads, and plain values only (a worker can take it). */
export function ruleOnly(rule: Obj): Obj {
  return Object.fromEntries(Object.entries(rule).filter(([k]) => !NOT_RULE_KEYS.has(k)));
}
