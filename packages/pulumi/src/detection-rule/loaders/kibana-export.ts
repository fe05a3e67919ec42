import { isObject } from "./build-step";
import { exceptionItemCreateBody, exceptionListCreateBody, exportedConnector, ruleCreateBody } from "./exceptions";
import { emptyParsedFile, type ParsedFile } from "./loaded";

type Obj = Record<string, unknown>;

/**
 * Reads a Kibana rules export (`POST /api/detection_engine/rules/_export`, NDJSON): the rules, then the exception
 * lists and their items the rules refer to, then the action connectors, then one export summary line
 * (`exported_count`, …). Each line is recognised by its shape, so files cut or concatenated by hand read too.
 * Rules lose the read-only fields Kibana adds (`id`, `revision`, `created_at`, …); lists and items lose theirs
 * (`id`, `_version`, `tie_breaker_id`, …); connectors are listed without secrets (Kibana never exports them).
 */
export function parseKibanaExportNdjson(text: string, file: string): ParsedFile {
  const out = emptyParsedFile();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${file}:${i + 1}`;
    let object: unknown;
    try {
      object = JSON.parse(line);
    } catch (error) {
      out.problems.push({ file: where, reason: `JSON syntax error: ${(error as Error).message}` });
      return;
    }
    if (!isObject(object)) {
      out.problems.push({ file: where, reason: "expected a JSON object per line" });
      return;
    }
    const kind = lineKind(object);
    if (kind === "summary") return;
    if (kind === "rule") out.rules.push({ file: where, at: [], body: ruleCreateBody(object) });
    else if (kind === "exception-list") out.exceptionLists.push({ file: where, at: [], body: exceptionListCreateBody(object) });
    else if (kind === "exception-item") out.exceptionListItems.push({ file: where, at: [], body: exceptionItemCreateBody(object) });
    else if (kind === "connector") out.connectors.push(exportedConnector(object, where)!);
    else out.problems.push({ file: where, reason: "not a rule, exception list, exception item, action connector or export summary" });
  });
  return out;
}

type LineKind = "rule" | "exception-list" | "exception-item" | "connector" | "summary" | undefined;

function lineKind(object: Obj): LineKind {
  if ("exported_count" in object) return "summary";
  if (object.type === "action" && isObject(object.attributes)) return "connector";
  if ("item_id" in object && "entries" in object) return "exception-item";
  if ("list_id" in object && !("rule_id" in object)) return "exception-list";
  if ("rule_id" in object || ("risk_score" in object && "severity" in object)) return "rule";
  return undefined;
}
