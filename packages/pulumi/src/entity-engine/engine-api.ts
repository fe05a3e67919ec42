import {
  deleteEntityEngine,
  getEntityEngine,
  getEntityStoreStatus,
  hasFeature,
  initEntityEngine,
  installEntityStore,
  listEntityEngines,
  startEntityEngine,
  startEntityStore,
  stopEntityEngine,
  stopEntityStore,
  uninstallEntityStore,
  updateEntityStore,
  type EngineDescriptor,
  type EntityStoreStatusEngine,
  type EntityType,
} from "@esac/kibana-client";
import { targetVersion } from "../provider-kit/kibana-version";
import type { KibanaTarget } from "../provider-kit/kibana-target";
import { initBody } from "./normalize";
import { logExtractionOf } from "./v2-arguments";

type Obj = Record<string, unknown>;

/** One engine's lifecycle, as the v1 engines API or Entity Store v2 does it. */
export interface EngineApi {
  /** `v1` (`/api/entity_store/engines`, up to 9.3) or `v2` (`/api/security/entity_store`, 9.4+). */
  name: "v1" | "v2";
  /** (Re-)applies the program's settings; the engine then settles (installing → started). */
  init(target: KibanaTarget, type: EntityType, inputs: Obj): Promise<EngineDescriptor>;
  get(target: KibanaTarget, type: EntityType): Promise<EngineDescriptor | undefined>;
  list(target: KibanaTarget): Promise<EngineDescriptor[]>;
  start(target: KibanaTarget, type: EntityType): Promise<void>;
  stop(target: KibanaTarget, type: EntityType): Promise<void>;
  delete(target: KibanaTarget, type: EntityType, deleteData: boolean): Promise<void>;
}

const v1: EngineApi = {
  name: "v1",
  init: (target, type, inputs) => initEntityEngine(target, type, initBody(inputs)),
  get: (target, type) => getEntityEngine(target, type),
  list: (target) => listEntityEngines(target),
  start: startEntityEngine,
  stop: stopEntityEngine,
  delete: deleteEntityEngine,
};

/**
 * A v2 engine in the v1 descriptor's terms. The status echoes the shared configuration's `fieldHistoryLength`,
 * `lookbackPeriod`, `frequency` and `delay`; its `filter` and `indexPattern` are fixed legacy values (`""`), not the
 * configuration, so they are left out and the state keeps what the program last sent.
 */
function descriptorOf(engine: EntityStoreStatusEngine): EngineDescriptor {
  const { type, status, fieldHistoryLength, timestampField, lookbackPeriod, frequency, delay } = engine;
  return { type, status, fieldHistoryLength, timestampField, lookbackPeriod, frequency, delay } as unknown as EngineDescriptor;
}

const v2: EngineApi = {
  name: "v2",
  /** install `{entityTypes: [type]}` (with the settings on a first install); installed already → PUT the settings. */
  async init(target, type, inputs) {
    const logExtraction = logExtractionOf(inputs);
    const settings = Object.keys(logExtraction).length > 0;
    const { created } = await installEntityStore(target, { entityTypes: [type], ...(settings ? { logExtraction } : {}) });
    if (!created && settings) await updateEntityStore(target, logExtraction);
    return { type, status: "installing" } as EngineDescriptor;
  },
  async get(target, type) {
    const engine = (await getEntityStoreStatus(target)).engines.find((e) => e.type === type);
    return engine && descriptorOf(engine);
  },
  async list(target) {
    return (await getEntityStoreStatus(target)).engines.map(descriptorOf);
  },
  start: (target, type) => startEntityStore(target, [type]),
  stop: (target, type) => stopEntityStore(target, [type]),
  delete: (target, type) => uninstallEntityStore(target, [type]),
};

/** The engines API of the Kibana `target` reaches: v2 from 9.4 (`KIBANA_FEATURES.entityStoreV2`), else v1. */
export async function engineApiFor(target: KibanaTarget): Promise<EngineApi> {
  return hasFeature(await targetVersion(target.transport), "entityStoreV2") ? v2 : v1;
}
