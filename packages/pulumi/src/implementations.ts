import type * as pulumi from "@pulumi/pulumi";
import { connectorProvider } from "./connector/provider";
import { detectionRuleProvider } from "./detection-rule/provider";
import { detectionRulesProvider } from "./detection-rules/provider";
import { entityEngineProvider } from "./entity-engine/provider";
import { fleetServerHostProvider } from "./fleet-server-host/provider";
import { exceptionListProvider } from "./exception-list/provider";
import { exceptionListItemProvider } from "./exception-list-item/provider";
import { ruleExceptionsProvider } from "./rule-exceptions/provider";
import { prebuiltRulesProvider } from "./prebuilt-rules/provider";
import { prebuiltRuleSelectionProvider } from "./prebuilt-rules/selection-provider";
import { prebuiltRuleProvider } from "./prebuilt-rule/provider";
import { listDataStreamsProvider } from "./list-data-streams/provider";
import { valueListProvider } from "./value-list/provider";
import { valueListItemProvider } from "./value-list-item/provider";
import { valueListItemsProvider } from "./value-list-items/provider";
import { spaceProvider } from "./space/provider";
import { useNativeProtobufStrings } from "./provider-kit/protobuf-strings";

// Loaded in the provider host at its first request: the requests after it are decoded natively (see the function).
useNativeProtobufStrings();

/**
 * The real provider of each family, keyed by family name. Loaded lazily by the serialized stubs
 * (`provider-kit/lazy-provider.ts`) inside Pulumi's dynamic-provider host.
 */
export const providerImplementations: Record<string, pulumi.dynamic.ResourceProvider> = {
  DetectionRule: detectionRuleProvider,
  DetectionRules: detectionRulesProvider,
  Connector: connectorProvider,
  FleetServerHost: fleetServerHostProvider,
  EntityEngine: entityEngineProvider,
  ListDataStreams: listDataStreamsProvider,
  ValueList: valueListProvider,
  ValueListItem: valueListItemProvider,
  ValueListItems: valueListItemsProvider,
  ExceptionList: exceptionListProvider,
  ExceptionListItem: exceptionListItemProvider,
  RuleExceptions: ruleExceptionsProvider,
  PrebuiltRules: prebuiltRulesProvider,
  PrebuiltRuleSelection: prebuiltRuleSelectionProvider,
  PrebuiltRule: prebuiltRuleProvider,
  Space: spaceProvider,
};
