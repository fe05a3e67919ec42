/**
 * @esac/kibana-emulator — an honest in-memory Kibana for tests, demos and benchmarks.
 * See README.md for the behaviour implemented (kibana-behaviour.md references) and the contract harness.
 */
export { startEmulator, withEmulator } from "./server";
export type { ContractViolation, EmulatorOptions, FaultEvent, FaultPhase, FaultRule, FiredFault, RecordedRequest, RunningEmulator } from "./types";

// Building blocks for resource families (one folder per family, registered in families.ts).
export { FAMILIES } from "./families";
export type { FamilyStore, ResourceFamily } from "./stores";
export { StoreRegistry } from "./stores";
export { Router, type HandlerResult, type HttpMethod, type RouteContext, type RouteDefinition } from "./router";
export {
  boomBody,
  boomError,
  familyError,
  HttpError,
  NOT_FOUND_BODY,
  reasonPhrase,
  siemBody,
  siemError,
  SIEM_DEFAULT_MESSAGES,
  type BoomBody,
  type ErrorFamily,
  type SiemBody,
} from "./errors";
export { DEFAULT_SPACE, SPACE_ID_REGEX, SpacedMap, splitSpace } from "./spaces";
export { validateBody, validateQuery, validateRequestPart, queryBoolean } from "./validation";
export { evaluateKql, parseKql, valuesAtPath, KqlSyntaxError, type KqlNode, type KqlResolver } from "./kql";
export { PUBLIC_API_VERSION } from "./versioning";
export { KIBANA_VERSION } from "./status";
export { findOpenApiDir, findSharedDir } from "./shared-dir";
export { BUNDLES, RELAXATIONS, getContractEngine } from "./contract";
export { EMULATOR_TEST_HOOKS, type EmulatorTestHooks } from "./testing";
export { RULES_STORE, RulesStore, type Rule } from "./detection-rules";
export { EXCEPTIONS_STORE, ExceptionsStore, ENDPOINT_LIST_ID } from "./exceptions";
export { CONNECTORS_STORE, ConnectorsStore, type ConnectorsEmulatorOptions, type PreconfiguredConnector } from "./connectors";
export { FLEET_STORE, FleetServerHostsStore, type FleetEmulatorOptions, type PreconfiguredFleetServerHost } from "./fleet-server-hosts";
export { SPACES_STORE, SpacesStore, type SpaceAttributes } from "./spaces";
export { ENTITY_STORE, EntityStoreStore, type EngineInitFailure, type EntityStoreEmulatorOptions } from "./entity-store";
export { configSchemaMessage, validateConfigSchemaBody } from "./config-schema";
export { VALUE_LISTS_STORE, ValueListsStore } from "./value-lists";
