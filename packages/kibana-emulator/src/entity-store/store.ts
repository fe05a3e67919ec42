/**
 * Entity engines per space: the `entity-engine-status` descriptor saved object, with time-based status
 * transitions evaluated when read (no timers): `installing` until `readyAt`, then `started` or — for an injected
 * failure — `error`.
 */
import type { EngineDescriptor, EngineStatus, EntityType } from "@esac/kibana-client";
import { SpacedMap } from "../spaces";
import type { FamilyStore } from "../stores";
import type { EmulatorOptions } from "../types";
import type { EngineInitFailure } from "./options";

export interface EngineRecord {
  type: EntityType;
  status: EngineStatus;
  indexPattern: string;
  filter: string;
  fieldHistoryLength: number;
  timestampField: string;
  /** The full init settings (Kibana uses them to build the transform; not part of the descriptor). */
  settings: Record<string, unknown>;
  /** Epoch ms when an `installing` engine finishes. */
  readyAt?: number;
  /** Set when the background install is going to fail. */
  failure?: string;
  error?: { message: string; action: "init" };
}

export class EntityStoreStore implements FamilyStore {
  private readonly engines = new SpacedMap<EngineRecord>();
  readonly installDurationMs: number;
  private readonly failures: { rule: EngineInitFailure; fired: number }[];

  constructor(options: EmulatorOptions = {}) {
    this.installDurationMs = options.entityStore?.installDurationMs ?? 20;
    this.failures = (options.entityStore?.initFailures ?? []).map((rule) => ({ rule, fired: 0 }));
  }

  /** The injected failure for this init, if any (consumes one use). */
  takeFailure(type: EntityType): string | undefined {
    for (const entry of this.failures) {
      if (entry.rule.entityType && entry.rule.entityType !== type) continue;
      if (entry.rule.times !== undefined && entry.fired >= entry.rule.times) continue;
      entry.fired++;
      return entry.rule.message;
    }
    return undefined;
  }

  get(spaceId: string, type: EntityType, now = Date.now()): EngineRecord | undefined {
    const record = this.engines.peek(spaceId).get(type);
    if (record?.status === "installing" && record.readyAt !== undefined && now >= record.readyAt) {
      const settled: EngineRecord = { ...record, status: record.failure ? "error" : "started" };
      delete settled.readyAt;
      if (record.failure) settled.error = { message: record.failure, action: "init" };
      delete settled.failure;
      this.engines.space(spaceId).set(type, settled);
      return settled;
    }
    return record;
  }

  all(spaceId: string): EngineRecord[] {
    return [...this.engines.peek(spaceId).keys()].map((type) => this.get(spaceId, type as EntityType)!);
  }

  put(spaceId: string, record: EngineRecord): void {
    this.engines.space(spaceId).set(record.type, record);
  }

  delete(spaceId: string, type: EntityType): boolean {
    return this.engines.space(spaceId).delete(type);
  }

  toJSON(): unknown {
    return this.engines.toJSON();
  }

  load(data: unknown): void {
    this.engines.load(data);
  }

  /** Engine descriptors are saved objects of their space (`entity-engine-status`). */
  deleteSpace(spaceId: string): void {
    this.engines.drop(spaceId);
  }

  reset(): void {
    this.engines.clear();
    for (const entry of this.failures) entry.fired = 0;
  }
}

/** The descriptor Kibana returns (`engine_descriptor.ts`: only these keys). */
export function descriptorOf(record: EngineRecord): EngineDescriptor {
  const out: EngineDescriptor = {
    status: record.status,
    type: record.type,
    indexPattern: record.indexPattern,
    filter: record.filter,
    fieldHistoryLength: record.fieldHistoryLength,
    timestampField: record.timestampField,
  };
  if (record.error) out.error = record.error;
  return out;
}
