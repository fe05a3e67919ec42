/*
 * What elastic/detection-rules' build step does to a rule file's `[rule]` table before it goes to Kibana
 * (`TOMLRuleContents.to_api_format` in detection_rules/rule.py), reproduced for the parts that need no data outside
 * the file:
 *
 * 1. `[transform]` → `note`: `RuleTransform.render_investigate_osquery_to_string` renders each `osquery` /
 *    `investigate` entry as `!{<plugin><json>}` (`json.dumps(entry, sort_keys=True, separators=(',', ':'))`, ASCII
 *    escapes), and `BaseRuleData.process_transforms` substitutes them for `$osquery_0`, `$investigate_1`, … in
 *    `note` with Python's `string.Template.safe_substitute` (so `$$` becomes `$`, unknown placeholders stay).
 * 2. Whitespace: `nested_normalize` (detection_rules/rule_formatter.py) joins the lines of every string (each line
 *    stripped, joined by one space), except `query` values and the Markdown fields `note` and `setup`.
 * 3. `BaseRuleContents._post_dict_conversion` gives every `threat` entry a `technique` list (`[]` when absent).
 * 4. `NewTermsRuleData.transform`: `new_terms = {field, value, history_window_start = [{field, value}]}` becomes
 *    Kibana's `new_terms_fields` and `history_window_start`.
 * 5. `BaseThreatEntry.modify_url` (a marshmallow pre_load): an ATT&CK `reference` URL gets a trailing `/`.
 *
 * Not reproduced, because they need data the file does not hold: `related_integrations` (derived from
 * `[metadata] integration` and the Fleet package manifests the repository ships), `required_fields` (derived from
 * the query's fields and the ECS/integration schemas), `version` (from the repository's version.lock) and moving a
 * `## Setup` section of `note` into `setup`. Set those in `[rule]` when Kibana should have them.
 */

type Obj = Record<string, unknown>;

/** Markdown fields of `BaseRuleData` (`definitions.Markdown`): kept verbatim by `nested_normalize`. */
const MARKDOWN_FIELDS = new Set(["note", "setup"]);

/** Python's `str.splitlines` boundaries (\x1c-\x1e are the file, group and record separators). */
// eslint-disable-next-line no-control-regex -- Python splits lines at these control characters too
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** `cleanup_whitespace`: `" ".join(line.strip() for line in val.strip().splitlines())`. */
function cleanupWhitespace(value: string): string {
  const trimmed = value.trim();
  return trimmed === ""
    ? ""
    : trimmed
        .split(LINE_BREAKS)
        .map((line) => line.trim())
        .join(" ");
}

/** `nested_normalize`: strings cleaned up at every depth, except under `query`, `note` and `setup` keys. */
export function nestedNormalize(value: unknown, skipCleanup = false): unknown {
  if (typeof value === "string") return skipCleanup ? value : cleanupWhitespace(value);
  if (Array.isArray(value)) return value.map((v) => nestedNormalize(v));
  if (value !== null && typeof value === "object") {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value as Obj)) {
      out[k] = k === "query" ? v : nestedNormalize(v, MARKDOWN_FIELDS.has(k));
    }
    return out;
  }
  return value;
}

/**
 * Python's `json.dumps(value, sort_keys=True, separators=(',', ':'))`: keys sorted at every depth, no spaces,
 * every non-ASCII character escaped as `\uXXXX` (lower-case hex, as Python writes it).
 */
export function pythonCompactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonCompactJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Obj).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${asciiJsonString(k)}:${pythonCompactJson(v)}`).join(",")}}`;
  }
  if (typeof value === "string") return asciiJsonString(value);
  return JSON.stringify(value) ?? "null";
}

function asciiJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Python's `string.Template(template).safe_substitute(values)`: `$$` → `$`; `$name` and `${name}` replaced when
 * `name` is known, left as written otherwise; a `$` starting nothing valid stays.
 */
export function pythonSafeSubstitute(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi, (match, escaped?: string, named?: string, braced?: string) => {
    if (escaped) return "$";
    const name = named ?? braced!;
    return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
  });
}

/** The plugins `RuleTransform` knows; another key is an error there (`Unexpected field value`). */
export const TRANSFORM_PLUGINS = ["osquery", "investigate"] as const;

/** `$osquery_0` → `!{osquery{...}}`, and so on, for every entry of every plugin of `[transform]`. */
export function renderedTransforms(transform: Obj): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const plugin of TRANSFORM_PLUGINS) {
    const entries = transform[plugin];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      rendered[`${plugin}_${i}`] = `!{${plugin}${pythonCompactJson(entry)}}`;
    });
  }
  return rendered;
}

/** The `[rule]` table as detection-rules' build step hands it to Kibana (steps 1 to 5 above). */
export function buildStep(rule: Obj, transform: Obj | undefined): Obj {
  let out: Obj = { ...rule };
  if (transform && typeof out.note === "string" && out.note !== "") {
    out.note = pythonSafeSubstitute(out.note, renderedTransforms(transform));
  }
  out = nestedNormalize(out) as Obj;
  if (Array.isArray(out.threat)) {
    out.threat = out.threat.map((entry: unknown) => (isObject(entry) ? withTrailingSlashes({ ...entry, technique: entry.technique ?? [] }) : entry));
  }
  if (isObject(out.new_terms)) {
    const { new_terms: newTerms, ...rest } = out as { new_terms: Obj };
    const history = newTerms.history_window_start;
    out = {
      ...rest,
      [typeof newTerms.field === "string" ? newTerms.field : "new_terms_fields"]: newTerms.value,
      history_window_start: Array.isArray(history) && isObject(history[0]) ? history[0].value : undefined,
    };
  }
  return out;
}

function withTrailingSlashes(threat: Obj): Obj {
  const fix = (entry: unknown): unknown => {
    if (!isObject(entry) || typeof entry.reference !== "string") return entry;
    const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(entry.reference);
    return hasScheme && !entry.reference.endsWith("/") ? { ...entry, reference: `${entry.reference}/` } : entry;
  };
  const techniques = Array.isArray(threat.technique)
    ? threat.technique.map((t) => {
        const technique = fix(t);
        return isObject(technique) && Array.isArray(technique.subtechnique) ? { ...technique, subtechnique: technique.subtechnique.map(fix) } : technique;
      })
    : threat.technique;
  return { ...threat, tactic: fix(threat.tactic), technique: techniques };
}

export function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
