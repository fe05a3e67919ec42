import type { ResourceFamily } from "../stores";
import { registerSpaceRoutes, SPACES_STORE } from "./routes";
import { SpacesStore } from "./store";

export { DEFAULT_SPACE, SPACE_ID_REGEX, SpacedMap, splitSpace, type SpaceSplit } from "./prefix";
export { SPACES_STORE } from "./routes";
export { SpacesStore, type SpaceAttributes } from "./store";

/** The Spaces API (kibana-behaviour.md §0.8). */
export const spacesFamily: ResourceFamily = {
  name: SPACES_STORE,
  createStore: () => new SpacesStore(),
  registerRoutes: registerSpaceRoutes,
};
