export { DetectionRule, type DetectionRuleArgs } from "./detection-rule/resource";
export { fromDetectionRulesToml, loadDetectionRulesNdjson } from "./detection-rule/loader";
export { providers } from "./providers";
export type { ConnectionArgs, CommonResourceArgs } from "./provider-kit/resource-args";
