import type * as pulumi from "@pulumi/pulumi";
import {
  createListItem,
  deleteListItem,
  findAllListItems,
  isConflict,
  listItemCreateStrictSchema,
  listItemValueError,
  nonEmptyString,
  normalizeListItemValue,
  readListItem,
  updateListItem,
  valueListTypeSchema,
  type ListItemResponse,
  type ValueListType,
} from "@esac/kibana-client";
import { checkFailures, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { naturalKey, replacedKeys } from "../provider-kit/identity";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { carriedOptions, kibanaFields, targetOf, versionedUpdateError, withContext } from "../provider-kit/kibana-target";
import { versionGuard } from "../provider-kit/concurrent-edit";
import {
  carriesOwnerMarker,
  foreignObjectError,
  isForeignObject,
  logTookBack,
  ownerInput,
  ownerOf,
  reservedMetaProblems,
  withoutOwnerMarker,
  withOwnerMarker,
} from "../provider-kit/ownership";
import { validateResourceOptions, DEFAULT_SPACE } from "../provider-kit/resource-options";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";

type Obj = Record<string, unknown>;

/**
 * Kibana's item create body with the item's `id` as `list_item_id` (Pulumi reserves `id`), plus the list's
 * `type` (optional): with it, values Elasticsearch would refuse fail at preview and values Kibana rewrites
 * (`10.0.0.1` in an `ip_range` list reads back as `10.0.0.1-10.0.0.1`) compare equal.
 */
const argsSchema = listItemCreateStrictSchema.omit({ id: true, refresh: true }).extend({ list_item_id: nonEmptyString, type: valueListTypeSchema.optional() });

const FIELDS = ["list_item_id", "list_id", "value", "meta"] as const;
const REPLACE_KEYS = ["list_item_id", "list_id", "space_id"] as const;
const SERVER_FIELDS = ["_version", "tie_breaker_id", "created_at", "created_by", "updated_at", "updated_by"] as const;

/** Items of a list are read with one paged `_find` per list and space, whatever the number of resources. */
const snapshots = new SnapshotCache<ListItemResponse>();

export function resetValueListItemReadCache(): void {
  snapshots.clear();
}

const label = (props: Obj) => `ValueListItem "${props.list_item_id}" of list "${props.list_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;
const scopeOf = (scope: string, listId: unknown) => `${scope}|${String(listId)}`;

/**
 * The `meta` of every write (create, update, take-back): the program's with this resource's ownership marker. Kibana's
 * PUT replaces `meta` whole, so an update without it would drop the marker.
 */
function markedMeta(inputs: Obj): Obj | undefined {
  return withOwnerMarker(inputs.meta, ownerOf(inputs));
}

function canonicalValue(value: unknown, type: unknown): unknown {
  return typeof value === "string" && typeof type === "string" ? normalizeListItemValue(type as ValueListType, value) : value;
}

function outs(item: ListItemResponse, inputs: Obj): Obj {
  return toPlainJson({
    list_item_id: item.id,
    list_id: item.list_id,
    type: item.type,
    value: normalizeListItemValue(item.type, item.value),
    meta: withoutOwnerMarker(item.meta),
    ...pick(item as Obj, SERVER_FIELDS),
    ...carriedOptions(inputs),
  });
}

const ADOPT_ADVICE = "Set `adopt: true` to manage it from this program, or choose another list_item_id.";

/** One value of a value list (`/api/lists/items`); the value and meta update in place. For whole lists, use ValueListItems. */
export const valueListItemProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...reservedMetaProblems(news)];
    const body = kibanaFields(news);
    body.list_item_id = naturalKey(body, olds, "list_item_id", ["list_id"], news);
    const parsed = argsSchema.safeParse(body);
    if (!parsed.success) problems.push(...zodProblems(argsSchema, parsed.error, body));
    const type = body.type ?? olds.type;
    // Blank values are the schema's to report.
    if (typeof body.value === "string" && body.value.trim() !== "" && typeof type === "string" && !isUnknown(type)) {
      const error = listItemValueError(type as ValueListType, body.value);
      if (error) problems.push({ path: "value", reason: `${error} (list type ${type})`, value: body.value });
    }
    if (problems.length || !parsed.success) return { inputs: { ...news, list_item_id: body.list_item_id }, failures: checkFailures(problems) };
    return { inputs: toPlainJson({ ...parsed.data, ...carriedOptions(news), ...ownerInput(news) }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, REPLACE_KEYS);
    const deleteBeforeReplace = deepEqual(olds.list_item_id, news.list_item_id);
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace };
    const type = news.type ?? olds.type;
    const changed =
      !deepEqual(canonicalValue(olds.value, type), canonicalValue(news.value, type)) ||
      !deepEqual(withoutOwnerMarker(olds.meta), withoutOwnerMarker(news.meta));
    return { changes: changed || replaces.length > 0, replaces, deleteBeforeReplace };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const owner = ownerOf(inputs);
    const body = { id: inputs.list_item_id as string, list_id: inputs.list_id as string, value: inputs.value as string };
    const desired = { id: body.id, value: body.value, meta: markedMeta(inputs) };
    const item = await createListItem(target, toPlainJson({ ...body, meta: desired.meta }), { isOwn: carriesOwnerMarker(owner) }).catch(async (e) => {
      if (isForeignObject(e)) throw foreignObjectError(label(inputs), ADOPT_ADVICE, e);
      if (!isConflict(e)) throw withContext(label(inputs), e);
      // After a crash: our own item (it carries our marker) is taken back; anyone else's needs `adopt: true`.
      const existing = await readListItem(target, body.id).catch((r) => Promise.reject(withContext(label(inputs), r)));
      const ours = !!existing && carriesOwnerMarker(owner)(existing);
      if (!ours && inputs.adopt !== true) {
        throw new Error(`${label(inputs)} already exists in Kibana and carries no ownership marker of this resource. ${ADOPT_ADVICE}`, { cause: e });
      }
      if (ours) logTookBack(label(inputs));
      const same =
        ours &&
        deepEqual(outs(existing!, inputs).value, canonicalValue(inputs.value, existing!.type)) &&
        deepEqual(withoutOwnerMarker(existing!.meta), withoutOwnerMarker(inputs.meta));
      return same ? existing! : updateListItem(target, desired).catch((r) => Promise.reject(withContext(label(inputs), r)));
    });
    await snapshots.put(scopeOf(target.scope, item.list_id), item.id, item);
    return { id: item.id, outs: outs(item, inputs) };
  },

  async read(_id: string, props: Obj) {
    const target = targetOf(props);
    const load = async () => new Map(((await findAllListItems(target, props.list_id as string)) ?? []).map((i) => [i.id, i]));
    const item = await snapshots
      .get(scopeOf(target.scope, props.list_id), props.list_item_id as string, load)
      .catch((e) => Promise.reject(withContext(label(props), e)));
    if (!item) return {};
    const state = outs(item, props);
    const inputs = { ...pick(state, FIELDS), ...pick(props, ["type"]), ...carriedOptions(props) };
    return { id: item.id, props: state, inputs };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    let item: ListItemResponse;
    try {
      item = await updateListItem(target, {
        id: news.list_item_id as string,
        value: news.value as string,
        meta: markedMeta(news),
        _version: versionGuard(olds, news),
      });
    } catch (error) {
      throw versionedUpdateError(label(news), error);
    }
    await snapshots.put(scopeOf(target.scope, item.list_id), item.id, item);
    return { outs: outs(item, news) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    await deleteListItem(target, props.list_item_id as string).catch((e) => Promise.reject(withContext(label(props), e)));
    await snapshots.put(scopeOf(target.scope, props.list_id), props.list_item_id as string, undefined);
  },
};
