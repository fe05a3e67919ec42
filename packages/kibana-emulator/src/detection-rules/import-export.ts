/** Rules `_export` / `_import` (kibana-behaviour.md §1.12). */
import { extname } from "node:path";
import { type KibanaVersion, ruleCreateSchema, type RuleCreateProps } from "@esac/kibana-client";
import { z } from "zod";
import { siemError } from "../errors";
import type { MultipartPart } from "../http-utils";
import { parseAsKibana } from "../validation";
import { type Actor, createRule, type Rule, updateRule } from "./model";
import type { RulesStore } from "./store";
import { validateCreateRuleProps } from "./validate";
import { dropFieldsUnknownTo } from "./version-fields";

export const EXPORT_LIMIT = 10_000;

export interface ExportDetails {
  exported_count: number;
  exported_rules_count: number;
  missing_rules: { rule_id: string }[];
  missing_rules_count: number;
  exported_exception_list_count: number;
  exported_exception_list_item_count: number;
  missing_exception_list_item_count: number;
  missing_exception_list_items: unknown[];
  missing_exception_lists: unknown[];
  missing_exception_lists_count: number;
  exported_action_connector_count: number;
  missing_action_connection_count: number;
  missing_action_connections: unknown[];
  excluded_action_connection_count: number;
  excluded_action_connections: unknown[];
}

/** The exportable form of a rule (no execution summary). */
export function toExportable(rule: Rule): Record<string, unknown> {
  const { execution_summary: _ignored, ...rest } = rule;
  return rest;
}

export function buildExportNdjson(rules: Rule[], missing: string[], excludeDetails: boolean): string {
  if (rules.length > EXPORT_LIMIT) throw siemError(400, `Can't export more than ${EXPORT_LIMIT} rules`);
  let out = rules.map((r) => JSON.stringify(toExportable(r)) + "\n").join("");
  if (!excludeDetails) {
    const details: ExportDetails = {
      exported_count: rules.length,
      exported_rules_count: rules.length,
      missing_rules: missing.map((rule_id) => ({ rule_id })),
      missing_rules_count: missing.length,
      exported_exception_list_count: 0,
      exported_exception_list_item_count: 0,
      missing_exception_list_item_count: 0,
      missing_exception_list_items: [],
      missing_exception_lists: [],
      missing_exception_lists_count: 0,
      exported_action_connector_count: 0,
      missing_action_connection_count: 0,
      missing_action_connections: [],
      excluded_action_connection_count: 0,
      excluded_action_connections: [],
    };
    out += JSON.stringify(details) + "\n";
  }
  return out;
}

export interface ImportError {
  rule_id?: string;
  id?: string;
  error: { status_code: number; message: string };
}

export interface ImportResponse {
  success: boolean;
  success_count: number;
  rules_count: number;
  errors: ImportError[];
  exceptions_success: boolean;
  exceptions_success_count: number;
  exceptions_errors: ImportError[];
  action_connectors_success: boolean;
  action_connectors_success_count: number;
  action_connectors_errors: ImportError[];
  action_connectors_warnings: unknown[];
}

const RULE_TYPES = new Set(["query", "saved_query", "eql", "esql", "threshold", "threat_match", "machine_learning", "new_terms"]);

function isExceptionObject(o: Record<string, unknown>): boolean {
  return typeof o.list_id === "string" && o.rule_id === undefined && !RULE_TYPES.has(String(o.type));
}

/** Picks the `file` part and checks its extension (SIEM 400 `Invalid file extension .json`). */
export function importFile(parts: MultipartPart[] | undefined): string {
  const file = parts?.find((p) => p.name === "file");
  if (!file) throw siemError(400, 'A file named "file" is required (multipart/form-data)');
  const ext = extname(file.filename ?? "");
  if (ext !== ".ndjson") throw siemError(400, `Invalid file extension ${ext}`);
  return file.data.toString("utf8");
}

export function importRules(
  text: string,
  opts: { overwrite: boolean; version: KibanaVersion },
  store: RulesStore,
  spaceId: string,
  actor: Actor,
): ImportResponse {
  const errors: ImportError[] = [];
  let rulesCount = 0;
  const candidates: { ruleId: string | undefined; obj: Record<string, unknown> }[] = [];

  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      rulesCount++;
      errors.push({ rule_id: "(unknown id)", error: { status_code: 400, message: (e as Error).message } });
      continue;
    }
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
      rulesCount++;
      errors.push({ rule_id: "(unknown id)", error: { status_code: 400, message: "Invalid input: expected object" } });
      continue;
    }
    const o = obj as Record<string, unknown>;
    if ("exported_count" in o) continue; // export details line
    if (o.type === "action") continue; // action connector saved object: not supported by the emulator yet
    if (isExceptionObject(o)) continue; // exception list / item: owned by the exceptions family
    rulesCount++;
    candidates.push({ ruleId: typeof o.rule_id === "string" ? o.rule_id : undefined, obj: o });
  }

  // Kibana's `getTupleDuplicateErrorsAndUniqueRules` (rule_management/utils/utils.ts): rules are collected in a Map by
  // rule_id, so a repeated rule_id keeps its first position but the LAST definition; without `overwrite` every
  // repeat adds its own 400 error, with `overwrite` repeats are silently replaced.
  const byRuleId = new Map<string, (typeof candidates)[number]>();
  const unique: typeof candidates = [];
  for (const c of candidates) {
    if (c.ruleId === undefined) {
      unique.push(c);
      continue;
    }
    const first = byRuleId.get(c.ruleId);
    if (first) {
      if (!opts.overwrite) errors.push({ rule_id: c.ruleId, error: { status_code: 400, message: `More than one rule with rule-id: "${c.ruleId}" found` } });
      first.obj = c.obj;
      continue;
    }
    const slot = { ...c };
    byRuleId.set(c.ruleId, slot);
    unique.push(slot);
  }

  let successCount = 0;
  for (const { ruleId, obj } of unique) {
    const label = ruleId ?? "(unknown id)";
    if (ruleId === undefined) {
      const missing = parseAsKibana(z.object({ rule_id: z.string() }), obj, opts.version);
      errors.push({ rule_id: label, error: { status_code: 400, message: missing.success ? "" : missing.message } });
      continue;
    }
    const parsed = parseAsKibana(ruleCreateSchema, obj, opts.version);
    if (!parsed.success) {
      errors.push({ rule_id: label, error: { status_code: 400, message: parsed.message } });
      continue;
    }
    const body = dropFieldsUnknownTo(parsed.data as RuleCreateProps, opts.version);
    const invalid = validateCreateRuleProps(body as Record<string, unknown>);
    if (invalid.length) {
      errors.push({ rule_id: label, error: { status_code: 400, message: invalid.join(", ") } });
      continue;
    }
    const existing = store.getByRuleId(spaceId, ruleId);
    if (existing && !opts.overwrite) {
      errors.push({ rule_id: ruleId, error: { status_code: 409, message: `rule_id: "${ruleId}" already exists` } });
      continue;
    }
    if (existing) store.put(spaceId, updateRule(existing, body, actor));
    else store.put(spaceId, createRule(body, actor));
    successCount++;
  }

  return {
    success: errors.length === 0,
    success_count: successCount,
    rules_count: rulesCount,
    errors,
    exceptions_success: true,
    exceptions_success_count: 0,
    exceptions_errors: [],
    action_connectors_success: true,
    action_connectors_success_count: 0,
    action_connectors_errors: [],
    action_connectors_warnings: [],
  };
}
