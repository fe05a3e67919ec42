import type * as pulumi from "@pulumi/pulumi";
import {
  deleteListItem,
  findAllListItems,
  importListItems,
  isConflict,
  isKibanaError,
  listItemsImportStrictSchema,
  type ListItemResponse,
  type ValueListType,
} from "@esac/kibana-client";
import { checkFailures, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { replacedKeys } from "../provider-kit/identity";
import { deepEqual, toPlainJson } from "../provider-kit/json";
import { carriedOptions, goneError, inPool, kibanaFields, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { validateResourceOptions, DEFAULT_SPACE } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { canonicalValues, valueDelta, valueFailures } from "./normalize";

type Obj = Record<string, unknown>;

/** Deletes in flight at once (one DELETE per removed item: the lists API has no bulk delete in every version). */
export const DELETE_CONCURRENCY = 8;

const label = (props: Obj) => `ValueListItems of list "${props.list_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;

function typeOf(props: Obj): ValueListType | undefined {
  return typeof props.type === "string" && !isUnknown(props.type) ? (props.type as ValueListType) : undefined;
}

function outs(inputs: Obj, values: string[], type: ValueListType | undefined): Obj {
  return toPlainJson({ list_id: inputs.list_id, values, type, count: values.length, ...carriedOptions(inputs) });
}

/** The list itself is gone (deleted outside Pulumi). */
class ListGoneError extends Error {
  constructor(listId: string) {
    super(`list "${listId}" does not exist`);
  }
}

/** Every item of the list grouped by value (read form); undefined when the list does not exist. */
async function itemsByValue(target: KibanaTarget, listId: string): Promise<Map<string, ListItemResponse[]> | undefined> {
  const items = await findAllListItems(target, listId);
  if (!items) return undefined;
  const byValue = new Map<string, ListItemResponse[]>();
  for (const item of items) byValue.set(item.value, [...(byValue.get(item.value) ?? []), item]);
  return byValue;
}

async function deleteItems(target: KibanaTarget, items: ListItemResponse[]): Promise<void> {
  await inPool(items, DELETE_CONCURRENCY, (item) => deleteListItem(target, item.id));
}

/** Imports `values` (none when empty); the list's type comes back with the list. */
async function addValues(target: KibanaTarget, listId: string, values: string[]): Promise<ValueListType | undefined> {
  if (!values.length) return undefined;
  try {
    return (await importListItems(target, listId, values))?.type;
  } catch (error) {
    // `_import` answers 409 when the list does not exist.
    if (isConflict(error) || (isKibanaError(error) && error.status === 404)) throw new ListGoneError(listId);
    throw error;
  }
}

/**
 * Brings the list to `desired` (canonical) from what Kibana holds: removals need the items' ids (one paged read),
 * additions go in one `_import` per 4 MB. Returns the list type when Kibana told it.
 */
async function reconcile(
  target: KibanaTarget,
  listId: string,
  desired: string[],
  known: string[] | undefined,
  type: ValueListType | undefined,
): Promise<ValueListType | undefined> {
  let current = known;
  let byValue: Map<string, ListItemResponse[]> | undefined;
  const needsRead = current === undefined || valueDelta(current, desired).remove.length > 0;
  if (needsRead) {
    byValue = await itemsByValue(target, listId);
    if (!byValue) throw new ListGoneError(listId);
    type = type ?? [...byValue.values()][0]?.[0]?.type;
    current = canonicalValues([...byValue.keys()], type);
  }
  const { add, remove } = valueDelta(current!, desired);
  if (byValue && remove.length) {
    const wanted = new Set(desired);
    const doomed = [...byValue.entries()].filter(([value]) => !wanted.has(canonicalValues([value], type)[0]!)).flatMap(([, items]) => items);
    await deleteItems(target, doomed);
  }
  return (await addValues(target, listId, add)) ?? type;
}

/**
 * The whole set of values of one value list, as one resource: diff the sets, send only the delta — additions with
 * one `_import` (per 4 MB), removals one DELETE per item after one paged read for their ids. Refresh reads the
 * set with one `_find` per 5,000 values.
 */
export const valueListItemsProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = validateResourceOptions(news);
    const body = kibanaFields(news);
    const parsed = listItemsImportStrictSchema.safeParse(body);
    if (!parsed.success) problems.push(...zodProblems(listItemsImportStrictSchema, parsed.error, body));
    const type = typeOf(body) ?? (body.type === undefined && deepEqual(olds.list_id, body.list_id) ? typeOf(olds) : undefined);
    if (Array.isArray(body.values)) problems.push(...valueFailures(body.values, type));
    if (problems.length || !parsed.success) return { inputs: news, failures: checkFailures(problems) };
    return { inputs: toPlainJson({ ...parsed.data, type, values: canonicalValues(parsed.data.values, type), ...carriedOptions(news) }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["list_id", "space_id"]);
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace: false };
    const type = typeOf(news) ?? typeOf(olds);
    const changed = !deepEqual(canonicalValues((olds.values as string[]) ?? [], type), canonicalValues(news.values as string[], type));
    return { changes: changed || replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const listId = inputs.list_id as string;
    let type = typeOf(inputs);
    try {
      // A new set is imported in one go; `adopt` first reads what the list already holds and reconciles.
      type =
        inputs.adopt === true
          ? await reconcile(target, listId, inputs.values as string[], undefined, type)
          : ((await addValues(target, listId, inputs.values as string[])) ?? type);
    } catch (error) {
      throw withContext(label(inputs), error);
    }
    return { id: listId, outs: outs(inputs, canonicalValues(inputs.values as string[], type), type) };
  },

  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const items = await findAllListItems(target, props.list_id as string).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!items) return {};
    const type = items[0]?.type ?? typeOf(props);
    const state = outs(
      props,
      canonicalValues(
        items.map((i) => i.value),
        type,
      ),
      type,
    );
    const { count: _count, ...inputs } = state;
    return { id, props: state, inputs };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const type = typeOf(news) ?? typeOf(olds);
    const desired = canonicalValues(news.values as string[], type);
    const known = canonicalValues((olds.values as string[]) ?? [], type);
    let resolved: ValueListType | undefined;
    try {
      resolved = (await reconcile(target, news.list_id as string, desired, known, type)) ?? type;
    } catch (error) {
      if (error instanceof ListGoneError) throw goneError(label(news));
      throw withContext(label(news), error);
    }
    return { outs: outs(news, canonicalValues(desired, resolved), resolved) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    try {
      const byValue = await itemsByValue(target, props.list_id as string);
      if (!byValue) return;
      const type = typeOf(props);
      const managed = new Set(canonicalValues((props.values as string[]) ?? [], type));
      const doomed = [...byValue.entries()].filter(([value]) => managed.has(canonicalValues([value], type)[0]!)).flatMap(([, items]) => items);
      await deleteItems(target, doomed);
    } catch (error) {
      throw withContext(label(props), error);
    }
  },
};
