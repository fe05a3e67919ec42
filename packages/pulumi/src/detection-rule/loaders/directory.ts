import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { exceptionListCreateStrictSchema, exceptionListItemCreateStrictSchema, ruleCreateStrictSchema } from "@esac/kibana-client";
import { isObject } from "./build-step";
import { parseKibanaExportNdjson } from "./kibana-export";
import { parseRuleDocument } from "./json-yaml";
import { emptyParsedFile, type ExportedConnector, type LoadedExceptionList, type LoadedExceptionListItem, type LoadedRule, type ParsedFile } from "./loaded";
import { RuleFilesError, schemaProblems, type RuleFileProblem } from "./problems";
import { parseDetectionRulesTomlFile } from "./toml";

type Obj = Record<string, unknown>;

/** File name endings the loaders read; every other file (a README, a value-list .txt) is left alone. */
export const RULE_FILE_EXTENSIONS = [".toml", ".json", ".yaml", ".yml", ".ndjson"] as const;

/** Checked rules, exception lists and items keyed by their Kibana key, and the connectors found. */
export interface LoadedRuleFiles {
  /** Rules by `rule_id`, each body merged over the `defaults` and checked with DetectionRule's own schema. */
  rules: Record<string, LoadedRule>;
  /** Exception lists by `list_id`, checked with ExceptionList's schema. */
  exceptionLists: Record<string, LoadedExceptionList>;
  /** Exception items by `item_id`, checked with ExceptionListItem's schema. */
  exceptionListItems: Record<string, LoadedExceptionListItem>;
  /** Connectors of Kibana exports and detection-rules connector files, without secrets (never exported). */
  connectors: ExportedConnector[];
}

/** Options of {@link loadRuleFiles}. */
export interface LoadRuleFilesOptions {
  /** Fields every rule gets unless its file sets them, e.g. `{ enabled: false, tags: ["team:soc"] }`. */
  defaults?: Record<string, unknown>;
}

/**
 * Reads a rule file, or every rule file below a folder (sorted, hidden entries skipped), and checks all of them
 * before returning: a detection-rules TOML file (`[rule]`, `[[exceptions]]` or `[[action_connectors]]`), a Kibana
 * rules export (`.ndjson`), or a JSON / YAML rule file in Kibana's field names. Every rule must set `rule_id` (it
 * keys the result), unique across the files. Throws one {@link RuleFilesError} listing every problem of every file
 * (file, field, reason) when any file is bad, and when the folder holds no rule file.
 */
export function loadRuleFiles(path: string, options: LoadRuleFilesOptions = {}): LoadedRuleFiles {
  const files = ruleFilesAt(path);
  const parsed = files.map((file) => parseRuleFile(file, relative(process.cwd(), file) || file));
  const problems: RuleFileProblem[] = parsed.flatMap((p) => p.problems);
  if (files.length === 0) {
    problems.push({ file: path, reason: `no rule files (${RULE_FILE_EXTENSIONS.join(", ")}) here` });
  }
  const result: LoadedRuleFiles = { rules: {}, exceptionLists: {}, exceptionListItems: {}, connectors: parsed.flatMap((p) => p.connectors) };
  const defaults = plainDefaults(options.defaults ?? {});

  for (const rule of parsed.flatMap((p) => p.rules)) {
    const body = { ...defaults, ...rule.body };
    const checked = keyed(result.rules, { ...rule, body }, "rule_id", "rule", problems);
    if (checked) problems.push(...schemaProblems(rule.file, ruleCreateStrictSchema, body, rule.at));
  }
  for (const list of parsed.flatMap((p) => p.exceptionLists)) {
    if (keyed(result.exceptionLists, list, "list_id", "exception list", problems)) {
      problems.push(...schemaProblems(list.file, exceptionListCreateStrictSchema, list.body, list.at));
    }
  }
  for (const item of parsed.flatMap((p) => p.exceptionListItems)) {
    const withType = { ...item, body: { type: "simple", ...item.body } };
    if (keyed(result.exceptionListItems, withType, "item_id", "exception item", problems)) {
      problems.push(...schemaProblems(item.file, exceptionListItemCreateStrictSchema, withType.body, item.at));
    }
  }
  if (problems.length) throw new RuleFilesError(problems);
  return result;
}

/** One file → its objects, by the file's ending. */
export function parseRuleFile(path: string, shownAs: string = path): ParsedFile {
  const text = readFileSync(path, "utf8");
  switch (extname(path).toLowerCase()) {
    case ".toml":
      return parseDetectionRulesTomlFile(text, shownAs);
    case ".ndjson":
      return parseKibanaExportNdjson(text, shownAs);
    case ".json":
      return parseRuleDocument(text, shownAs, "json");
    case ".yaml":
    case ".yml":
      return parseRuleDocument(text, shownAs, "yaml");
    default:
      return { ...emptyParsedFile(), problems: [{ file: shownAs, reason: `not a rule file (expected ${RULE_FILE_EXTENSIONS.join(", ")})` }] };
  }
}

function ruleFilesAt(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new RuleFilesError([{ file: path, reason: "no such file or folder" }]);
  if (stat.isFile()) return [path];
  return readdirSync(path)
    .filter((name) => !name.startsWith("."))
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      if (statSync(child).isDirectory()) return ruleFilesAt(child);
      return (RULE_FILE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()) ? [child] : [];
    });
}

/**
 * Files `object` under its key in `into`; false (with a problem) when the key is missing or already taken — the
 * duplicate is named with both files, since resource names derive from the key.
 */
function keyed<T extends { file: string; at: readonly PropertyKey[]; body: Obj }>(
  into: Record<string, T>,
  object: T,
  key: string,
  what: string,
  problems: RuleFileProblem[],
): boolean {
  const value = object.body[key];
  const where = [...object.at, key].map(String).join(".");
  if (typeof value !== "string" || value === "") {
    problems.push({ file: object.file, reason: `${where}: required — every ${what} loaded from a file needs its ${key} (it names the resource)` });
    return false;
  }
  const earlier = into[value];
  if (earlier) {
    problems.push({ file: object.file, reason: `${where}: duplicate ${key} "${value}", also in ${earlier.file}` });
    return false;
  }
  into[value] = object;
  return true;
}

/** The defaults that can be checked now: values that are not (and hold no) Pulumi outputs or promises. */
function plainDefaults(defaults: Record<string, unknown>): Obj {
  return Object.fromEntries(Object.entries(defaults).filter(([, v]) => v !== undefined && isPlain(v)));
}

function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlain);
  if (isObject(value)) return Object.values(value).every(isPlain);
  return true;
}
