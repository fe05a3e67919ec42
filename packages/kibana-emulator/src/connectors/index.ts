import type { ResourceFamily } from "../stores";
import { CONNECTORS_STORE, registerConnectorRoutes } from "./routes";
import { ConnectorsStore } from "./store";

export { CONNECTORS_STORE } from "./routes";
export { ConnectorsStore } from "./store";
export type { ConnectorsEmulatorOptions, PreconfiguredConnector } from "./options";

/** Connectors (kibana-behaviour.md §4). */
export const connectorsFamily: ResourceFamily = {
  name: CONNECTORS_STORE,
  createStore: (options) => new ConnectorsStore(options),
  registerRoutes: registerConnectorRoutes,
};
