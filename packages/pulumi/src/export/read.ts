import {
  findAllExceptionListItems,
  findAllExceptionLists,
  findAllListItems,
  findAllRules,
  findAllValueLists,
  isMissingListDataStream,
  isNotFound,
  listConnectors,
  listEntityEngines,
  listFleetServerHosts,
  listSpaces,
  type ConnectorResponse,
  type EngineDescriptor,
  type ExceptionListItemResponse,
  type ExceptionListResponse,
  type FleetServerHost,
  type KibanaTransport,
  type ListItemResponse,
  type RuleResponse,
  type Space,
  type ValueListResponse,
} from "@esac/kibana-client";

/** Everything the exporter reads from one space, as Kibana returns it. */
export interface SpaceSnapshot {
  space: Space | undefined;
  rules: RuleResponse[];
  valueLists: { list: ValueListResponse; items: ListItemResponse[] }[];
  exceptionLists: { list: ExceptionListResponse; items: ExceptionListItemResponse[] }[];
  connectors: ConnectorResponse[];
  entityEngines: EngineDescriptor[];
  /** Families Kibana did not serve in this space (e.g. no list data streams yet), with the reason. */
  unavailable: { family: string; reason: string }[];
}

/** What a whole export read: each space, and the Fleet Server hosts (Fleet settings are not per space). */
export interface KibanaSnapshot {
  spaces: Map<string, SpaceSnapshot>;
  fleetServerHosts: FleetServerHost[];
}

/** Where progress lines go (stderr for the CLI). */
export type ProgressSink = (line: string) => void;

/**
 * Reads every exportable object of `spaceIds` through Kibana's public APIs: rules by paged `_find`, value lists and
 * their items by lists `_find`, exception lists and items by `_find`, connectors, entity engines, the spaces list,
 * and Fleet Server hosts once. Sequential on purpose: an export must not load a production Kibana.
 */
export async function readKibana(transport: KibanaTransport, spaceIds: readonly string[], progress: ProgressSink = () => {}): Promise<KibanaSnapshot> {
  const allSpaces = await listSpaces({ transport });
  const spaces = new Map<string, SpaceSnapshot>();
  for (const spaceId of spaceIds) {
    const space = allSpaces.find((s) => s.id === spaceId);
    if (!space) throw new Error(`space "${spaceId}" does not exist in Kibana (spaces there: ${allSpaces.map((s) => s.id).join(", ")})`);
    spaces.set(spaceId, await readSpace(transport, space, progress));
  }
  progress("reading Fleet Server hosts");
  const fleetServerHosts = await listFleetServerHosts({ transport });
  return { spaces, fleetServerHosts };
}

async function readSpace(transport: KibanaTransport, space: Space, progress: ProgressSink): Promise<SpaceSnapshot> {
  const target = { transport, spaceId: space.id };
  const unavailable: SpaceSnapshot["unavailable"] = [];
  progress(`[${space.id}] reading detection rules`);
  const rules = await findAllRules(target);
  progress(`[${space.id}] ${rules.length} rules read`);

  const valueLists: SpaceSnapshot["valueLists"] = [];
  const lists = await findAllValueLists(target).catch((error: unknown) => {
    if (!isMissingListDataStream(error) && !isNotFound(error)) throw error;
    unavailable.push({ family: "value lists", reason: "the space has no list data streams (no value list was ever created)" });
    return [];
  });
  for (const [i, list] of lists.entries()) {
    progress(`[${space.id}] value list ${i + 1}/${lists.length}: ${list.id}`);
    valueLists.push({ list, items: (await findAllListItems(target, list.id)) ?? [] });
  }

  const exceptionLists: SpaceSnapshot["exceptionLists"] = [];
  const exLists = await findAllExceptionLists(target);
  for (const [i, list] of exLists.entries()) {
    progress(`[${space.id}] exception list ${i + 1}/${exLists.length}: ${list.list_id}`);
    const items = await findAllExceptionListItems(target, { list_id: list.list_id, namespace_type: list.namespace_type });
    exceptionLists.push({ list, items: items ?? [] });
  }

  progress(`[${space.id}] reading connectors and entity engines`);
  const connectors = await listConnectors(target);
  const entityEngines = await listEntityEngines(target).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
    unavailable.push({ family: "entity engines", reason: "this Kibana serves no entity store API" });
    return [];
  });
  return { space, rules, valueLists, exceptionLists, connectors, entityEngines, unavailable };
}
