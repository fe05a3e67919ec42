import type { ApiTarget } from "../detection-rules/api";
import type { EngineDescriptor, EngineInitBody, EntityType } from "./schema";

const ENGINES = "/api/entity_store/engines";
const enginePath = (type: EntityType) => `${ENGINES}/${type}`;

/**
 * POST …/init (1 call). Returns the descriptor, normally `installing`: the engine's resources are built
 * asynchronously. Kibana allows re-init of an existing engine (it rebuilds it, data kept), so a re-send after an
 * ambiguous failure is harmless.
 */
export async function initEntityEngine(target: ApiTarget, type: EntityType, body: EngineInitBody): Promise<EngineDescriptor> {
  const res = await target.transport.request<EngineDescriptor>({
    method: "POST",
    path: `${enginePath(type)}/init`,
    spaceId: target.spaceId,
    versioned: true,
    idempotent: true,
    body,
  });
  return res.body;
}

/** GET one engine's descriptor; `undefined` when there is none. */
export async function getEntityEngine(target: ApiTarget, type: EntityType): Promise<EngineDescriptor | undefined> {
  const res = await target.transport.request<EngineDescriptor>({
    method: "GET",
    path: enginePath(type),
    spaceId: target.spaceId,
    versioned: true,
    okStatuses: [404],
  });
  return res.status === 404 ? undefined : res.body;
}

/** Every engine of the space (1 call). */
export async function listEntityEngines(target: ApiTarget): Promise<EngineDescriptor[]> {
  const res = await target.transport.request<{ engines: EngineDescriptor[] }>({ method: "GET", path: ENGINES, spaceId: target.spaceId, versioned: true });
  return res.body.engines;
}

/**
 * POST …/start or …/stop (1 call). Kibana answers 500 unless the engine is `stopped` (start) or `started` (stop),
 * so these are not blindly re-sent: after an ambiguous failure the engine is read, and reaching the wanted status
 * counts as success.
 */
async function switchEngine(target: ApiTarget, type: EntityType, action: "start" | "stop"): Promise<void> {
  const wanted = action === "start" ? "started" : "stopped";
  await target.transport.request({
    method: "POST",
    path: `${enginePath(type)}/${action}`,
    spaceId: target.spaceId,
    versioned: true,
    recover: async () => {
      const res = await target.transport.request<EngineDescriptor>({
        method: "GET",
        path: enginePath(type),
        spaceId: target.spaceId,
        versioned: true,
        okStatuses: [404],
      });
      return res.status === 200 && res.body.status === wanted ? res : undefined;
    },
  });
}

export const startEntityEngine = (target: ApiTarget, type: EntityType) => switchEngine(target, type, "start");
export const stopEntityEngine = (target: ApiTarget, type: EntityType) => switchEngine(target, type, "stop");

/** DELETE (1 call, idempotent in Kibana); `deleteData` also removes the entity index. */
export async function deleteEntityEngine(target: ApiTarget, type: EntityType, deleteData = false): Promise<void> {
  await target.transport.request({
    method: "DELETE",
    path: enginePath(type),
    spaceId: target.spaceId,
    versioned: true,
    query: { delete_data: deleteData },
    okStatuses: [404],
  });
}
