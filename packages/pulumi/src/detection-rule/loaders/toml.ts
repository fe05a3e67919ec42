import { parse as parseToml, TomlError } from "smol-toml";
import { buildStep, isObject, TRANSFORM_PLUGINS } from "./build-step";
import { exceptionItemCreateBody, exceptionListCreateBody, exportedConnector, ruleCreateBody } from "./exceptions";
import { emptyParsedFile, type ParsedFile } from "./loaded";

type Obj = Record<string, unknown>;

/*
 * The three kinds of TOML file of a detection-rules repository ("detections as code" layout):
 * - a rule: `[metadata]`, `[rule]` and optionally `[transform]` (detection_rules/rule.py TOMLRuleContents);
 * - exception lists: `[metadata]` and `[[exceptions]]` of `{container, items}` (detection_rules/exception.py);
 * - action connectors: `[metadata]` and `[[action_connectors]]` of saved objects (detection_rules/action_connector.py).
 * `[metadata]` (dates, maturity, integration, min_stack_version, rule_ids/rule_names, …) has no Kibana field and is
 * dropped, as the repository's own build does (`to_api_format(include_metadata=False)`).
 */
const RULE_TABLES = ["metadata", "rule", "transform"];
const EXCEPTION_TABLES = ["metadata", "exceptions"];
const CONNECTOR_TABLES = ["metadata", "action_connectors"];

/** Reads one detection-rules TOML file (rule, exception lists or action connectors) into Kibana's shapes. */
export function parseDetectionRulesTomlFile(text: string, file: string): ParsedFile {
  const out = emptyParsedFile();
  let document: Obj;
  try {
    // Through JSON: plain objects (smol-toml's have no prototype) and TOML dates as ISO strings, as Kibana takes them.
    document = JSON.parse(JSON.stringify(parseToml(text))) as Obj;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      out.problems.push({ file: `${file}:${error.line}:${error.column}`, reason: `TOML syntax error: ${reason}` });
      return out;
    }
    throw error;
  }
  const unknownTables = (known: readonly string[]) =>
    Object.keys(document)
      .filter((k) => !known.includes(k))
      .forEach((k) => out.problems.push({ file, reason: `${k}: unknown table (expected ${known.join(", ")})` }));

  if ("exceptions" in document) {
    unknownTables(EXCEPTION_TABLES);
    readExceptions(document.exceptions, file, out);
  } else if ("action_connectors" in document) {
    unknownTables(CONNECTOR_TABLES);
    readConnectors(document.action_connectors, file, out);
  } else if (isObject(document.rule)) {
    unknownTables(RULE_TABLES);
    const transform = document.transform;
    if (transform !== undefined && !isObject(transform)) {
      out.problems.push({ file, reason: "transform: expected a table" });
    } else if (transform) {
      for (const k of Object.keys(transform)) {
        if (!(TRANSFORM_PLUGINS as readonly string[]).includes(k)) {
          out.problems.push({ file, reason: `transform.${k}: unknown transform (expected ${TRANSFORM_PLUGINS.join(", ")})` });
        }
      }
    }
    out.rules.push({ file, at: ["rule"], body: ruleCreateBody(buildStep(document.rule, isObject(transform) ? transform : undefined)) });
  } else {
    out.problems.push({ file, reason: "rule: required — a detection-rules rule file has a [rule] table (or [[exceptions]] / [[action_connectors]])" });
  }
  return out;
}

function readExceptions(exceptions: unknown, file: string, out: ParsedFile): void {
  if (!Array.isArray(exceptions)) {
    out.problems.push({ file, reason: "exceptions: expected an array of tables ([[exceptions]])" });
    return;
  }
  exceptions.forEach((entry, i) => {
    if (!isObject(entry) || !isObject(entry.container)) {
      out.problems.push({ file, reason: `exceptions.${i}.container: required (the exception list)` });
      return;
    }
    out.exceptionLists.push({ file, at: ["exceptions", i, "container"], body: exceptionListCreateBody(entry.container) });
    const items = entry.items ?? [];
    if (!Array.isArray(items)) {
      out.problems.push({ file, reason: `exceptions.${i}.items: expected an array of tables` });
      return;
    }
    items.forEach((item, j) => {
      if (!isObject(item)) out.problems.push({ file, reason: `exceptions.${i}.items.${j}: expected a table` });
      else out.exceptionListItems.push({ file, at: ["exceptions", i, "items", j], body: exceptionItemCreateBody(item) });
    });
  });
}

function readConnectors(connectors: unknown, file: string, out: ParsedFile): void {
  if (!Array.isArray(connectors)) {
    out.problems.push({ file, reason: "action_connectors: expected an array of tables ([[action_connectors]])" });
    return;
  }
  connectors.forEach((object, i) => {
    const connector = isObject(object) ? exportedConnector(object, file) : undefined;
    if (connector) out.connectors.push(connector);
    else out.problems.push({ file, reason: `action_connectors.${i}: expected a connector saved object (id, type = "action", attributes)` });
  });
}
