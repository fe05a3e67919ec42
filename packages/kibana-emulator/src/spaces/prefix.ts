/**
 * Space prefix handling (kibana-behaviour.md §0.1): `/s/{spaceId}` is stripped by core and sets the request's space;
 * ids are `[a-z0-9_-]+`; anything else is not a prefix (and so usually an unknown route → 404). Unknown spaces are
 * accepted on `/api/*`: data simply lands in that namespace.
 */

export const DEFAULT_SPACE = "default";
export const SPACE_ID_REGEX = /^[a-z0-9_-]+$/;

const PREFIX = /^\/s\/([^/]+)(\/.*)?$/;

export interface SpaceSplit {
  spaceId: string;
  /** The path without the space prefix (always starts with "/"). */
  path: string;
}

export function splitSpace(rawPath: string): SpaceSplit {
  const m = PREFIX.exec(rawPath);
  if (m && SPACE_ID_REGEX.test(m[1]!)) return { spaceId: m[1]!, path: m[2] ?? "/" };
  return { spaceId: DEFAULT_SPACE, path: rawPath };
}

/**
 * Per-space storage helper for family stores: one `Map<key, T>` per space, created on first write, iterated in
 * insertion order.
 */
export class SpacedMap<T> {
  private readonly spaces = new Map<string, Map<string, T>>();

  space(spaceId: string): Map<string, T> {
    let m = this.spaces.get(spaceId);
    if (!m) {
      m = new Map();
      this.spaces.set(spaceId, m);
    }
    return m;
  }

  peek(spaceId: string): ReadonlyMap<string, T> {
    return this.spaces.get(spaceId) ?? new Map();
  }

  /** Drops everything stored for one space (the space was deleted). */
  drop(spaceId: string): void {
    this.spaces.delete(spaceId);
  }

  clear(): void {
    this.spaces.clear();
  }

  toJSON(): Record<string, Record<string, T>> {
    const out: Record<string, Record<string, T>> = {};
    for (const [space, m] of this.spaces) if (m.size) out[space] = Object.fromEntries(m);
    return out;
  }

  load(data: unknown): void {
    this.spaces.clear();
    if (!data || typeof data !== "object") return;
    for (const [space, entries] of Object.entries(data as Record<string, Record<string, T>>)) {
      this.spaces.set(space, new Map(Object.entries(entries ?? {})));
    }
  }
}
