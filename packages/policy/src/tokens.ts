/**
 * Type tokens of the esac resources, as `pulumi.dynamic.Resource` builds them from the module `esac` and the class
 * name: `pulumi-nodejs:dynamic/esac:<Class>`. Each equals the class's static `__pulumiType` in `@esac/pulumi`
 * (a unit test checks every class that exists); strings here so the pack does not load the resource library.
 */
export const esacType = (className: string): string => `pulumi-nodejs:dynamic/esac:${className}`;

export const TYPES = {
  DetectionRule: esacType("DetectionRule"),
  DetectionRules: esacType("DetectionRules"),
  ExceptionList: esacType("ExceptionList"),
  ExceptionListItem: esacType("ExceptionListItem"),
  RuleExceptions: esacType("RuleExceptions"),
  PrebuiltRules: esacType("PrebuiltRules"),
  PrebuiltRuleSelection: esacType("PrebuiltRuleSelection"),
  PrebuiltRule: esacType("PrebuiltRule"),
  ValueList: esacType("ValueList"),
  ValueListItem: esacType("ValueListItem"),
  ValueListItems: esacType("ValueListItems"),
  ListDataStreams: esacType("ListDataStreams"),
  Connector: esacType("Connector"),
  FleetServerHost: esacType("FleetServerHost"),
  EntityEngine: esacType("EntityEngine"),
  Space: esacType("Space"),
} as const;

export type EsacClassName = keyof typeof TYPES;
