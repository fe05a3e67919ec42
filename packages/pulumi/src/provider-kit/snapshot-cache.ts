/**
 * Many reads in one process (a `pulumi refresh` of N resources) are served from one listing per
 * (endpoint, space, family) instead of one GET per resource. Writes made by this process keep the
 * snapshot current; it expires after `ttlMs` so a long-lived process does not serve stale data.
 */
export class SnapshotCache<T> {
  private readonly snapshots = new Map<string, { loadedAt: number; items: Promise<Map<string, T>> }>();

  constructor(private readonly ttlMs = 60_000) {}

  async get(scope: string, key: string, load: () => Promise<Map<string, T>>): Promise<T | undefined> {
    let entry = this.snapshots.get(scope);
    if (!entry || Date.now() - entry.loadedAt > this.ttlMs) {
      const items = load();
      entry = { loadedAt: Date.now(), items };
      this.snapshots.set(scope, entry);
      items.catch(() => this.snapshots.get(scope) === entry && this.snapshots.delete(scope));
    }
    return (await entry.items).get(key);
  }

  /** Record a write made by this process (value undefined = deleted). No-op when no snapshot is loaded. */
  async put(scope: string, key: string, value: T | undefined): Promise<void> {
    const entry = this.snapshots.get(scope);
    if (!entry) return;
    const items = await entry.items.catch(() => undefined);
    if (!items) return;
    if (value === undefined) items.delete(key);
    else items.set(key, value);
  }

  clear(): void {
    this.snapshots.clear();
  }
}
