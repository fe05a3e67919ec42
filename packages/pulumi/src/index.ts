export { DetectionRule, type DetectionRuleArgs } from "./detection-rule/resource";
export {
  DetectionRules,
  type DetectionRulesArgs,
  type DetectionRulesRule,
  type DetectionRulesServerFields,
  type RuleOptionKeys,
} from "./detection-rules/resource";
export type {
  DetectionRuleArgsByType,
  DetectionRuleBodyArgs,
  DetectionRuleCommonArgs,
  EqlRuleArgs,
  KqlLanguage,
  EsqlRuleArgs,
  MachineLearningRuleArgs,
  NewTermsRuleArgs,
  QueryRuleArgs,
  RuleActionArgs,
  RuleActionFrequencyArgs,
  RuleAlertSuppressionArgs,
  RuleAlertSuppressionDurationArgs,
  RuleEndpointResponseActionArgs,
  RuleExceptionListArgs,
  RuleInvestigationFieldsArgs,
  RuleOsqueryResponseActionArgs,
  RuleRelatedIntegrationArgs,
  RuleRequiredFieldArgs,
  RuleResponseActionArgs,
  RuleRiskScoreMappingArgs,
  RuleSearchSourceArgs,
  RuleSeverityMappingArgs,
  RuleThreatArgs,
  RuleThreatEntryArgs,
  RuleThreatMappingArgs,
  RuleThreatMappingEntryArgs,
  RuleThreatTechniqueArgs,
  RuleThresholdAlertSuppressionArgs,
  RuleThresholdArgs,
  RuleThresholdCardinalityArgs,
  SavedQueryRuleArgs,
  ThreatMatchRuleArgs,
  ThresholdRuleArgs,
} from "./detection-rule/args";
export { fromDetectionRulesToml, loadDetectionRulesNdjson, type DetectionRulesTable } from "./detection-rule/loader";
export { loadRuleFiles, type LoadedRuleFiles, type LoadRuleFilesOptions } from "./detection-rule/loaders/directory";
export { rulesFromDirectory, type RulesFromDirectory, type RulesFromDirectoryOptions } from "./detection-rule/loaders/resources";
export { RuleFilesError, type RuleFileProblem } from "./detection-rule/loaders/problems";
export type { ExportedConnector, LoadedExceptionList, LoadedExceptionListItem, LoadedFrom, LoadedRule } from "./detection-rule/loaders/loaded";
export { ListDataStreams, type ListDataStreamsArgs } from "./list-data-streams/resource";
export { ValueList, type ValueListArgs } from "./value-list/resource";
export { ValueListItem, type ValueListItemArgs } from "./value-list-item/resource";
export { ValueListItems, type ValueListItemsArgs } from "./value-list-items/resource";
export { ExceptionList, type ExceptionListArgs, type ExceptionListReference, type ExceptionOsType } from "./exception-list/resource";
export {
  ExceptionListItem,
  type ExceptionListItemArgs,
  type ExceptionEntryArgs,
  type ExceptionEntryOperator,
  type ExceptionExistsEntryArgs,
  type ExceptionListEntryArgs,
  type ExceptionMatchAnyEntryArgs,
  type ExceptionMatchEntryArgs,
  type ExceptionNestedEntryArgs,
  type ExceptionNestedGroupEntryArgs,
  type ExceptionWildcardEntryArgs,
} from "./exception-list-item/resource";
export { RuleExceptions, type RuleExceptionsArgs, type RuleExceptionItemArgs, type RuleExceptionItemState } from "./rule-exceptions/resource";
export {
  PrebuiltRules,
  PrebuiltRuleSelection,
  type PrebuiltRulesArgs,
  type PrebuiltRuleSelectionArgs,
  type PrebuiltRuleSelector,
} from "./prebuilt-rules/resource";
export { PrebuiltRule, type PrebuiltRuleArgs, type PrebuiltRuleFieldArgs } from "./prebuilt-rule/resource";
export { providers } from "./providers";
export { EsacResource } from "./provider-kit/esac-resource";
export type { ConnectionArgs, CommonResourceArgs, ConcurrentEditArgs } from "./provider-kit/resource-args";
export { Connector, type ConnectorArgs } from "./connector/resource";
export { FleetServerHost, type FleetServerHostArgs, type FleetServerHostSecretsArgs } from "./fleet-server-host/resource";
export { EntityEngine, type EntityEngineArgs, type EntityEngineInitArgs } from "./entity-engine/resource";
export { Space, type SpaceArgs } from "./space/resource";
