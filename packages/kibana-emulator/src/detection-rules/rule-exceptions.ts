/**
 * `POST /api/detection_engine/rules/{id}/exceptions` (`CreateRuleExceptionListItems`), as Kibana's
 * detection_engine/rule_exceptions/api/create_rule_exceptions/route.ts (commit 3190950933fe) does it: items go into the
 * rule's own `rule_default` list, which is created and linked when the rule has none or its list is gone. Kibana's
 * expectations: create_rule_exceptions.ts (security_solution_api_integration, basic_license_essentials_tier).
 */
import { randomUUID } from "node:crypto";
import { ruleExceptionsCreateSchema, type RuleExceptionItemProps } from "@esac/kibana-client";
import { z } from "zod";
import { siemError } from "../errors";
import { EXCEPTIONS_STORE, type ExceptionListRecord, type ExceptionsStore } from "../exceptions";
import { createItemRecord, createListRecord, sortedResponse } from "../exceptions/model";
import type { HandlerResult, RouteContext, Router } from "../router";
import { validateBody, validateRequestPart } from "../validation";
import { type Actor, patchRule, type Rule } from "./model";
import { RULES_STORE } from "./routes";
import type { RulesStore } from "./store";
import { validateDefaultExceptionLists } from "./validate";

type ExceptionRef = { id: string; list_id: string; namespace_type: "single" | "agnostic"; type: string };

/** `CreateRuleExceptionListItemsRequestParams`: the rule's saved-object id, a UUID. */
const paramsSchema = z.object({ id: z.uuid() });

/** `createExceptionList` of the route: the rule's own list, named after the rule. */
function newDefaultList(rule: Rule, exceptions: ExceptionsStore, actor: Actor): ExceptionListRecord {
  return createListRecord(
    {
      description: `Exception list containing exceptions for rule with id: ${rule.id}`,
      name: `Exceptions for rule - ${rule.name}`,
      namespace_type: "single",
      tags: ["default_rule_exception_list"],
      type: "rule_default",
      version: 1,
    },
    exceptions.nextVersion(),
    actor,
  );
}

/**
 * The rule's default list, created and linked (`createAndAssociateDefaultExceptionList`) when it has none, or when its
 * reference names a list that no longer exists (the stale reference is dropped: "creates and associates a
 * `rule_default` exception list to a rule even when rule has non existent default list attached").
 */
function ruleDefaultList(ctx: RouteContext, rules: RulesStore, rule: Rule, exceptions: ExceptionsStore, actor: Actor): ExceptionListRecord {
  const refs = ((rule.exceptions_list as ExceptionRef[] | undefined) ?? []).slice();
  // `checkDefaultRuleExceptionListReferences`: a plain Error, so a 500.
  validateDefaultExceptionLists(refs, [], {});
  const ref = refs.find((r) => r.type === "rule_default");
  const existing = ref && exceptions.findList(ref.namespace_type, ctx.spaceId, { id: ref.id, list_id: ref.list_id });
  if (existing) return existing;
  const list = newDefaultList(rule, exceptions, actor);
  exceptions.putList(ctx.spaceId, list);
  const kept = refs.filter((r) => r.type !== "rule_default");
  // `bulkEditRuleParamsWithReadAuth` sets `exceptionsList`: a params edit (revision +1, updated_at/by).
  const linked = [...kept, { id: list.id, list_id: list.list_id, type: list.type, namespace_type: list.namespace_type }];
  rules.put(ctx.spaceId, patchRule(rule, { exceptions_list: linked }, actor));
  return list;
}

function createRuleExceptions(ctx: RouteContext, rules: RulesStore, actor: Actor): HandlerResult {
  const { id } = validateRequestPart("params", paramsSchema, ctx.params, ctx.version);
  const { items } = validateBody(ruleExceptionsCreateSchema, ctx.body, ctx.version);
  const rule = rules.getById(ctx.spaceId, id);
  // "returns 500 if no rule is found to add exception list to".
  if (!rule) throw siemError(500, `Unable to add exception to rule - rule with id:"${id}" not found`);
  const exceptions = ctx.stores.get<ExceptionsStore>(EXCEPTIONS_STORE);
  const list = ruleDefaultList(ctx, rules, rule, exceptions, actor);
  // `createExceptionListItems`: the lists service's plain create — no `item_id` uniqueness check on this path, the
  // item takes the list's namespace whatever the body says, and a missing `item_id` becomes a UUID.
  const created = items.map((item: RuleExceptionItemProps) => {
    const record = createItemRecord(
      { ...item, item_id: item.item_id ?? randomUUID(), list_id: list.list_id, namespace_type: list.namespace_type },
      exceptions.nextVersion(),
      actor,
    );
    exceptions.putItem(ctx.spaceId, record);
    return sortedResponse(record);
  });
  return { body: created };
}

export function registerRuleExceptionRoutes(router: Router): void {
  router.add({
    family: "siem",
    versioned: true,
    method: "POST",
    path: "/api/detection_engine/rules/{id}/exceptions",
    handler: (ctx) => createRuleExceptions(ctx, ctx.stores.get<RulesStore>(RULES_STORE), { now: ctx.now(), username: ctx.username }),
  });
}
