/**
 * Exception lists and items (kibana-behaviour.md §2): saved objects of type `exception-list` (namespace_type
 * `single`, per space) or `exception-list-agnostic` (global). Storage is keyed by namespace — `agnostic` or
 * `single:<spaceId>` — then by saved-object id. The detection-rules family uses `ensureEndpointList` (§1.2/§2.8).
 */
import { randomUUID } from "node:crypto";
import { SpacedMap } from "../spaces";
import type { FamilyStore } from "../stores";

export type NamespaceType = "single" | "agnostic";

export interface ExceptionListRecord {
  _version: string;
  id: string;
  list_id: string;
  type: string;
  name: string;
  description: string;
  immutable: boolean;
  namespace_type: NamespaceType;
  os_types: string[];
  tags: string[];
  version: number;
  tie_breaker_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  meta?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface ExceptionItemComment {
  id: string;
  comment: string;
  created_at: string;
  created_by: string;
  updated_at?: string;
  updated_by?: string;
}

export interface ExceptionItemRecord {
  _version: string;
  id: string;
  item_id: string;
  list_id: string;
  type: string;
  name: string;
  description: string;
  entries: unknown[];
  namespace_type: NamespaceType;
  os_types: string[];
  tags: string[];
  comments: ExceptionItemComment[];
  tie_breaker_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  meta?: Record<string, unknown>;
  expire_time?: string;
  [k: string]: unknown;
}

export const ENDPOINT_LIST_ID = "endpoint_list";

export function namespaceKey(namespaceType: NamespaceType, spaceId: string): string {
  return namespaceType === "agnostic" ? "agnostic" : `single:${spaceId}`;
}

/** The saved-object type, as it appears in conflict messages and `_find` filters. */
export function savedObjectType(namespaceType: NamespaceType): string {
  return namespaceType === "agnostic" ? "exception-list-agnostic" : "exception-list";
}

export class ExceptionsStore implements FamilyStore {
  /** Lists by namespace key, then by SO id. */
  readonly lists = new SpacedMap<ExceptionListRecord>();
  /** Items by namespace key, then by SO id. */
  readonly items = new SpacedMap<ExceptionItemRecord>();
  private seqNo = 0;

  /** Saved-object `_version`: base64 of `[seq_no, primary_term]`, new on every write. */
  nextVersion(): string {
    this.seqNo++;
    return Buffer.from(JSON.stringify([this.seqNo, 1])).toString("base64");
  }

  /**
   * Kibana's `getExceptionList` (lists/server/services/exception_lists/get_exception_list.ts, commit 03419e61): by
   * `id` first; an unknown `id` falls through to `list_id` when both are given (read_exception_lists.ts "should be
   * able to read a single list when both `id` and `list_id` are provided, but `id` is invalid"). Older 8.x source
   * returned null after an `id` miss; the release that changed it is not pinned, so every version follows current Kibana.
   */
  findList(namespaceType: NamespaceType, spaceId: string, by: { id?: string; list_id?: string }): ExceptionListRecord | undefined {
    const m = this.lists.peek(namespaceKey(namespaceType, spaceId));
    if (by.id != null) {
      const byId = m.get(by.id);
      if (byId) return byId;
    }
    if (by.list_id == null) return undefined;
    for (const l of m.values()) if (l.list_id === by.list_id) return l;
    return undefined;
  }

  /** Lists visible from a space for the given namespace types, in creation order. */
  listsVisible(namespaceTypes: readonly NamespaceType[], spaceId: string): ExceptionListRecord[] {
    return namespaceTypes.flatMap((ns) => [...this.lists.peek(namespaceKey(ns, spaceId)).values()]);
  }

  putList(spaceId: string, list: ExceptionListRecord): void {
    this.lists.space(namespaceKey(list.namespace_type, spaceId)).set(list.id, list);
  }

  /** Deletes a list and every item of it. */
  deleteList(spaceId: string, list: ExceptionListRecord): void {
    const key = namespaceKey(list.namespace_type, spaceId);
    this.lists.space(key).delete(list.id);
    const items = this.items.space(key);
    for (const [id, item] of items) if (item.list_id === list.list_id) items.delete(id);
  }

  findItem(namespaceType: NamespaceType, spaceId: string, by: { id?: string; item_id?: string }): ExceptionItemRecord | undefined {
    const m = this.items.peek(namespaceKey(namespaceType, spaceId));
    if (by.id !== undefined) return m.get(by.id);
    for (const i of m.values()) if (i.item_id === by.item_id) return i;
    return undefined;
  }

  itemsOfList(namespaceType: NamespaceType, spaceId: string, listId: string): ExceptionItemRecord[] {
    return [...this.items.peek(namespaceKey(namespaceType, spaceId)).values()].filter((i) => i.list_id === listId);
  }

  /** Every item visible from a space (its own single namespace and the agnostic one). */
  itemsVisible(spaceId: string): ExceptionItemRecord[] {
    return (["single", "agnostic"] as const).flatMap((ns) => [...this.items.peek(namespaceKey(ns, spaceId)).values()]);
  }

  putItem(spaceId: string, item: ExceptionItemRecord): void {
    this.items.space(namespaceKey(item.namespace_type, spaceId)).set(item.id, item);
  }

  deleteItem(spaceId: string, item: ExceptionItemRecord): void {
    this.items.space(namespaceKey(item.namespace_type, spaceId)).delete(item.id);
  }

  /** `createEndpointList()`: creates the agnostic endpoint list once; returns undefined when it already existed. */
  ensureEndpointList(now: string, username: string): ExceptionListRecord | undefined {
    const m = this.lists.space("agnostic");
    if (m.has(ENDPOINT_LIST_ID)) return undefined;
    const list: ExceptionListRecord = {
      _version: this.nextVersion(),
      id: ENDPOINT_LIST_ID,
      list_id: ENDPOINT_LIST_ID,
      type: "endpoint",
      name: "Endpoint Security Exception List",
      description: "Endpoint Security Exception List",
      immutable: false,
      namespace_type: "agnostic",
      os_types: [],
      tags: [],
      version: 1,
      tie_breaker_id: randomUUID(),
      created_at: now,
      created_by: username,
      updated_at: now,
      updated_by: username,
    };
    m.set(ENDPOINT_LIST_ID, list);
    return list;
  }

  toJSON(): unknown {
    return { seqNo: this.seqNo, lists: this.lists.toJSON(), items: this.items.toJSON() };
  }

  load(data: unknown): void {
    const d = (data ?? {}) as { seqNo?: number; lists?: unknown; items?: unknown };
    this.seqNo = d.seqNo ?? 0;
    this.lists.load(d.lists);
    this.items.load(d.items);
  }

  /** `single` lists and items belong to their space; `agnostic` ones to none and stay. */
  deleteSpace(spaceId: string): void {
    this.lists.drop(namespaceKey("single", spaceId));
    this.items.drop(namespaceKey("single", spaceId));
  }

  reset(): void {
    this.seqNo = 0;
    this.lists.clear();
    this.items.clear();
  }
}
