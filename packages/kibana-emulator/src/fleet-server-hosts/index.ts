import type { ResourceFamily } from "../stores";
import { FLEET_STORE, registerFleetServerHostRoutes } from "./routes";
import { FleetServerHostsStore } from "./store";

export { FLEET_STORE } from "./routes";
export { FleetServerHostsStore } from "./store";
export type { FleetEmulatorOptions, PreconfiguredFleetServerHost } from "./options";

/** Fleet Server hosts (kibana-behaviour.md §5). */
export const fleetServerHostsFamily: ResourceFamily = {
  name: FLEET_STORE,
  createStore: (options) => new FleetServerHostsStore(options),
  registerRoutes: registerFleetServerHostRoutes,
};
