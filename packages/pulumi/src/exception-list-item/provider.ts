import type * as pulumi from "@pulumi/pulumi";
import {
  createExceptionListItem,
  deleteExceptionListItem,
  exceptionListItemCreateStrictSchema,
  findAllExceptionListItems,
  isConflict,
  planCommentUpdate,
  readExceptionListItem,
  updateExceptionListItem,
  type ExceptionListItemResponse,
  type ExceptionListItemUpdateProps,
  type NamespaceType,
} from "@esac/kibana-client";
import { checkFailures, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { naturalKey, replacedKeys } from "../provider-kit/identity";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { carriedOptions, kibanaFields, targetOf, versionedUpdateError, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { versionGuard } from "../provider-kit/concurrent-edit";
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
import { validateResourceOptions, DEFAULT_SPACE } from "../provider-kit/resource-options";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { containsUnknown } from "../provider-kit/unknown";
import {
  canonicalExceptionItem,
  changedExceptionItemFields,
  commentTexts,
  EXCEPTION_ITEM_FIELDS,
  EXCEPTION_ITEM_REPLACE_KEYS,
  exceptionItemState,
} from "./normalize";

type Obj = Record<string, unknown>;

/** Items are read with one paged `_find` per exception list, whatever the number of item resources. */
const snapshots = new SnapshotCache<ExceptionListItemResponse>();

export function resetExceptionListItemReadCache(): void {
  snapshots.clear();
}

const label = (props: Obj) =>
  `ExceptionListItem item_id "${props.item_id}" of list "${props.list_id}" (${props.namespace_type ?? "single"}) in space "${props.space_id ?? DEFAULT_SPACE}"`;
const scopeOf = (scope: string, props: Obj) => `${scope}|${props.namespace_type ?? "single"}|${String(props.list_id)}`;

const ADOPT_ADVICE = "Set `adopt: true` to manage it from this program, or choose another item_id.";

const APPEND_ONLY =
  "Kibana keeps exception item comments append-only: a stored comment can be neither edited nor removed, only new " +
  "ones appended after it. Put the comment back (comments are compared in order), or replace the item (give it a new item_id)";

function outs(item: ExceptionListItemResponse, inputs: Obj): Obj {
  return toPlainJson({ ...exceptionItemState(item), ...carriedOptions(inputs) });
}

/**
 * The PUT body that takes Kibana from `stored` comments to the program's: it appends the new comments only (sending
 * a stored one again would duplicate it), and refuses, before any call, a change Kibana cannot make. The PUT replaces
 * `meta` whole, so it carries this resource's ownership marker like the create.
 */
function updateBody(storedComments: unknown, news: Obj, version: string | undefined, props: Obj): ExceptionListItemUpdateProps {
  const desired = canonicalExceptionItem(news);
  const plan = planCommentUpdate(commentTexts(storedComments), desired.comments as string[]);
  if (!plan.ok) throw new Error(`${label(props)}: comments.${plan.index}: ${plan.reason}. ${APPEND_ONLY}.`);
  const { comments: _c, list_id: _l, ...fields } = setMeta(desired, withOwnerMarker(desired.meta, ownerOf(news)));
  return { ...(fields as Omit<ExceptionListItemUpdateProps, "comments">), comments: plan.append.map((comment) => ({ comment })), _version: version };
}

async function write(target: KibanaTarget, body: ExceptionListItemUpdateProps, props: Obj): Promise<ExceptionListItemResponse> {
  let item: ExceptionListItemResponse;
  try {
    item = await updateExceptionListItem(target, body);
  } catch (error) {
    throw versionedUpdateError(label(props), error);
  }
  // The PUT response shows the previous meta when the body drops it; what was written is what was sent.
  const { meta: _meta, expire_time: _expire, ...rest } = item;
  return { ...rest, ...pick(body as Obj, ["meta", "expire_time"]) } as ExceptionListItemResponse;
}

/**
 * An exception item (`/api/exception_lists/items`). Every entry kind is checked at preview; `namespace_type` goes
 * with every call; each write is one call guarded by `_version`. Comments are append-only in Kibana: new ones are
 * appended, and editing or removing a stored one fails at preview instead of duplicating comments.
 */
export const exceptionListItemProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...reservedMetaProblems(news)];
    // `type` has one possible value; Kibana requires it, the program need not say it.
    const body: Obj = { type: "simple", ...kibanaFields(news) };
    const before = canonicalExceptionItem(olds);
    const after = { ...canonicalExceptionItem({ ...body, item_id: undefined }), ...pick(body, ["item_id"]) };
    body.item_id = naturalKey(after, before, "item_id", ["list_id", "namespace_type"], news);
    const parsed = exceptionListItemCreateStrictSchema.safeParse(body);
    if (!parsed.success) problems.push(...zodProblems(exceptionListItemCreateStrictSchema, parsed.error, body));
    const sameItem = ["item_id", "list_id", "namespace_type"].every((k) => deepEqual(before[k], k === "item_id" ? body.item_id : after[k]));
    if (parsed.success && sameItem && olds.comments !== undefined) {
      const plan = planCommentUpdate(before.comments as string[], commentTexts(parsed.data.comments));
      if (!plan.ok) problems.push({ path: ["comments", plan.index], reason: `${plan.reason}. ${APPEND_ONLY}.` });
    }
    if (problems.length || !parsed.success) return { inputs: { ...news, item_id: body.item_id }, failures: checkFailures(problems) };
    const { comments, ...fields } = canonicalExceptionItem(parsed.data);
    return {
      inputs: toPlainJson({ ...fields, comments: (comments as string[]).map((comment) => ({ comment })), ...carriedOptions(news), ...ownerInput(news) }),
    };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(
      { ...canonicalExceptionItem(olds), space_id: olds.space_id },
      { ...canonicalExceptionItem(news), space_id: news.space_id },
      EXCEPTION_ITEM_REPLACE_KEYS,
    );
    const deleteBeforeReplace = deepEqual(olds.item_id, news.item_id);
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace };
    const changed = changedExceptionItemFields(olds, news);
    if (!replaces.length && changed.includes("comments")) updateBody(olds.comments, news, undefined, news);
    return { changes: changed.length > 0 || replaces.length > 0, replaces, deleteBeforeReplace };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    if (inputs.adopt === true) {
      // An item that already holds the program's settings is taken over as it is: one listing per list, no write.
      const list = { list_id: inputs.list_id as string, namespace_type: (inputs.namespace_type as NamespaceType) ?? "single" };
      const load = async () => new Map(((await findAllExceptionListItems(target, list)) ?? []).map((i) => [i.item_id, i]));
      const existing = await snapshots
        .get(scopeOf(target.scope, inputs), inputs.item_id as string, load)
        .catch((e) => Promise.reject(withContext(label(inputs), e)));
      if (existing && !changedExceptionItemFields(exceptionItemState(existing), inputs).length) return { id: existing.id, outs: outs(existing, inputs) };
    }
    const owner = ownerOf(inputs);
    const body = canonicalExceptionItem(inputs);
    body.comments = (body.comments as string[]).map((comment) => ({ comment }));
    body.meta = withOwnerMarker(body.meta, owner);
    let item: ExceptionListItemResponse;
    try {
      item = await createExceptionListItem(target, toPlainJson(body) as never, { isOwn: carriesOwnerMarker(owner) });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(label(inputs), ADOPT_ADVICE, error);
      if (!isConflict(error)) throw withContext(label(inputs), error);
      // After a crash: our own item (it carries our marker) is taken back; anyone else's needs `adopt: true`.
      const existing = await readExceptionListItem(target, { item_id: inputs.item_id as string, namespace_type: body.namespace_type as NamespaceType });
      const ours = !!existing && carriesOwnerMarker(owner)(existing);
      if (!ours && inputs.adopt !== true) {
        throw new Error(`${label(inputs)} already exists in Kibana and carries no ownership marker of this resource. ${ADOPT_ADVICE}`, { cause: error });
      }
      if (!existing) throw withContext(label(inputs), error);
      if (ours) logTookBack(label(inputs));
      const unchanged = ours && !changedExceptionItemFields(exceptionItemState(existing), inputs).length;
      item = unchanged ? existing : await write(target, updateBody(existing.comments, inputs, existing._version, inputs), inputs);
    }
    await snapshots.put(scopeOf(target.scope, inputs), item.item_id, item);
    return { id: item.id, outs: outs(item, inputs) };
  },

  async read(_id: string, props: Obj) {
    const target = targetOf(props);
    const list = { list_id: props.list_id as string, namespace_type: (props.namespace_type as NamespaceType) ?? "single" };
    const load = async () => new Map(((await findAllExceptionListItems(target, list)) ?? []).map((i) => [i.item_id, i]));
    const item = await snapshots.get(scopeOf(target.scope, props), props.item_id as string, load).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!item) return {};
    const state = outs(item, props);
    const fields = pick(state, EXCEPTION_ITEM_FIELDS);
    fields.comments = commentTexts(state.comments).map((comment) => ({ comment }));
    return { id: item.id, props: state, inputs: { ...fields, ...carriedOptions(props) } };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const item = await write(target, updateBody(olds.comments, news, versionGuard(olds, news), news), news);
    await snapshots.put(scopeOf(target.scope, news), item.item_id, item);
    return { outs: outs(item, news) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    const by = { item_id: props.item_id as string, namespace_type: (props.namespace_type as NamespaceType) ?? "single" };
    await deleteExceptionListItem(target, by).catch((e) => Promise.reject(withContext(label(props), e)));
    await snapshots.put(scopeOf(target.scope, props), by.item_id, undefined);
  },
};
