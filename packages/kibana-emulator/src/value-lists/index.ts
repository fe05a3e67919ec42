import type { ResourceFamily } from "../stores";
import { registerValueListRoutes, VALUE_LISTS_STORE } from "./routes";
import { ValueListsStore } from "./store";

export { VALUE_LISTS_STORE } from "./routes";
export { ValueListsStore, type ListItemRecord, type ValueListRecord } from "./store";

/** Value lists and their items (kibana-behaviour.md §3). */
export const valueListsFamily: ResourceFamily = {
  name: VALUE_LISTS_STORE,
  createStore: () => new ValueListsStore(),
  registerRoutes: registerValueListRoutes,
};
