import type * as pulumi from "@pulumi/pulumi";
import { countListItems, listItemsImportStrictSchema, type ValueListType } from "@esac/kibana-client";
import { checkFailures, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { replacedKeys } from "../provider-kit/identity";
import { deepEqual, toPlainJson } from "../provider-kit/json";
import { carriedOptions, goneError, kibanaFields, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { concurrentEditError, OVERWRITE_OPTION } from "../provider-kit/concurrent-edit";
import { validateResourceOptions, DEFAULT_SPACE } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { deleteItemIds, extraCopies, itemValues, itemsOfValues, ListGoneError, readContents, type ListContents } from "./contents";
import { importMissing } from "./import-missing";
import { canonicalValues, valueDelta, valueFailures } from "./normalize";

export { DELETE_CONCURRENCY } from "./contents";

type Obj = Record<string, unknown>;

/** A refused update: its message is complete (it names the resource), so it is not prefixed again. */
class ConcurrentEditError extends Error {}

const label = (props: Obj) => `ValueListItems of list "${props.list_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;

function typeOf(props: Obj): ValueListType | undefined {
  return typeof props.type === "string" && !isUnknown(props.type) ? (props.type as ValueListType) : undefined;
}

function outs(inputs: Obj, values: string[], type: ValueListType | undefined): Obj {
  return toPlainJson({ list_id: inputs.list_id, values, type, count: values.length, ...carriedOptions(inputs) });
}

/** Ids of the extra copies a read found (state only; the next update deletes them). */
function duplicateIds(props: Obj): string[] {
  return Array.isArray(props.duplicate_ids) ? (props.duplicate_ids as string[]) : [];
}

async function readOrGone(target: KibanaTarget, listId: string, type: ValueListType | undefined): Promise<ListContents> {
  const contents = await readContents(target, listId, type);
  if (!contents) throw new ListGoneError(listId);
  return contents;
}

/**
 * Brings a list whose items were just read to `desired`: deletes the extra copies of every value held more than
 * once, with `exclusive` every item whose value is not desired, then imports what is missing. Returns the type.
 */
async function reconcile(
  target: KibanaTarget,
  listId: string,
  contents: ListContents,
  desired: readonly string[],
  exclusive: boolean,
): Promise<ValueListType | undefined> {
  const wanted = new Set(canonicalValues(desired, contents.type));
  const unwanted = exclusive ? itemsOfValues(contents, (value) => !wanted.has(value)) : [];
  const extras = extraCopies(contents).filter((item) => wanted.has(canonicalValues([item.value], contents.type)[0]!));
  await deleteItemIds(
    target,
    [...unwanted, ...extras].map((item) => item.id),
  );
  const present = new Set([...contents.byValue.keys()].filter((value) => !exclusive || wanted.has(value)));
  return importMissing(target, listId, desired, { type: contents.type, values: present });
}

/**
 * The changes made in Kibana since the last read that an update would undo: values added that the program does not
 * want (it would delete them) and values removed that it does want (it would import them again). Changes that move
 * the list towards the program — the values of an interrupted import or delete of its own — are not counted.
 */
export function changesOthersMade(contents: ListContents, known: readonly string[], desired: readonly string[]): { added: string[]; removed: string[] } {
  const present = [...contents.byValue.keys()];
  const knownSet = new Set(canonicalValues(known, contents.type));
  const wanted = new Set(canonicalValues(desired, contents.type));
  const presentSet = new Set(present);
  return {
    added: present.filter((value) => !knownSet.has(value) && !wanted.has(value)).sort(),
    removed: [...knownSet].filter((value) => !presentSet.has(value) && wanted.has(value)).sort(),
  };
}

function describeChanges({ added, removed }: { added: string[]; removed: string[] }): string {
  const some = (values: string[]) => values.slice(0, 5).join(", ") + (values.length > 5 ? `, … ${values.length - 5} more` : "");
  const parts = [];
  if (added.length) parts.push(`${added.length} value(s) added that the program does not have: ${some(added)}`);
  if (removed.length) parts.push(`${removed.length} value(s) of the program removed: ${some(removed)}`);
  return parts.join("; ");
}

/**
 * An update from the values the state knows (`known`, canonical). Removing values needs their item ids: one paged
 * read, then a full reconcile. Otherwise the extra copies a refresh found are deleted by id, and additions are
 * imported after one count check: a count other than the state's means the list changed since — a lost or
 * interrupted import, a crash mid-update, an edit in the UI — and the list is read so only missing values go in.
 * Whenever the list is read, a change someone else made since the last read that the update would undo is refused
 * (unless `overwrite`), as for the other resources.
 */
async function updateFromKnown(
  target: KibanaTarget,
  listId: string,
  known: string[],
  desired: string[],
  extraIds: string[],
  type: ValueListType | undefined,
  refuse: ((what: string) => Error) | undefined,
): Promise<ValueListType | undefined> {
  const readGuarded = async () => {
    const contents = await readOrGone(target, listId, type);
    const changes = changesOthersMade(contents, known, desired);
    if (refuse && (changes.added.length || changes.removed.length)) throw refuse(describeChanges(changes));
    return contents;
  };
  const { add, remove } = valueDelta(known, desired);
  if (remove.length) return reconcile(target, listId, await readGuarded(), desired, true);
  await deleteItemIds(target, extraIds);
  if (!add.length) return type;
  const count = await countListItems(target, listId);
  if (count === undefined) throw new ListGoneError(listId);
  if (count !== known.length) return reconcile(target, listId, await readGuarded(), desired, true);
  return importMissing(target, listId, desired, { type, values: new Set(known) });
}

/**
 * The whole set of values of one value list, as one resource: diff the sets, send only the delta — additions with
 * one `_import` (per 4 MB) after one count check, removals one DELETE per item after one paged read for their ids.
 * Create reads the list first (one `_find` per 5,000 values). No import sends a value the list already holds, so a
 * lost answer or a crash never duplicates values; a refresh reports values held twice, and the update deletes the
 * extra copies. Refresh reads the set with one `_find` per 5,000 values. Delete runs only when the list stays (the
 * resource class makes it `deletedWith` its ValueList), so it removes every managed value by id.
 */
export const valueListItemsProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news)];
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
    // Extra copies of a value (found by refresh) are drift too: the update deletes them.
    return { changes: changed || duplicateIds(olds).length > 0 || replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const listId = inputs.list_id as string;
    let type = typeOf(inputs);
    try {
      // Read first: a create retried after a lost answer or a crash finds its values there and imports only the rest.
      // Without `adopt` other values are left alone; extra copies of the values set here are deleted.
      const contents = await readOrGone(target, listId, type);
      type = (await reconcile(target, listId, contents, inputs.values as string[], inputs.adopt === true)) ?? type;
    } catch (error) {
      throw withContext(label(inputs), error);
    }
    return { id: listId, outs: outs(inputs, canonicalValues(inputs.values as string[], type), type) };
  },

  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const contents = await readContents(target, props.list_id as string, typeOf(props)).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!contents) return {};
    const state = outs(props, itemValues(contents), contents.type ?? typeOf(props));
    const extras = extraCopies(contents).map((item) => item.id);
    const { count: _count, ...inputs } = state;
    return { id, props: extras.length ? { ...state, duplicate_ids: extras.sort() } : state, inputs };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const type = typeOf(news) ?? typeOf(olds);
    const desired = canonicalValues(news.values as string[], type);
    const known = canonicalValues((olds.values as string[]) ?? [], type);
    let resolved: ValueListType | undefined;
    try {
      const refuse = news[OVERWRITE_OPTION] === true ? undefined : (what: string) => new ConcurrentEditError(concurrentEditError(label(news), what).message);
      resolved = (await updateFromKnown(target, news.list_id as string, known, desired, duplicateIds(olds), type, refuse)) ?? type;
    } catch (error) {
      if (error instanceof ListGoneError) throw goneError(label(news));
      if (error instanceof ConcurrentEditError) throw error;
      throw withContext(label(news), error);
    }
    return { outs: outs(news, canonicalValues(desired, resolved), resolved) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    try {
      const contents = await readContents(target, props.list_id as string, typeOf(props));
      if (!contents) return;
      const managed = new Set(canonicalValues((props.values as string[]) ?? [], contents.type));
      await deleteItemIds(
        target,
        itemsOfValues(contents, (value) => managed.has(value)).map((item) => item.id),
      );
    } catch (error) {
      throw withContext(label(props), error);
    }
  },
};
