import DetectionRule from "./serialized-providers/DetectionRule";
import DetectionRules from "./serialized-providers/DetectionRules";
import Connector from "./serialized-providers/Connector";
import FleetServerHost from "./serialized-providers/FleetServerHost";
import EntityEngine from "./serialized-providers/EntityEngine";
import ListDataStreams from "./serialized-providers/ListDataStreams";
import ValueList from "./serialized-providers/ValueList";
import ValueListItem from "./serialized-providers/ValueListItem";
import ValueListItems from "./serialized-providers/ValueListItems";
import ExceptionList from "./serialized-providers/ExceptionList";
import ExceptionListItem from "./serialized-providers/ExceptionListItem";
import RuleExceptions from "./serialized-providers/RuleExceptions";
import PrebuiltRules from "./serialized-providers/PrebuiltRules";
import PrebuiltRuleSelection from "./serialized-providers/PrebuiltRuleSelection";
import PrebuiltRule from "./serialized-providers/PrebuiltRule";
import Space from "./serialized-providers/Space";

/**
 * The dynamic provider of each family, as serialized into state. Drive them directly
 * (check/diff/create/read/update/delete) from tests and tools; one instance each, so Pulumi serializes
 * each only once per program.
 *
 * Each is the whole export of its own module (./serialized-providers): when @esac/pulumi is installed under
 * node_modules, Pulumi's closure serializer then stores that module's name, `require("@esac/pulumi/dist/serialized-providers/<family>.js")`
 * (about 280 bytes), in every resource's state instead of the provider's code (about 2,300 bytes, in inputs and
 * outputs alike). A workspace link (this repository's own tests) resolves outside node_modules, so there the
 * provider's code is serialized as before; both forms load the installed package's implementation.
 */
export const providers = {
  DetectionRule,
  DetectionRules,
  Connector,
  FleetServerHost,
  EntityEngine,
  ListDataStreams,
  ValueList,
  ValueListItem,
  ValueListItems,
  ExceptionList,
  ExceptionListItem,
  RuleExceptions,
  PrebuiltRules,
  PrebuiltRuleSelection,
  PrebuiltRule,
  Space,
};
