/**
 * The resource families the emulator serves. Adding a family = a folder `src/<family>/` exporting a
 * `ResourceFamily` + one line here. Stores are created in this order (a family may read another's store by name).
 */
import { detectionRulesFamily } from "./detection-rules";
import { exceptionsFamily } from "./exceptions";
import type { ResourceFamily } from "./stores";

export const FAMILIES: readonly ResourceFamily[] = [
  exceptionsFamily,
  detectionRulesFamily,
];
