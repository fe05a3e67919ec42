/**
 * The resource families the emulator serves. Adding a family = a folder `src/<family>/` exporting a
 * `ResourceFamily` + one line here. Stores are created in this order (a family may read another's store by name).
 */
import { connectorsFamily } from "./connectors";
import { detectionRulesFamily } from "./detection-rules";
import { entityStoreFamily } from "./entity-store";
import { entityStoreV2Family } from "./entity-store-v2";
import { exceptionsFamily } from "./exceptions";
import { fleetServerHostsFamily } from "./fleet-server-hosts";
import { prebuiltRulesFamily } from "./prebuilt-rules";
import { spacesFamily } from "./spaces";
import type { ResourceFamily } from "./stores";
import { valueListsFamily } from "./value-lists";

export const FAMILIES: readonly ResourceFamily[] = [
  exceptionsFamily,
  detectionRulesFamily,
  prebuiltRulesFamily,
  connectorsFamily,
  fleetServerHostsFamily,
  entityStoreFamily,
  entityStoreV2Family,
  valueListsFamily,
  spacesFamily,
];
