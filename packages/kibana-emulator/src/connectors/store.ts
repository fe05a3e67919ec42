/**
 * Connectors per space (`action` saved objects are multiple-isolated: listed per space, but an id is unique across
 * all spaces), plus the preconfigured ones from the start options, which every space sees.
 */
import type { EmulatorOptions } from "../types";
import { SpacedMap } from "../spaces";
import type { FamilyStore } from "../stores";
import type { StoredConnector } from "./model";
import type { PreconfiguredConnector } from "./options";

export class ConnectorsStore implements FamilyStore {
  private readonly connectors = new SpacedMap<StoredConnector>();
  readonly preconfigured: readonly PreconfiguredConnector[];

  constructor(options: EmulatorOptions = {}) {
    this.preconfigured = options.connectors?.preconfigured ?? [];
  }

  all(spaceId: string): StoredConnector[] {
    return [...this.connectors.peek(spaceId).values()];
  }

  get(spaceId: string, id: string): StoredConnector | undefined {
    return this.connectors.peek(spaceId).get(id);
  }

  /** True when any space holds this id (saved-object ids of this type are global). */
  exists(id: string): boolean {
    return Object.values(this.connectors.toJSON()).some((space) => id in space);
  }

  getPreconfigured(id: string): PreconfiguredConnector | undefined {
    return this.preconfigured.find((c) => c.id === id);
  }

  put(spaceId: string, connector: StoredConnector): void {
    this.connectors.space(spaceId).set(connector.id, connector);
  }

  delete(spaceId: string, id: string): boolean {
    return this.connectors.space(spaceId).delete(id);
  }

  toJSON(): unknown {
    return this.connectors.toJSON();
  }

  load(data: unknown): void {
    this.connectors.load(data);
  }

  /** Connectors are saved objects of their space (`action`, namespace type single). */
  deleteSpace(spaceId: string): void {
    this.connectors.drop(spaceId);
  }

  reset(): void {
    this.connectors.clear();
  }
}
