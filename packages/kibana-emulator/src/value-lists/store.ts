/**
 * Value lists (kibana-behaviour.md §3): per space, the `.lists-<space>`/`.items-<space>` data streams (present or
 * not), the lists, and each list's items indexed by id and by read value (lists with tens of thousands of items
 * must stay fast to page, import into and delete from).
 */
import type { ValueListType } from "@esac/kibana-client";
import { SpacedMap } from "../spaces";
import type { FamilyStore } from "../stores";
import type { StoredValue } from "./model";

export interface ValueListRecord {
  _version: string;
  "@timestamp": string;
  id: string;
  type: ValueListType;
  name: string;
  description: string;
  immutable: boolean;
  version: number;
  tie_breaker_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  meta?: Record<string, unknown>;
}

export interface ListItemRecord {
  _version: string;
  "@timestamp": string;
  id: string;
  list_id: string;
  type: ValueListType;
  /** The typed field's content in the `.items-*` document. */
  stored: StoredValue;
  /** What reads return for it. */
  value: string;
  tie_breaker_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  meta?: Record<string, unknown>;
}

export type DataStream = "lists" | "items";

class ListItems {
  readonly byId = new Map<string, ListItemRecord>();
  readonly byValue = new Map<string, Set<string>>();

  put(item: ListItemRecord): void {
    const previous = this.byId.get(item.id);
    if (previous) this.unindex(previous);
    this.byId.set(item.id, item);
    let ids = this.byValue.get(item.value);
    if (!ids) this.byValue.set(item.value, (ids = new Set()));
    ids.add(item.id);
  }

  delete(id: string): ListItemRecord | undefined {
    const item = this.byId.get(id);
    if (!item) return undefined;
    this.byId.delete(id);
    this.unindex(item);
    return item;
  }

  private unindex(item: ListItemRecord): void {
    const ids = this.byValue.get(item.value);
    ids?.delete(item.id);
    if (ids && ids.size === 0) this.byValue.delete(item.value);
  }
}

export class ValueListsStore implements FamilyStore {
  private readonly streams = new Set<string>();
  readonly lists = new SpacedMap<ValueListRecord>();
  /** space → list id → items */
  private readonly items = new Map<string, Map<string, ListItems>>();
  /** space → item id → list id */
  private readonly itemLists = new Map<string, Map<string, string>>();
  /**
   * Sequence numbers per space and data stream. `_version` is Kibana's `encodeHitVersion` of the write's
   * `_seq_no`/`_primary_term` (x-pack/solutions/security/plugins/lists/server/services/utils), and ES numbers the
   * operations of each index on its own: `.lists-<space>` and `.items-<space>` count separately, deletes consume a
   * number too, and a recreated data stream starts again at 0 (update_list_items.ts "version control OCC" expects
   * the first item write at seq_no 0 although a list was written before).
   */
  private readonly seqNos = new Map<string, Record<DataStream, number>>();

  private counters(spaceId: string): Record<DataStream, number> {
    let c = this.seqNos.get(spaceId);
    if (!c) this.seqNos.set(spaceId, (c = { lists: 0, items: 0 }));
    return c;
  }

  /** `_version` of a new write to `stream` of `spaceId`: base64 `[seq_no, primary_term]`. */
  nextVersion(spaceId: string, stream: DataStream): string {
    const c = this.counters(spaceId);
    const version = Buffer.from(JSON.stringify([c[stream], 1])).toString("base64");
    c[stream]++;
    return version;
  }

  /** A delete of `count` documents: each takes a sequence number. */
  private consumeSeqNos(spaceId: string, stream: DataStream, count: number): void {
    this.counters(spaceId)[stream] += count;
  }

  hasDataStreams(spaceId: string): boolean {
    return this.streams.has(spaceId);
  }

  createDataStreams(spaceId: string): void {
    this.streams.add(spaceId);
  }

