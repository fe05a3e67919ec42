import type { ResourceFamily } from "../stores";
import { registerDetectionRuleRoutes, RULES_STORE } from "./routes";
import { registerRuleExceptionRoutes } from "./rule-exceptions";
import { RulesStore } from "./store";

export { RULES_STORE } from "./routes";
export { RulesStore } from "./store";
export type { Rule } from "./model";

/** Detection rules (kibana-behaviour.md §1). */
export const detectionRulesFamily: ResourceFamily = {
  name: RULES_STORE,
  createStore: () => new RulesStore(),
  registerRoutes: (router) => {
    registerDetectionRuleRoutes(router);
    registerRuleExceptionRoutes(router);
  },
};
