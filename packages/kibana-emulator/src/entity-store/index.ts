import type { ResourceFamily } from "../stores";
import { ENTITY_STORE, registerEntityStoreRoutes } from "./routes";
import { EntityStoreStore } from "./store";

export { ENTITY_STORE } from "./routes";
export { EntityStoreStore } from "./store";
export type { EngineInitFailure, EntityStoreEmulatorOptions } from "./options";

/** Entity store engines, v1 API (kibana-behaviour.md §6). */
export const entityStoreFamily: ResourceFamily = {
  name: ENTITY_STORE,
  createStore: (options) => new EntityStoreStore(options),
  registerRoutes: registerEntityStoreRoutes,
};
