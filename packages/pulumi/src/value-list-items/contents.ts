import { deleteListItem, findAllListItems, type ListItemResponse, type ValueListType } from "@esac/kibana-client";
import { inPool, type KibanaTarget } from "../provider-kit/kibana-target";
import { canonicalValues } from "./normalize";

/** Deletes in flight at once (one DELETE per removed item: the lists API has no bulk delete in every version). */
export const DELETE_CONCURRENCY = 8;

/** What a list holds: its items grouped by canonical value, each group's oldest copy first. */
export interface ListContents {
  type: ValueListType | undefined;
  byValue: Map<string, ListItemResponse[]>;
}

/** The list itself is gone (deleted outside Pulumi). */
export class ListGoneError extends Error {
  constructor(listId: string) {
    super(`list "${listId}" does not exist`);
  }
}

const oldestFirst = (a: ListItemResponse, b: ListItemResponse) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Groups items by value. The copy kept of a value held more than once is always the oldest (then the smallest id),
 * so a repeated clean-up — or one that sees a delete not yet visible — picks the same extra copies again.
 */
export function groupItems(items: readonly ListItemResponse[], type: ValueListType | undefined): ListContents {
  const listType = type ?? items[0]?.type;
  const byValue = new Map<string, ListItemResponse[]>();
  for (const item of [...items].sort(oldestFirst)) {
    const value = canonicalValues([item.value], listType)[0]!;
    byValue.set(value, [...(byValue.get(value) ?? []), item]);
  }
  return { type: listType, byValue };
}

/** Every item of the list (one `_find` per 5,000), grouped; undefined when the list does not exist. */
export async function readContents(target: KibanaTarget, listId: string, type: ValueListType | undefined): Promise<ListContents | undefined> {
  const items = await findAllListItems(target, listId);
  return items && groupItems(items, type);
}

/** Every item's value, sorted, a value held twice appearing twice: the state shows duplicates as drift. */
export function itemValues(contents: ListContents): string[] {
  return [...contents.byValue.entries()].flatMap(([value, items]) => items.map(() => value)).sort();
}

/** The copies beyond the first of every value held more than once. */
export function extraCopies(contents: ListContents): ListItemResponse[] {
  return [...contents.byValue.values()].flatMap((items) => items.slice(1));
}

/** Every item of the values `doomed` accepts (all copies). */
export function itemsOfValues(contents: ListContents, doomed: (value: string) => boolean): ListItemResponse[] {
  return [...contents.byValue.entries()].filter(([value]) => doomed(value)).flatMap(([, items]) => items);
}

/** One DELETE per item id; an id already gone counts as done. */
export async function deleteItemIds(target: KibanaTarget, ids: readonly string[]): Promise<void> {
  await inPool(ids, DELETE_CONCURRENCY, (id) => deleteListItem(target, id));
}
