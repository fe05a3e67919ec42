/**
 * `GET /api/detection_engine/rules/_find` (kibana-behaviour.md §1.9) and the KQL filter over `alert.attributes.*`
 * shared with `_bulk_action` queries.
 */
import { z } from "zod";
import { siemError } from "../errors";
import { evaluateKql, type KqlFieldInfo, type KqlNode, KqlSyntaxError, parseKql, valuesAtPath } from "../kql";
import { alertingRuleTypeId, type Rule } from "./model";

export const FIND_SORT_FIELDS = [
  "created_at",
  "createdAt",
  "enabled",
  "execution_summary.last_execution.date",
  "execution_summary.last_execution.metrics.execution_gap_duration_s",
  "execution_summary.last_execution.metrics.total_indexing_duration_ms",
  "execution_summary.last_execution.metrics.total_search_duration_ms",
  "execution_summary.last_execution.status",
  "name",
  "risk_score",
  "riskScore",
  "severity",
  "updated_at",
  "updatedAt",
] as const;

const intFromString = (min: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v), z.number().int().min(min));
const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);

export const findRulesQuerySchema = z.object({
  fields: z.preprocess((v) => (v === undefined ? v : Array.isArray(v) ? v : [v]), z.array(z.string()).optional()),
  filter: z.preprocess(last, z.string().optional()),
  sort_field: z.preprocess(last, z.enum(FIND_SORT_FIELDS).optional()),
  sort_order: z.preprocess(last, z.enum(["asc", "desc"]).optional()),
  page: z.preprocess(last, intFromString(1).optional()),
  per_page: z.preprocess(last, intFromString(0).optional()),
  gaps_range_start: z.preprocess(last, z.string().optional()),
  gaps_range_end: z.preprocess(last, z.string().optional()),
  gap_fill_statuses: z.unknown().optional(),
  gap_auto_fill_scheduler_id: z.preprocess(last, z.string().optional()),
});

const ATTRIBUTE_ALIASES: Record<string, string> = {
  createdBy: "created_by",
  updatedBy: "updated_by",
  createdAt: "created_at",
  updatedAt: "updated_at",
  "schedule.interval": "interval",
  "params.ruleId": "rule_id",
  "params.riskScore": "risk_score",
  "params.maxSignals": "max_signals",
  "params.exceptionsList": "exceptions_list",
};

const TEXT_FIELDS = new Set(["name", "description", "note"]);

const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Maps `alert.attributes.<attr>` (saved-object attribute names) to the rule's API fields. */
export function ruleFieldInfo(rule: Rule, field: string | null): KqlFieldInfo {
  if (field === null) {
    return { values: [rule.name, rule.description, ...(rule.tags as string[])], kind: "text" };
  }
  let attr = field.replace(/^alert\.attributes\./, "");
  if (attr === "alertTypeId") return { values: [alertingRuleTypeId(rule.type)] };
  if (attr === "params.type") return { values: [rule.type] };
  const alias = Object.keys(ATTRIBUTE_ALIASES).find((a) => attr === a || attr.startsWith(`${a}.`));
  if (alias) attr = ATTRIBUTE_ALIASES[alias]! + attr.slice(alias.length);
  else
    attr = attr
      .replace(/^params\./, "")
      .split(".")
      .map(camelToSnake)
      .join(".");
  return { values: valuesAtPath(rule, attr), kind: TEXT_FIELDS.has(attr) ? "text" : "keyword" };
}

export function parseRuleFilter(filter: string | undefined): KqlNode | null {
  if (!filter) return null;
  try {
    return parseKql(filter);
  } catch (e) {
    if (e instanceof KqlSyntaxError) throw siemError(400, `KQLSyntaxError: ${e.message}\n${filter}`);
    throw e;
  }
}

export function matchesFilter(rule: Rule, ast: KqlNode | null): boolean {
  return evaluateKql(ast, (field) => ruleFieldInfo(rule, field));
}

const SORT_KEYS: Record<string, string> = {
  created_at: "created_at",
  createdAt: "created_at",
  updated_at: "updated_at",
  updatedAt: "updated_at",
  enabled: "enabled",
  name: "name",
  risk_score: "risk_score",
  riskScore: "risk_score",
  severity: "severity",
};

export function sortRules(rules: Rule[], sortField: string | undefined, sortOrder: "asc" | "desc" | undefined): Rule[] {
  const key = sortField ? SORT_KEYS[sortField] : undefined;
  if (!key) return rules;
  const dir = sortOrder === "desc" ? -1 : 1;
  return rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => {
      const x = a.rule[key] as string | number | boolean;
      const y = b.rule[key] as string | number | boolean;
      const c = x === y ? 0 : x < y ? -1 : 1;
      return c !== 0 ? c * dir : a.i - b.i;
    })
    .map(({ rule }) => rule);
}
