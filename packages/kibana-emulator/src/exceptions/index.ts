import type { ResourceFamily } from "../stores";
import { ExceptionsStore } from "./store";

export * from "./store";

export const EXCEPTIONS_STORE = "exceptions";

/** Exception lists and items. Store only for now; routes (kibana-behaviour.md §2) are to be added here. */
export const exceptionsFamily: ResourceFamily = {
  name: EXCEPTIONS_STORE,
  createStore: () => new ExceptionsStore(),
};
