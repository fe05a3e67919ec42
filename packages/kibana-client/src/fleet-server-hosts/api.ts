import type { ApiTarget } from "../detection-rules/api";
import { ownRecovered, type CreateOptions } from "../ownership";
import { scrubSecrets, secretStrings } from "../secret-values";
import type { FleetServerHost, FleetServerHostCreateBody, FleetServerHostUpdateBody } from "./schema";

const HOSTS = "/api/fleet/fleet_server_hosts";
const hostPath = (id: string) => `${HOSTS}/${encodeURIComponent(id)}`;

/** Key material a body carries (`ssl.*key`, `secrets.ssl.*`): scrubbed from any error raised while sending it. */
function keyMaterial(body: FleetServerHostCreateBody | FleetServerHostUpdateBody): string[] {
  const ssl = body.ssl ?? {};
  return secretStrings([ssl.key, ssl.es_key, ssl.agent_key, body.secrets]);
}

async function send<T>(target: ApiTarget, body: FleetServerHostCreateBody | FleetServerHostUpdateBody, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw scrubSecrets(error, keyMaterial(body));
  }
}

/**
 * POST a host (1 call). With a client `id`, an ambiguous failure is resolved by reading that id rather than
 * re-sending (taken only if `options.isOwn` accepts it). Fleet hosts are global: the space prefix, when given, only routes the call.
 */
export function createFleetServerHost(
  target: ApiTarget,
  body: FleetServerHostCreateBody,
  options: CreateOptions<FleetServerHost> = {},
): Promise<FleetServerHost> {
  const id = body.id;
  return send(target, body, async () => {
    const res = await target.transport.request<{ item: FleetServerHost }>({
      method: "POST",
      path: HOSTS,
      spaceId: target.spaceId,
      versioned: true,
      body,
      recover:
        id === undefined
          ? undefined
          : async () => {
              const existing = await target.transport.request<{ item: FleetServerHost }>({
                method: "GET",
                path: hostPath(id),
                spaceId: target.spaceId,
                versioned: true,
                okStatuses: [404],
              });
              return ownRecovered(existing, `id "${id}"`, { isOwn: options.isOwn && ((found) => options.isOwn!(found.item)) });
            },
    });
    return res.body.item;
  });
}

/** GET one host; `undefined` when it does not exist. */
export async function readFleetServerHost(target: ApiTarget, id: string): Promise<FleetServerHost | undefined> {
  const res = await target.transport.request<{ item: FleetServerHost }>({
    method: "GET",
    path: hostPath(id),
    spaceId: target.spaceId,
    versioned: true,
    okStatuses: [404],
  });
  return res.status === 404 ? undefined : res.body.item;
}

/** Every host (1 call: Fleet returns them all on one page). */
export async function listFleetServerHosts(target: ApiTarget): Promise<FleetServerHost[]> {
  const res = await target.transport.request<{ items: FleetServerHost[] }>({ method: "GET", path: HOSTS, spaceId: target.spaceId, versioned: true });
  return res.body.items;
}

/** PUT (1 call). Omitted fields are kept, except `proxy_id`, which Fleet clears when omitted. */
export function updateFleetServerHost(target: ApiTarget, id: string, body: FleetServerHostUpdateBody): Promise<FleetServerHost> {
  return send(target, body, async () => {
    const res = await target.transport.request<{ item: FleetServerHost }>({
      method: "PUT",
      path: hostPath(id),
      spaceId: target.spaceId,
      versioned: true,
      body,
    });
    return res.body.item;
  });
}

/** DELETE (1 call); false when it was already gone — 404 counts as deleted. */
export async function deleteFleetServerHost(target: ApiTarget, id: string): Promise<boolean> {
  const res = await target.transport.request({ method: "DELETE", path: hostPath(id), spaceId: target.spaceId, versioned: true, okStatuses: [404] });
  return res.status !== 404;
}
