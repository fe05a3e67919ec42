import type { ResourceFamily } from "../stores";
import { PREBUILT_STORE } from "./customization";
import { registerPrebuiltRuleRoutes } from "./routes";
import { PrebuiltRulesStore } from "./store";

export { assertCustomizable, PREBUILT_STORE, withCustomization } from "./customization";
export { PREBUILT_PACKAGES, DEFAULT_PREBUILT_PACKAGE, type PrebuiltRuleAsset } from "./fixture";
export { PrebuiltRulesStore, type PrebuiltRulesEmulatorOptions } from "./store";

/** Prebuilt rules: the emulator's own rule package and the install / status / upgrade routes (research/prebuilt-rules.md). */
export const prebuiltRulesFamily: ResourceFamily = {
  name: PREBUILT_STORE,
  createStore: (options) => new PrebuiltRulesStore(options.prebuiltRules?.packageVersion, options.prebuiltRules?.syntheticRules),
  registerRoutes: registerPrebuiltRuleRoutes,
};
