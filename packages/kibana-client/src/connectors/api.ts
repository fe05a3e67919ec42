import type { ApiTarget } from "../detection-rules/api";
import { scrubSecrets, secretStrings } from "../secret-values";
import { ownRecovered, type CreateOptions } from "../ownership";
import type { KibanaResponse } from "../transport";
import type { ConnectorCreateBody, ConnectorResponse, ConnectorUpdateBody } from "./schema";

// Connectors are non-versioned public routes: no `elastic-api-version` header (kibana-behaviour.md §4).
const CONNECTOR = "/api/actions/connector";

const connectorPath = (id: string) => `${CONNECTOR}/${encodeURIComponent(id)}`;

/**
 * POST a connector (1 call), with a client-chosen `id` when given. With an id, an ambiguous failure (connection
 * lost after sending) is resolved by reading that id instead of re-sending blindly (taken only if `options.isOwn`
 * accepts it). Secret values never appear in
 * a thrown error.
 */
export async function createConnector(
  target: ApiTarget,
  body: ConnectorCreateBody,
  id?: string,
  options: CreateOptions<ConnectorResponse> = {},
): Promise<ConnectorResponse> {
  try {
    const res = await target.transport.request<ConnectorResponse>({
      method: "POST",
      path: id === undefined ? CONNECTOR : connectorPath(id),
      spaceId: target.spaceId,
      body,
      recover: id === undefined ? undefined : async () => ownRecovered(await readConnectorResponse(target, id), `id "${id}"`, options),
    });
    return res.body;
  } catch (error) {
    throw scrubSecrets(error, secretStrings(body.secrets));
  }
}

function readConnectorResponse(target: ApiTarget, id: string): Promise<KibanaResponse<ConnectorResponse>> {
  return target.transport.request<ConnectorResponse>({ method: "GET", path: connectorPath(id), spaceId: target.spaceId, okStatuses: [404] });
}

/** GET one connector; `undefined` when it does not exist. */
export async function readConnector(target: ApiTarget, id: string): Promise<ConnectorResponse | undefined> {
  const res = await readConnectorResponse(target, id);
  return res.status === 404 ? undefined : res.body;
}

/** Every connector of the space, preconfigured and system ones included (1 call). */
export async function listConnectors(target: ApiTarget): Promise<ConnectorResponse[]> {
  const res = await target.transport.request<ConnectorResponse[]>({ method: "GET", path: "/api/actions/connectors", spaceId: target.spaceId });
  return res.body;
}

/**
 * PUT (1 call). Kibana replaces config and secrets wholesale: omitted secrets are wiped, so callers always resend
 * them. `connector_type_id` cannot change.
 */
export async function updateConnector(target: ApiTarget, id: string, body: ConnectorUpdateBody): Promise<ConnectorResponse> {
  try {
    const res = await target.transport.request<ConnectorResponse>({ method: "PUT", path: connectorPath(id), spaceId: target.spaceId, body });
    return res.body;
  } catch (error) {
    throw scrubSecrets(error, secretStrings(body.secrets));
  }
}

/** DELETE (1 call, Kibana answers 204); false when it was already gone — 404 counts as deleted. */
export async function deleteConnector(target: ApiTarget, id: string): Promise<boolean> {
  const res = await target.transport.request({ method: "DELETE", path: connectorPath(id), spaceId: target.spaceId, okStatuses: [404] });
  return res.status !== 404;
}

/** Kibana's 400 for a create/update/delete aimed at a connector defined in kibana.yml (§4.2, §4.4). */
export function isPreconfiguredConnectorError(error: unknown): boolean {
  const e = error as { status?: number; kibanaMessage?: string } | undefined;
  return e?.status === 400 && /preconfigured action/i.test(e.kibanaMessage ?? "");
}
