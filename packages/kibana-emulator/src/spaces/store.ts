import type { SpaceSolution } from "@esac/kibana-client";
import type { FamilyStore } from "../stores";
import { DEFAULT_SPACE } from "./prefix";

/** A space's saved-object attributes, as Kibana stores them (`spaces_client.ts` `generateSpaceAttributes`). */
export interface SpaceAttributes {
  name: string;
  description?: string;
  color?: string;
  initials?: string;
  imageUrl?: string;
  disabledFeatures: string[];
  solution?: SpaceSolution;
  _reserved?: boolean;
}

/**
 * The default space every Kibana creates at start (`spaces/server/default_space/create_default_space.ts`), as Kibana's
 * test reads it back (`spaces_api_integration/common/suites/get.agnostic.ts`).
 */
const DEFAULT_SPACE_ATTRIBUTES: SpaceAttributes = {
  name: "Default",
  description: "This is your default space!",
  color: "#00bfb3",
  disabledFeatures: [],
  _reserved: true,
};

export class SpacesStore implements FamilyStore {
  private readonly spaces = new Map<string, SpaceAttributes>();

  constructor() {
    this.reset();
  }

  get(id: string): SpaceAttributes | undefined {
    return this.spaces.get(id);
  }

  /** Every space with its id. */
  all(): [string, SpaceAttributes][] {
    return [...this.spaces];
  }

  put(id: string, attributes: SpaceAttributes): void {
    this.spaces.set(id, attributes);
  }

  delete(id: string): boolean {
    return this.spaces.delete(id);
  }

  toJSON(): unknown {
    return Object.fromEntries(this.spaces);
  }

  load(data: unknown): void {
    this.spaces.clear();
    for (const [id, attributes] of Object.entries((data ?? {}) as Record<string, SpaceAttributes>)) this.spaces.set(id, attributes);
    if (!this.spaces.has(DEFAULT_SPACE)) this.spaces.set(DEFAULT_SPACE, { ...DEFAULT_SPACE_ATTRIBUTES });
  }

  reset(): void {
    this.spaces.clear();
    this.spaces.set(DEFAULT_SPACE, { ...DEFAULT_SPACE_ATTRIBUTES });
  }
}
