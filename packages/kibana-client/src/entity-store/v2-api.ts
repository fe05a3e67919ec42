import type { ApiTarget } from "../detection-rules/api";
import type { EntityType } from "./schema";
import { ENTITY_STORE_V2_PATH as BASE, type EntityStoreInstallBody, type EntityStoreStatus, type LogExtraction } from "./v2-schema";

/**
 * Entity Store v2 calls (Kibana 9.4+). Each is one request; all are safe to re-send after an ambiguous failure:
 * install skips installed types (200), start/stop act only on stopped/started types, uninstall skips types not
 * installed, update re-applies the same configuration.
 */
async function write(target: ApiTarget, method: "POST" | "PUT", path: string, body: unknown): Promise<number> {
  const res = await target.transport.request({ method, path, spaceId: target.spaceId, versioned: true, idempotent: true, body });
  return res.status;
}

/** Installs the engines of `entityTypes` not installed yet; `created` is false when all were (Kibana answers 200, not 201). */
export async function installEntityStore(target: ApiTarget, body: EntityStoreInstallBody): Promise<{ created: boolean }> {
  return { created: (await write(target, "POST", `${BASE}/install`, body)) === 201 };
}

/** `PUT /api/security/entity_store`: the log extraction configuration, shared by every entity type of the space. */
export async function updateEntityStore(target: ApiTarget, logExtraction: LogExtraction): Promise<void> {
  await write(target, "PUT", BASE, { logExtraction });
}

export async function uninstallEntityStore(target: ApiTarget, entityTypes: EntityType[]): Promise<void> {
  await write(target, "POST", `${BASE}/uninstall`, { entityTypes });
}

export async function startEntityStore(target: ApiTarget, entityTypes: EntityType[]): Promise<void> {
  await write(target, "PUT", `${BASE}/start`, { entityTypes });
}

export async function stopEntityStore(target: ApiTarget, entityTypes: EntityType[]): Promise<void> {
  await write(target, "PUT", `${BASE}/stop`, { entityTypes });
}

/** The store's status and its engines (`{ status: "not_installed", engines: [] }` before any install). */
export async function getEntityStoreStatus(target: ApiTarget): Promise<EntityStoreStatus> {
  const res = await target.transport.request<EntityStoreStatus>({ method: "GET", path: `${BASE}/status`, spaceId: target.spaceId, versioned: true });
  return res.body;
}