  /** Dropping the data streams drops every list and item of the space. */
  deleteDataStreams(spaceId: string): void {
    this.streams.delete(spaceId);
    for (const id of [...this.lists.peek(spaceId).keys()]) this.deleteList(spaceId, id);
    this.seqNos.delete(spaceId);
  }

  getList(spaceId: string, id: string): ValueListRecord | undefined {
    return this.lists.peek(spaceId).get(id);
  }

  allLists(spaceId: string): ValueListRecord[] {
    return [...this.lists.peek(spaceId).values()];
  }

  putList(spaceId: string, list: ValueListRecord): void {
    this.lists.space(spaceId).set(list.id, list);
  }

  /** Deletes a list with all its items. */
  deleteList(spaceId: string, id: string): ValueListRecord | undefined {
    const list = this.getList(spaceId, id);
    if (!list) return undefined;
    this.lists.space(spaceId).delete(id);
    const listItems = this.items.get(spaceId)?.get(id);
    if (listItems) for (const itemId of listItems.byId.keys()) this.itemLists.get(spaceId)?.delete(itemId);
    this.items.get(spaceId)?.delete(id);
    // `deleteList`: delete_by_query of the items, then the list document.
    this.consumeSeqNos(spaceId, "items", listItems?.byId.size ?? 0);
    this.consumeSeqNos(spaceId, "lists", 1);
    return list;
  }

  private listItems(spaceId: string, listId: string): ListItems {
    let space = this.items.get(spaceId);
    if (!space) this.items.set(spaceId, (space = new Map<string, ListItems>()));
    let list = space.get(listId);
    if (!list) space.set(listId, (list = new ListItems()));
    return list;
  }

  itemsOf(spaceId: string, listId: string): ListItemRecord[] {
    return [...(this.items.get(spaceId)?.get(listId)?.byId.values() ?? [])];
  }

  getItem(spaceId: string, id: string): ListItemRecord | undefined {
    const listId = this.itemLists.get(spaceId)?.get(id);
    return listId === undefined ? undefined : this.items.get(spaceId)?.get(listId)?.byId.get(id);
  }

  itemsByValue(spaceId: string, listId: string, value: string): ListItemRecord[] {
    const list = this.items.get(spaceId)?.get(listId);
    return [...(list?.byValue.get(value) ?? [])].map((id) => list!.byId.get(id)!);
  }

  putItem(spaceId: string, item: ListItemRecord): void {
    this.listItems(spaceId, item.list_id).put(item);
    let ids = this.itemLists.get(spaceId);
    if (!ids) this.itemLists.set(spaceId, (ids = new Map<string, string>()));
    ids.set(item.id, item.list_id);
  }

  deleteItem(spaceId: string, item: ListItemRecord): void {
    this.items.get(spaceId)?.get(item.list_id)?.delete(item.id);
    this.itemLists.get(spaceId)?.delete(item.id);
    this.consumeSeqNos(spaceId, "items", 1);
  }

  toJSON(): unknown {
    const items: Record<string, ListItemRecord[]> = {};
    for (const [space, lists] of this.items) {
      const all = [...lists.values()].flatMap((l) => [...l.byId.values()]);
      if (all.length) items[space] = all;
    }
    return { seqNos: Object.fromEntries(this.seqNos), streams: [...this.streams], lists: this.lists.toJSON(), items };
  }

  load(data: unknown): void {
    this.reset();
    const d = (data ?? {}) as {
      seqNos?: Record<string, Record<DataStream, number>>;
      streams?: string[];
      lists?: unknown;
      items?: Record<string, ListItemRecord[]>;
    };
    for (const [space, c] of Object.entries(d.seqNos ?? {})) this.seqNos.set(space, { ...c });
    for (const s of d.streams ?? []) this.streams.add(s);
    this.lists.load(d.lists);
    for (const [space, items] of Object.entries(d.items ?? {})) for (const item of items) this.putItem(space, item);
  }

  reset(): void {
    this.seqNos.clear();
    this.streams.clear();
    this.lists.clear();
    this.items.clear();
    this.itemLists.clear();
  }
}
