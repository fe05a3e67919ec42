export * from "./findings";
export { ruleQueryTexts } from "./queries";
export { checkRuleQueries, type RuleCheckOptions } from "./check";
