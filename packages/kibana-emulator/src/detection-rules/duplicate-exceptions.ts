/**
 * The exception references of a rule copied by bulk `duplicate` with `include_exceptions` (Kibana's
 * `duplicateExceptions`, rule_management/logic/bulk_actions/duplicate_exceptions.ts): shared lists are referenced
 * as they are; the rule's own `rule_default` list is copied by `duplicateExceptionListAndItems`
 * (lists/server/services/exception_lists/duplicate_exception_list.ts) into a new list — new list_id, name
 * "<name> [Duplicate]", version 1 — with copies of its items (new item_id, no comments), leaving out expired items
 * unless `include_expired_exceptions` (perform_bulk_action.ts "should duplicate rules with exceptions - expired
 * exceptions included" / "… excluded").
 */
import { randomUUID } from "node:crypto";
import type { ExceptionListRecord, ExceptionsStore, NamespaceType } from "../exceptions";
import type { Actor } from "./model";

interface ExceptionRef {
  id: string;
  list_id: string;
  namespace_type: NamespaceType;
  type: string;
}

export function duplicateExceptionRefs(refs: unknown, includeExpired: boolean, exceptions: ExceptionsStore, spaceId: string, actor: Actor): ExceptionRef[] {
  const all = (Array.isArray(refs) ? refs : []) as ExceptionRef[];
  const shared = all.filter((r) => r.type !== "rule_default");
  const ruleDefault = all.find((r) => r.type === "rule_default");
  if (!ruleDefault) return shared;
  const source = exceptions.findList(ruleDefault.namespace_type, spaceId, { list_id: ruleDefault.list_id });
  if (!source) throw new Error(`Unable to duplicate rule default exception items for rule_id: ${ruleDefault.list_id}`);
  const copy: ExceptionListRecord = {
    ...source,
    _version: exceptions.nextVersion(),
    id: randomUUID(),
    list_id: randomUUID(),
    name: `${source.name} [Duplicate]`,
    version: 1,
    tie_breaker_id: randomUUID(),
    created_at: actor.now,
    created_by: actor.username,
    updated_at: actor.now,
    updated_by: actor.username,
  };
  exceptions.putList(spaceId, copy);
  for (const item of exceptions.itemsOfList(source.namespace_type, spaceId, source.list_id)) {
    if (!includeExpired && item.expire_time !== undefined && item.expire_time <= actor.now) continue;
    exceptions.putItem(spaceId, {
      ...item,
      _version: exceptions.nextVersion(),
      id: randomUUID(),
      item_id: randomUUID(),
      list_id: copy.list_id,
      comments: [],
      tie_breaker_id: randomUUID(),
      created_at: actor.now,
      created_by: actor.username,
      updated_at: actor.now,
      updated_by: actor.username,
    });
  }
  return [...shared, { id: copy.id, list_id: copy.list_id, namespace_type: copy.namespace_type, type: copy.type }];
}
