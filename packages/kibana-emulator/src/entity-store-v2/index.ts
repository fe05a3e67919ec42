import { hasFeature } from "@esac/kibana-client";
import type { ResourceFamily } from "../stores";
import { ENTITY_STORE_V2, registerEntityStoreV2Routes } from "./routes";
import { EntityStoreV2Store } from "./store";

export { ENTITY_STORE_V2 } from "./routes";
export { EntityStoreV2Store } from "./store";

/** Entity Store v2 (`/api/security/entity_store`), served by releases that have it (9.4+); the v1 engines API stays. */
export const entityStoreV2Family: ResourceFamily = {
  name: ENTITY_STORE_V2,
  createStore: (options) => new EntityStoreV2Store(options),
  registerRoutes: (router, version) => {
    if (hasFeature(version, "entityStoreV2")) registerEntityStoreV2Routes(router);
  },
};
