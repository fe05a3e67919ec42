/**
 * Entity Store v2 per space: the engines installed (`entity-engine-descriptor` saved objects of the `entity_store`
 * plugin) and the space's one log extraction configuration (`entity-store-global-state`), shared by every entity
 * type. An engine installs in the background: `installing` until `readyAt`, then `started` (evaluated when read).
 */
import type { EngineStatus, EntityType, LogExtraction } from "@esac/kibana-client";
import { SpacedMap } from "../spaces";
import type { FamilyStore } from "../stores";
import type { EmulatorOptions } from "../types";

export interface V2Engine {
  type: EntityType;
  status: EngineStatus;
  readyAt?: number;
}

const CONFIG = "logExtraction";

export class EntityStoreV2Store implements FamilyStore {
  private readonly engines = new SpacedMap<V2Engine>();
  private readonly configs = new SpacedMap<LogExtraction>();
  readonly installDurationMs: number;

  constructor(options: EmulatorOptions = {}) {
    this.installDurationMs = options.entityStore?.installDurationMs ?? 20;
  }

  all(spaceId: string, now = Date.now()): V2Engine[] {
    return [...this.engines.peek(spaceId).values()].map((engine) => {
      if (engine.status !== "installing" || engine.readyAt === undefined || now < engine.readyAt) return engine;
      const started: V2Engine = { type: engine.type, status: "started" };
      this.engines.space(spaceId).set(engine.type, started);
      return started;
    });
  }

  put(spaceId: string, engine: V2Engine): void {
    this.engines.space(spaceId).set(engine.type, engine);
  }

  delete(spaceId: string, type: EntityType): void {
    this.engines.space(spaceId).delete(type);
    if (this.engines.peek(spaceId).size === 0) this.configs.space(spaceId).delete(CONFIG);
  }

  config(spaceId: string): LogExtraction {
    return this.configs.peek(spaceId).get(CONFIG) ?? {};
  }

  setConfig(spaceId: string, config: LogExtraction): void {
    this.configs.space(spaceId).set(CONFIG, config);
  }

  toJSON(): unknown {
    return { engines: this.engines.toJSON(), configs: this.configs.toJSON() };
  }

  load(data: unknown): void {
    const d = (data ?? {}) as { engines?: unknown; configs?: unknown };
    this.engines.load(d.engines ?? {});
    this.configs.load(d.configs ?? {});
  }

  deleteSpace(spaceId: string): void {
    this.engines.drop(spaceId);
    this.configs.drop(spaceId);
  }

  reset(): void {
    this.engines.clear();
    this.configs.clear();
  }
}
