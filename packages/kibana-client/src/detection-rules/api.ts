import type { KibanaTransport, KibanaResponse } from "../transport";
import { ownRecovered, type CreateOptions } from "../ownership";
import type { RuleCreateProps, RuleResponse } from "./schema";

const RULES = "/api/detection_engine/rules";

/** Where a call goes: one transport (endpoint + credentials) and a Kibana space. */
export interface ApiTarget {
  transport: KibanaTransport;
  spaceId?: string;
}

export type RuleSelector = { id: string } | { rule_id: string };

/** Largest page the provider asks for when listing rules (Kibana caps `_find` pages at 10,000). */
export const RULES_PAGE_SIZE = 1000;

/**
 * POST a rule (1 call). If the outcome is ambiguous (connection lost after sending), the rule is
 * looked up by `rule_id` instead of being re-sent blindly, and taken only if `options.isOwn` accepts it.
 */
export async function createRule(target: ApiTarget, body: RuleCreateProps, options: CreateOptions<RuleResponse> = {}): Promise<RuleResponse> {
  const ruleId = body.rule_id;
  const res = await target.transport.request<RuleResponse>({
    method: "POST",
    path: RULES,
    spaceId: target.spaceId,
    versioned: true,
    body,
    recover: ruleId ? async () => ownRecovered(await readRuleResponse(target, { rule_id: ruleId }), `rule_id "${ruleId}"`, options) : undefined,
  });
  return res.body;
}

function readRuleResponse(target: ApiTarget, by: RuleSelector): Promise<KibanaResponse<RuleResponse>> {
  return target.transport.request<RuleResponse>({
    method: "GET",
    path: RULES,
    spaceId: target.spaceId,
    versioned: true,
    query: by,
    okStatuses: [404],
  });
}

/** GET one rule; `undefined` when it does not exist. */
export async function readRule(target: ApiTarget, by: RuleSelector): Promise<RuleResponse | undefined> {
  const res = await readRuleResponse(target, by);
  return res.status === 404 ? undefined : res.body;
}

/** PUT (full replace; omitted fields reset to Kibana's defaults). The body names the rule by `rule_id` or `id`. */
export async function updateRule(target: ApiTarget, body: RuleCreateProps & { id?: string }): Promise<RuleResponse> {
  const res = await target.transport.request<RuleResponse>({
    method: "PUT",
    path: RULES,
    spaceId: target.spaceId,
    versioned: true,
    body,
  });
  return res.body;
}

/** PATCH (field-by-field merge). */
export async function patchRule(target: ApiTarget, body: Partial<RuleCreateProps> & RuleSelector): Promise<RuleResponse> {
  const res = await target.transport.request<RuleResponse>({
    method: "PATCH",
    path: RULES,
    spaceId: target.spaceId,
    versioned: true,
    body,
  });
  return res.body;
}

/** DELETE one rule; returns false when it was already gone (404 counts as deleted). */
export async function deleteRule(target: ApiTarget, by: RuleSelector): Promise<boolean> {
  const res = await target.transport.request({
    method: "DELETE",
    path: RULES,
    spaceId: target.spaceId,
    versioned: true,
    query: by,
    okStatuses: [404],
  });
  return res.status !== 404;
}

export interface FindRulesOptions {
  /** KQL over `alert.attributes.*`, e.g. `alert.attributes.tags:"prod"`. */
  filter?: string;
  perPage?: number;
  sortField?: string;
  sortOrder?: "asc" | "desc";
}

interface FindRulesPage {
  page: number;
  perPage: number;
  total: number;
  data: RuleResponse[];
}

/** Every rule matching the options, one `_find` call per page (ceil(N / perPage) calls). */
export async function findAllRules(target: ApiTarget, options: FindRulesOptions = {}): Promise<RuleResponse[]> {
  const perPage = options.perPage ?? RULES_PAGE_SIZE;
  const rules: RuleResponse[] = [];
  for (let page = 1; ; page++) {
    const res = await target.transport.request<FindRulesPage>({
      method: "GET",
      path: `${RULES}/_find`,
      spaceId: target.spaceId,
      versioned: true,
      query: {
        page,
        per_page: perPage,
        filter: options.filter,
        sort_field: options.sortField ?? "created_at",
        sort_order: options.sortOrder ?? "asc",
      },
    });
    rules.push(...res.body.data);
    if (res.body.data.length < perPage || rules.length >= res.body.total) return rules;
  }
}

export type BulkActionBody =
  | { action: "enable" | "disable" | "delete" | "export"; ids?: string[]; query?: string }
  | { action: "duplicate"; ids?: string[]; query?: string; duplicate?: { include_exceptions: boolean; include_expired_exceptions: boolean } };

export async function bulkRuleAction(target: ApiTarget, body: BulkActionBody, dryRun = false): Promise<unknown> {
  const res = await target.transport.request({
    method: "POST",
    path: `${RULES}/_bulk_action`,
    spaceId: target.spaceId,
    versioned: true,
    query: dryRun ? { dry_run: true } : undefined,
    // enable/disable/delete converge to the same end state when repeated; duplicate does not.
    idempotent: body.action !== "duplicate",
    body,
  });
  return res.body;
}

/** `_export` as NDJSON text (rules, then referenced exception lists/items and connectors). */
export async function exportRules(target: ApiTarget, ruleIds?: string[]): Promise<string> {
  const res = await target.transport.request<string>({
    method: "POST",
    path: `${RULES}/_export`,
    spaceId: target.spaceId,
    versioned: true,
    idempotent: true,
    query: { exclude_export_details: true },
    body: ruleIds ? { objects: ruleIds.map((rule_id) => ({ rule_id })) } : undefined,
  });
  return typeof res.body === "string" ? res.body : JSON.stringify(res.body);
}

export interface ImportRulesResult {
  success: boolean;
  success_count: number;
  rules_count: number;
  errors: { rule_id?: string; id?: string; error: { status_code: number; message: string } }[];
  [k: string]: unknown;
}

/** `_import` an NDJSON file; with `overwrite` it is safe to repeat. */
export async function importRules(target: ApiTarget, ndjson: string, options: { overwrite?: boolean; fileName?: string } = {}): Promise<ImportRulesResult> {
  const res = await target.transport.request<ImportRulesResult>({
    method: "POST",
    path: `${RULES}/_import`,
    spaceId: target.spaceId,
    versioned: true,
    idempotent: options.overwrite === true,
    query: { overwrite: options.overwrite ?? false },
    multipart: { field: "file", filename: options.fileName ?? "rules.ndjson", content: ndjson, contentType: "application/ndjson" },
  });
  return res.body;
}
