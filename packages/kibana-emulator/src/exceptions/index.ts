import type { ResourceFamily } from "../stores";
import { EXCEPTIONS_STORE, registerExceptionRoutes } from "./routes";
import { ExceptionsStore } from "./store";

export * from "./store";
export { EXCEPTIONS_STORE, MAX_EXCEPTION_LIST_SIZE } from "./routes";

/** Exception lists and items (kibana-behaviour.md §2). */
export const exceptionsFamily: ResourceFamily = {
  name: EXCEPTIONS_STORE,
  createStore: () => new ExceptionsStore(),
  registerRoutes: registerExceptionRoutes,
};
