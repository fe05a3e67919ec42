import { parseDocument } from "yaml";
import { isObject } from "./build-step";
import { ruleCreateBody } from "./exceptions";
import { emptyParsedFile, type ParsedFile } from "./loaded";

/**
 * Reads a JSON or YAML rule file in Kibana's field names (the create-rule body): one rule, or an array of rules.
 * Read-only fields of a rule copied from Kibana (`id`, `revision`, `created_at`, …) are dropped.
 */
export function parseRuleDocument(text: string, file: string, format: "json" | "yaml"): ParsedFile {
  const out = emptyParsedFile();
  let value: unknown;
  if (format === "json") {
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.problems.push({ file, reason: `JSON syntax error: ${(error as Error).message}` });
      return out;
    }
  } else {
    const document = parseDocument(text);
    if (document.errors.length) {
      for (const error of document.errors) {
        const at = error.linePos?.[0];
        out.problems.push({
          file: at ? `${file}:${at.line}:${at.col}` : file,
          reason: `YAML syntax error: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:$/, "")}`,
        });
      }
      return out;
    }
    value = document.toJS();
  }
  const rules = Array.isArray(value) ? value : [value];
  rules.forEach((rule, i) => {
    const at = Array.isArray(value) ? [i] : [];
    if (isObject(rule)) out.rules.push({ file, at, body: ruleCreateBody(rule) });
    else out.problems.push({ file, reason: `${at.length ? `${i}: ` : ""}expected a rule (an object in Kibana's field names)` });
  });
  return out;
}
