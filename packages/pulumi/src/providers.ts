import { lazyProvider } from "./provider-kit/lazy-provider";

/**
 * The dynamic provider of each resource family, as serialized into state. Drive them directly
 * (check/diff/create/read/update/delete) from tests and tools; one instance each, so Pulumi serializes
 * each only once per program.
 */
export const providers = {
  DetectionRule: lazyProvider("DetectionRule"),
  DetectionRules: lazyProvider("DetectionRules"),
  Connector: lazyProvider("Connector"),
  FleetServerHost: lazyProvider("FleetServerHost"),
  EntityEngine: lazyProvider("EntityEngine"),
  ListDataStreams: lazyProvider("ListDataStreams"),
  ValueList: lazyProvider("ValueList"),
  ValueListItem: lazyProvider("ValueListItem"),
  ValueListItems: lazyProvider("ValueListItems"),
  ExceptionList: lazyProvider("ExceptionList"),
  ExceptionListItem: lazyProvider("ExceptionListItem"),
  RuleExceptions: lazyProvider("RuleExceptions"),
  PrebuiltRules: lazyProvider("PrebuiltRules"),
  PrebuiltRuleSelection: lazyProvider("PrebuiltRuleSelection"),
  PrebuiltRule: lazyProvider("PrebuiltRule"),
  Space: lazyProvider("Space"),
};
