import type * as pulumi from "@pulumi/pulumi";
import {
  createExceptionListItem,
  createRuleExceptions,
  deleteExceptionListItem,
  findAllExceptionListItems,
  planCommentUpdate,
  readRule,
  ruleDefaultListOf,
  ruleExceptionItemStrictSchema,
  updateExceptionListItem,
  type ExceptionListItemResponse,
  type ExceptionListItemUpdateProps,
  type RuleExceptionItemProps,
} from "@esac/kibana-client";
import { commentTexts } from "../exception-list-item/normalize";
import { checkFailures, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { versionGuard } from "../provider-kit/concurrent-edit";
import { derivedKey, replacedKeys } from "../provider-kit/identity";
import { deepEqual, toPlainJson } from "../provider-kit/json";
import { carriedOptions, targetOf, versionedUpdateError, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import {
  carriesOwnerMarker,
  foreignObjectError,
  isForeignObject,
  logTookBack,
  ownerInput,
  ownerOf,
  reservedMetaProblems,
  setMeta,
  withOwnerMarker,
} from "../provider-kit/ownership";
import { DEFAULT_SPACE, validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { canonicalRuleItem, changedRuleItem, itemsById, ruleItemState } from "./normalize";

type Obj = Record<string, unknown>;

const REPLACE_KEYS = ["rule_id", "space_id"] as const;
const ADOPT_ADVICE = "Set `adopt: true` to manage it from this program, or give the item another item_id.";
const APPEND_ONLY =
  "Kibana keeps exception item comments append-only: a stored comment can be neither edited nor removed, only new " +
  "ones appended after it. Put the comment back (comments are compared in order), or give the item a new item_id";

const label = (props: Obj) => `RuleExceptions of rule_id "${props.rule_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;
const itemLabel = (props: Obj, itemId: unknown) => `${label(props)}, item_id "${itemId}"`;

/** The item's create body: canonical fields, comments as `[{comment}]`, esac's ownership marker in `meta`. */
function createBody(item: Obj, owner: string | undefined): RuleExceptionItemProps {
  const fields = canonicalRuleItem(item);
  const body = setMeta({ ...fields, comments: (fields.comments as string[]).map((comment) => ({ comment })) }, withOwnerMarker(fields.meta, owner));
  return toPlainJson(body) as unknown as RuleExceptionItemProps;
}

/** The PUT body from the stored item to the program's: new comments appended only; the marker kept in `meta`. */
function updateBody(stored: Obj, desired: Obj, version: string | undefined, owner: string | undefined, props: Obj): ExceptionListItemUpdateProps {
  const fields = canonicalRuleItem(desired);
  const plan = planCommentUpdate(commentTexts(stored.comments), fields.comments as string[]);
  if (!plan.ok) throw new Error(`${itemLabel(props, desired.item_id)}: comments.${plan.index}: ${plan.reason}. ${APPEND_ONLY}.`);
  const body = setMeta({ ...fields, comments: plan.append.map((comment) => ({ comment })) }, withOwnerMarker(fields.meta, owner));
  return { ...(toPlainJson(body) as unknown as ExceptionListItemUpdateProps), namespace_type: "single", _version: version };
}

interface RuleDefaultState {
  /** The rule's saved-object id (the route's `{id}`). */
  ruleObjectId: string;
  /** The rule's default list, when it has one that exists. */
  listId?: string;
  /** Its items by `item_id`. */
  found: Map<string, ExceptionListItemResponse>;
}

/** The rule (by `rule_id`) and its default list's items: 1 call, plus one paged `_find` when it has a default list. */
async function ruleDefaultState(target: KibanaTarget, props: Obj): Promise<RuleDefaultState | undefined> {
  const rule = await readRule(target, { rule_id: props.rule_id as string }).catch((e) => Promise.reject(withContext(label(props), e)));
  if (!rule) return undefined;
  const ref = ruleDefaultListOf(rule);
  const items = ref ? await findAllExceptionListItems(target, { list_id: ref.list_id, namespace_type: ref.namespace_type }) : undefined;
  return { ruleObjectId: rule.id, listId: items ? ref!.list_id : undefined, found: new Map((items ?? []).map((i) => [i.item_id, i])) };
}

async function mustRuleDefaultState(target: KibanaTarget, props: Obj): Promise<RuleDefaultState> {
  const state = await ruleDefaultState(target, props);
  if (!state) throw new Error(`${label(props)}: the rule does not exist in Kibana (a DetectionRule with this rule_id must be created first).`);
  return state;
}

async function putItem(target: KibanaTarget, body: ExceptionListItemUpdateProps, props: Obj): Promise<ExceptionListItemResponse> {
  try {
    const item = await updateExceptionListItem(target, body);
    // The PUT response shows the previous meta when the body drops it; what was written is what was sent.
    const { meta: _meta, expire_time: _expire, ...rest } = item;
    return { ...rest, ...(body.meta ? { meta: body.meta } : {}), ...(body.expire_time ? { expire_time: body.expire_time } : {}) } as ExceptionListItemResponse;
  } catch (error) {
    throw versionedUpdateError(itemLabel(props, body.item_id), error);
  }
}

/** Creates `items` in the rule's default list: one `POST …/rules/{id}/exceptions` (it makes and links the list if needed). */
async function createInRuleDefault(target: KibanaTarget, state: RuleDefaultState, items: Obj[], props: Obj): Promise<ExceptionListItemResponse[]> {
  const owner = ownerOf(props);
  try {
    return await createRuleExceptions(
      target,
      state.ruleObjectId,
      items.map((i) => createBody(i, owner)),
      { isOwn: carriesOwnerMarker(owner) },
    );
  } catch (error) {
    if (isForeignObject(error)) throw foreignObjectError(label(props), ADOPT_ADVICE, error);
    throw withContext(label(props), error);
  }
}

function outs(props: Obj, listId: string | undefined, items: ExceptionListItemResponse[]): Obj {
  return toPlainJson({ rule_id: props.rule_id, list_id: listId, items: items.map(ruleItemState), ...carriedOptions(props) });
}

/** The program's items in order, each taken from `byId` (what Kibana answered or holds). */
function inProgramOrder(props: Obj, byId: Map<string, ExceptionListItemResponse>): ExceptionListItemResponse[] {
  return ((props.items as Obj[]) ?? []).map((i) => byId.get(i.item_id as string)).filter((i): i is ExceptionListItemResponse => !!i);
}

function checkItems(olds: Obj, news: Obj, problems: CheckProblem[]): Obj[] {
  const items = news.items;
  if (!Array.isArray(items)) {
    if (!isUnknown(items)) problems.push({ path: ["items"], reason: "required: a list of exception items (it may be empty)", value: items });
    return [];
  }
  const before = itemsById(olds.items);
  const seen = new Map<string, number>();
  return items.map((raw: unknown, index) => {
    if (isUnknown(raw) || typeof raw !== "object" || raw === null) return raw as Obj;
    const item = raw as Obj;
    const at = (p: CheckProblem): CheckProblem => ({ ...p, path: ["items", index, ...(typeof p.path === "string" ? p.path.split(".") : p.path)] });
    problems.push(...reservedMetaProblems(item).map(at));
    // Kibana's own item_id is random; esac derives one from the resource, the rule and the item's name, so a retried
    // create meets its own item (the rule route itself would add a second one with the same item_id).
    const itemId = item.item_id ?? derivedKey(news, ["item_id", news.rule_id ?? null, item.name ?? null]) ?? `${String(news.rule_id)}-${index}`;
    const body: Obj = { type: "simple", ...item, item_id: itemId };
    const parsed = ruleExceptionItemStrictSchema.safeParse(body);
    if (!parsed.success) problems.push(...zodProblems(ruleExceptionItemStrictSchema, parsed.error, body, []).map(at));
    if (typeof itemId === "string" && !isUnknown(itemId)) {
      if (seen.has(itemId)) {
        problems.push({
          path: ["items", index, "item_id"],
          reason: `the same item_id as items.${seen.get(itemId)} (items without item_id are keyed by their name: give one of them an item_id or another name)`,
          value: itemId,
        });
      }
      seen.set(itemId, index);
      const stored = before.get(itemId);
      if (parsed.success && stored && olds.rule_id === news.rule_id) {
        const plan = planCommentUpdate(commentTexts(stored.comments), commentTexts(parsed.data.comments));
        if (!plan.ok) problems.push({ path: ["items", index, "comments", plan.index], reason: `${plan.reason}. ${APPEND_ONLY}.` });
      }
    }
    if (!parsed.success) return body;
    const fields = canonicalRuleItem(parsed.data);
    return { ...fields, comments: (fields.comments as string[]).map((comment) => ({ comment })) };
  });
}

/**
 * A rule's own exception items (its `rule_default` list): created with one `POST /api/detection_engine/rules/{id}/exceptions`,
 * then kept item by item through the exception item API on that list (each write guarded by `_version`). Delete removes
 * the items it manages and leaves the list, which Kibana keeps (even after the rule is deleted).
 */
export const ruleExceptionsProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news)];
    const ruleId = news.rule_id;
    if (!isUnknown(ruleId) && (typeof ruleId !== "string" || ruleId.trim() === "")) {
      problems.push({ path: ["rule_id"], reason: "required: the rule's rule_id (a DetectionRule or its rule_id output)", value: ruleId });
    }
    const items = checkItems(olds, news, problems);
    if (problems.length) return { inputs: news, failures: checkFailures(problems) };
    return { inputs: toPlainJson({ rule_id: ruleId, items, ...carriedOptions(news), ...ownerInput(news) }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, REPLACE_KEYS);
    if (containsUnknown(news)) return { changes: true, replaces };
    const before = ((olds.items as Obj[]) ?? []).map(canonicalRuleItem);
    const after = ((news.items as Obj[]) ?? []).map(canonicalRuleItem);
    return { changes: replaces.length > 0 || !deepEqual(before, after), replaces };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const owner = ownerOf(inputs);
    const state = await mustRuleDefaultState(target, inputs);
    const desired = (inputs.items as Obj[]) ?? [];
    const present = desired.filter((i) => state.found.has(i.item_id as string));
    const byId = new Map<string, ExceptionListItemResponse>();
    // Items already in the rule's list (an interrupted create, or someone else's): ours are taken back, others need `adopt`.
    for (const item of present) {
      const existing = state.found.get(item.item_id as string)!;
      const ours = carriesOwnerMarker(owner)(existing);
      if (!ours && inputs.adopt !== true) {
        throw new Error(
          `${itemLabel(inputs, item.item_id)} already exists in the rule's exception list and carries no ownership marker of this resource. ${ADOPT_ADVICE}`,
        );
      }
      if (ours) logTookBack(itemLabel(inputs, item.item_id));
      const same = ours && !changedRuleItem(ruleItemState(existing), item);
      byId.set(item.item_id as string, same ? existing : await putItem(target, updateBody(existing, item, existing._version, owner, inputs), inputs));
    }
    const missing = desired.filter((i) => !state.found.has(i.item_id as string));
    let listId = state.listId;
    if (missing.length || !listId) {
      const made = await createInRuleDefault(target, state, missing, inputs);
      for (const item of made) byId.set(item.item_id, item);
      listId = made[0]?.list_id ?? (await mustRuleDefaultState(target, inputs)).listId;
    }
    return { id: `${inputs.space_id ?? DEFAULT_SPACE}/${String(inputs.rule_id)}`, outs: outs(inputs, listId, inProgramOrder(inputs, byId)) };
  },

  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const state = await ruleDefaultState(target, props);
    if (!state) return {};
    const items = inProgramOrder(props, state.found);
    const out = outs(props, state.listId, items);
    const inputs = {
      rule_id: props.rule_id,
      items: (out.items as Obj[]).map((i) => {
        const fields = canonicalRuleItem(i);
        return { ...fields, comments: (fields.comments as string[]).map((comment) => ({ comment })) };
      }),
      ...carriedOptions(props),
    };
    return { id, props: out, inputs: toPlainJson(inputs) };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const owner = ownerOf(news);
    const state = await mustRuleDefaultState(target, news);
    const stored = itemsById(olds.items);
    const desired = (news.items as Obj[]) ?? [];
    const byId = new Map<string, ExceptionListItemResponse>();
    const wanted = new Set(desired.map((i) => i.item_id as string));
    for (const [itemId] of stored) {
      if (wanted.has(itemId)) continue;
      await deleteExceptionListItem(target, { item_id: itemId, namespace_type: "single" }).catch((e) =>
        Promise.reject(withContext(itemLabel(news, itemId), e)),
      );
    }
    const fresh: Obj[] = [];
    for (const item of desired) {
      const itemId = item.item_id as string;
      const before = stored.get(itemId);
      if (!before) fresh.push(item);
      else if (!changedRuleItem(before, item) && state.found.has(itemId)) byId.set(itemId, state.found.get(itemId)!);
      else byId.set(itemId, await putItem(target, updateBody(before, item, versionGuard(before, news), owner, news), news));
    }
    let listId = state.listId;
    if (fresh.length && listId) {
      for (const item of fresh) {
        const body = { ...createBody(item, owner), list_id: listId, namespace_type: "single" as const };
        const made = await createExceptionListItem(target, body as never, { isOwn: carriesOwnerMarker(owner) }).catch((e) =>
          Promise.reject(
            isForeignObject(e) ? foreignObjectError(itemLabel(news, item.item_id), ADOPT_ADVICE, e) : withContext(itemLabel(news, item.item_id), e),
          ),
        );
        byId.set(made.item_id, made);
      }
    } else if (fresh.length || !listId) {
      // The rule's list is gone (deleted in Kibana): the rule route makes a new one and links it.
      const made = await createInRuleDefault(target, state, fresh, news);
      for (const item of made) byId.set(item.item_id, item);
      listId = made[0]?.list_id ?? (await mustRuleDefaultState(target, news)).listId;
    }
    return { outs: outs(news, listId, inProgramOrder(news, byId)) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    for (const item of (props.items as Obj[]) ?? []) {
      await deleteExceptionListItem(target, { item_id: item.item_id as string, namespace_type: "single" }).catch((e) =>
        Promise.reject(withContext(itemLabel(props, item.item_id), e)),
      );
    }
  },
};
