import { z } from "zod";
import { ForeignObjectError, type KibanaResponse } from "../transport";
import type { CreateOptions } from "../ownership";
import { readRule, type ApiTarget } from "../detection-rules/api";
import { findAllExceptionListItems } from "./api";
import { exceptionListItemCreateSchema, exceptionListItemCreateStrictSchema, type ExceptionListItemResponse, type NamespaceType } from "./schema";

/**
 * `POST /api/detection_engine/rules/{id}/exceptions` (`CreateRuleExceptionListItems`): items of a rule's own
 * `rule_default` exception list. An item is an item create body without `list_id` (the list is the rule's).
 */
export const ruleExceptionItemSchema = exceptionListItemCreateSchema.omit({ list_id: true });
export const ruleExceptionItemStrictSchema = exceptionListItemCreateStrictSchema.omit({ list_id: true });
export const ruleExceptionsCreateSchema = z.object({ items: z.array(ruleExceptionItemSchema) });

export type RuleExceptionItemProps = z.infer<typeof ruleExceptionItemSchema>;

/** The `exceptions_list` entry of a rule's own list. */
export interface RuleDefaultListRef {
  id: string;
  list_id: string;
  namespace_type: NamespaceType;
  type: "rule_default";
}

/** The rule's `rule_default` reference, if it has one. */
export function ruleDefaultListOf(rule: { exceptions_list?: unknown }): RuleDefaultListRef | undefined {
  const refs = Array.isArray(rule.exceptions_list) ? (rule.exceptions_list as { type?: string }[]) : [];
  return refs.find((r) => r.type === "rule_default") as RuleDefaultListRef | undefined;
}

/** The items of a rule's default list, keyed by `item_id`; empty when the rule has no default list (or it is gone). */
async function itemsOfRuleDefaultList(target: ApiTarget, ruleObjectId: string): Promise<Map<string, ExceptionListItemResponse>> {
  const rule = await readRule(target, { id: ruleObjectId });
  const ref = rule && ruleDefaultListOf(rule);
  const items = ref ? await findAllExceptionListItems(target, { list_id: ref.list_id, namespace_type: ref.namespace_type }) : undefined;
  return new Map((items ?? []).map((i) => [i.item_id, i]));
}

/**
 * `POST /api/detection_engine/rules/{id}/exceptions` (1 call; `ruleObjectId` is the rule's saved-object `id`, not its
 * `rule_id`): creates the rule's `rule_default` list when it has none (or its list is gone) and links it, then the
 * items; answers the created items. Kibana does not check `item_id`s on this route (a re-sent create makes a second
 * item with the same `item_id`), so every item needs one, and an ambiguous failure is resolved by looking the items up
 * in the rule's default list: none there → re-sent; all there and own (see {@link CreateOptions}) → taken; some there
 * → the others are created by a second call.
 */
export async function createRuleExceptions(
  target: ApiTarget,
  ruleObjectId: string,
  items: RuleExceptionItemProps[],
  options: CreateOptions<ExceptionListItemResponse> = {},
): Promise<ExceptionListItemResponse[]> {
  const missingId = items.findIndex((i) => !i.item_id);
  if (missingId >= 0) throw new Error(`createRuleExceptions: items.${missingId}.item_id is required (a re-sent create could duplicate an item without one)`);
  const recover = async (): Promise<KibanaResponse<ExceptionListItemResponse[]> | undefined> => {
    const found = await itemsOfRuleDefaultList(target, ruleObjectId);
    const present = items.filter((i) => found.has(i.item_id!));
    if (!present.length) return undefined;
    const foreign = present.find((i) => options.isOwn && !options.isOwn(found.get(i.item_id!)!));
    if (foreign) {
      throw new ForeignObjectError(
        `The outcome of the create is unknown: an item with item_id "${foreign.item_id}" exists in the rule's default exception list, but nothing shows that this create made it, so it was not taken`,
      );
    }
    const rest = items.filter((i) => !found.has(i.item_id!));
    const made = new Map((rest.length ? await createRuleExceptions(target, ruleObjectId, rest, options) : []).map((i) => [i.item_id, i]));
    return { status: 200, headers: {}, body: items.map((i) => found.get(i.item_id!) ?? made.get(i.item_id!)!) };
  };
  const res = await target.transport.request<ExceptionListItemResponse[]>({
    method: "POST",
    path: `/api/detection_engine/rules/${encodeURIComponent(ruleObjectId)}/exceptions`,
    spaceId: target.spaceId,
    versioned: true,
    body: { items },
    recover,
  });
  return res.body;
}
