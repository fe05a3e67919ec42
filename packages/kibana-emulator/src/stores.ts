/**
 * Resource families and their stores. A family = one folder (`src/<family>/`) exporting a `ResourceFamily`, plus one
 * line in `families.ts`. Each family owns a store (serialisable for `dataFile` persistence) and registers routes.
 */
import type { KibanaVersion } from "@esac/kibana-client";
import type { Router } from "./router";
import type { EmulatorOptions } from "./types";

export interface FamilyStore {
  /** JSON-serialisable snapshot for persistence. */
  toJSON(): unknown;
  /** Replace the contents with a snapshot produced by `toJSON`. */
  load(data: unknown): void;
  /** Wipe everything. */
  reset(): void;
  /** Drop what is stored under a space: Kibana deletes a deleted space's saved objects (`deleteByNamespace`). */
  deleteSpace?(spaceId: string): void;
}

export interface ResourceFamily {
  /** Unique name; also the key of the family's store and of its persisted data. */
  name: string;
  /** `options` are the emulator's start options (families read their own section). */
  createStore?(options: EmulatorOptions): FamilyStore;
  /** Registers the family's routes; only those the Kibana `version` serves. */
  registerRoutes?(router: Router, version: KibanaVersion): void;
}

export class StoreRegistry {
  private readonly stores = new Map<string, FamilyStore>();

  register(name: string, store: FamilyStore): void {
    if (this.stores.has(name)) throw new Error(`Store registered twice: ${name}`);
    this.stores.set(name, store);
  }

  get<T extends FamilyStore>(name: string): T {
    const s = this.stores.get(name);
    if (!s) throw new Error(`No store named ${name}`);
    return s as T;
  }

  has(name: string): boolean {
    return this.stores.has(name);
  }

  reset(): void {
    for (const s of this.stores.values()) s.reset();
  }

  /** A space was deleted: every family drops what it stores under it. */
  deleteSpace(spaceId: string): void {
    for (const s of this.stores.values()) s.deleteSpace?.(spaceId);
  }

  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, s] of this.stores) out[name] = s.toJSON();
    return out;
  }

  load(data: Record<string, unknown>): void {
    for (const [name, s] of this.stores) if (name in data) s.load(data[name]);
  }
}
