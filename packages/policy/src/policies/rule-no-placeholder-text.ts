import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { compilePatterns } from "../util/match";
import { list, ruleLabel, text } from "../util/props";

export interface RuleNoPlaceholderTextConfig {
  minDescriptionLength: number;
  placeholderPatterns: string[];
  extraPlaceholderPatterns: string[];
}

/**
 * Text that marks a field as not written yet: regular expressions, case-insensitive unless written `/source/flags`
 * (the upper-case markers, so "todo" in a rule id or another language does not count).
 */
export const DEFAULT_PLACEHOLDER_PATTERNS = [
  "/\\bTODO\\b/",
  "/\\bTBD\\b/",
  "/\\bFIXME\\b/",
  "/\\bXXX+\\b/",
  "lorem ipsum",
  "\\bplaceholder\\b",
  "\\bchange ?me\\b",
  "\\b(?:insert|add|write|put) (?:the |a |your )?\\w+(?: \\w+)? here\\b",
  "\\b(?:description|note|guide) goes here\\b",
  "^\\s*(?:n/?a|none|null|test|tmp|temp|description|desc|note|rule|new rule|untitled|-+|\\.+|\\?+)\\s*$",
  "<\\s*(?:(?:your|the|rule|a)\\s+)*(?:description|name|note|text)\\s*>",
  "\\{\\{[^}]*\\}\\}",
];

/** 4b. Rules have a real description, and no field is placeholder text. */
export const ruleNoPlaceholderText: ResourcePolicyDefinition<RuleNoPlaceholderTextConfig> = {
  kind: "resource",
  name: "rule-no-placeholder-text",
  description:
    "A rule's `description` says what it detects (at least `minDescriptionLength` characters, not a copy of its name) " +
    "and no `name`, `description`, `note` or `false_positives` text is a placeholder (TODO, TBD, lorem ipsum, …).",
  remediation:
    "Write the description as one or two sentences on what activity the rule detects and why it matters; replace " +
    "every TODO/TBD with the real text before merging.",
  enforcementLevel: "mandatory",
  types: [TYPES.DetectionRule],
  config: {
    minDescriptionLength: {
      type: "integer",
      minimum: 1,
      description: "Shortest acceptable description, in characters (after trimming).",
      default: 20,
    },
    placeholderPatterns: {
      type: "array",
      items: { type: "string" },
      description: 'Regular expressions that mark placeholder text (case-insensitive; "/source/flags" for exact flags); replaces the built-in list.',
      default: DEFAULT_PLACEHOLDER_PATTERNS,
    },
    extraPlaceholderPatterns: {
      type: "array",
      items: { type: "string" },
      description: "More placeholder patterns, added to `placeholderPatterns`.",
      default: [],
    },
  },
  defaults: { minDescriptionLength: 20, placeholderPatterns: DEFAULT_PLACEHOLDER_PATTERNS, extraPlaceholderPatterns: [] },
  check(rule, config) {
    const p = rule.props;
    const label = ruleLabel(rule);
    const problems: string[] = [];
    const patterns = compilePatterns([...config.placeholderPatterns, ...config.extraPlaceholderPatterns], "placeholderPatterns");

    const description = text(p.description)?.trim();
    const name = text(p.name)?.trim();
    if (!description) {
      problems.push(`${label} has no description.`);
    } else if (name && description.toLowerCase() === name.toLowerCase()) {
      problems.push(`${label}: the description only repeats the name; say what the rule detects and why it matters.`);
    } else if (description.length < config.minDescriptionLength) {
      problems.push(`${label}: the description "${description}" is ${description.length} characters; at least ${config.minDescriptionLength} expected.`);
    }

    const fields: [string, unknown][] = [
      ["name", p.name],
      ["description", p.description],
      ["note", p.note],
      ...list(p.false_positives).map((v, i): [string, unknown] => [`false_positives[${i}]`, v]),
    ];
    for (const [field, value] of fields) {
      const s = text(value);
      if (!s) continue;
      const hit = patterns.find((re) => re.test(s));
      if (hit) {
        const snippet = excerpt(s, hit);
        problems.push(`${label}: ${field} contains placeholder text ${JSON.stringify(snippet)}; write the real text.`);
      }
    }
    return problems;
  },
};

/** The matched text with a little context, at most ~60 characters. */
function excerpt(s: string, re: RegExp): string {
  const m = re.exec(s);
  if (!m) return s.slice(0, 60);
  const start = Math.max(0, m.index - 15);
  const end = Math.min(s.length, m.index + m[0].length + 15);
  return `${start > 0 ? "…" : ""}${s.slice(start, end).replace(/\s+/g, " ")}${end < s.length ? "…" : ""}`;
}
