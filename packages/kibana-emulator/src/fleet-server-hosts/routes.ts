/**
 * Fleet Server host routes (kibana-behaviour.md §5): versioned, config-schema validation (unknown keys rejected),
 * Fleet's Boom errors. Hosts are global: a `/s/{space}` prefix routes to the same hosts.
 */
import {
  duplicateSecretProblem,
  fleetIdProblem,
  fleetServerHostBodySchemas,
  normalizeFleetHostUrl,
  type FleetServerHost,
  type FleetServerHostCreateBody,
  type FleetServerHostUpdateBody,
} from "@esac/kibana-client";
import { validateConfigSchemaBody } from "../config-schema";
import { boomError } from "../errors";
import type { HandlerResult, RouteContext, Router } from "../router";
import type { FleetServerHostsStore } from "./store";

export const FLEET_STORE = "fleet-server-hosts";
const BASE = "/api/fleet/fleet_server_hosts";
const SECRET_KEYS = ["key", "es_key", "agent_key"] as const;

function storeOf(ctx: RouteContext): FleetServerHostsStore {
  return ctx.stores.get<FleetServerHostsStore>(FLEET_STORE);
}

const notFound = (id: string) => boomError(404, `Fleet server ${id} not found`);

function mustGet(store: FleetServerHostsStore, id: string): FleetServerHost {
  const host = store.get(id);
  if (!host) throw notFound(id);
  return host;
}

/** `new URL()` failing inside Fleet's normaliser surfaces as a 500 carrying the TypeError's message [I]. */
function normalizeUrls(urls: string[]): string[] {
  try {
    return urls.map(normalizeFleetHostUrl);
  } catch {
    throw boomError(500, "Invalid URL");
  }
}

/** At most one default: making a host the default quietly unsets the previous one (§5.3). */
function unsetOtherDefaults(store: FleetServerHostsStore, id: string): void {
  for (const host of store.all()) if (host.id !== id && host.is_default) store.put({ ...host, is_default: false });
}

/**
 * `secrets.ssl.*`: with secret storage, plain values go to the secret store and become `{id}` references (a given
 * reference is kept, `null` removes the key); without it, they are stored in `ssl` in plain text.
 */
function applySecrets(ctx: RouteContext, host: FleetServerHost, secrets: FleetServerHostCreateBody["secrets"]): FleetServerHost {
  const given = secrets?.ssl;
  if (!given) return host;
  const store = storeOf(ctx);
  if (!store.secretStorage) {
    const ssl = { ...(host.ssl ?? {}) } as Record<string, unknown>;
    for (const k of SECRET_KEYS) if (typeof given[k] === "string") ssl[k] = given[k];
    return { ...host, ssl: ssl as FleetServerHost["ssl"] };
  }
  const refs = { ...(host.secrets?.ssl ?? {}) } as Record<string, { id: string }>;
  for (const k of SECRET_KEYS) {
    const value = given[k];
    if (value === undefined) continue;
    if (refs[k]) store.dropSecret(refs[k].id);
    if (value === null) delete refs[k];
    else if (typeof value === "string") {
      const secretId = ctx.uuid();
      store.storeSecret(secretId, value);
      refs[k] = { id: secretId };
    } else refs[k] = value;
  }
  const { secrets: _old, ...rest } = host;
  return Object.keys(refs).length ? { ...rest, secrets: { ssl: refs } } : rest;
}

/** Fleet's key order; optional keys only when set (`proxy_id` omitted when falsy). */
function render(host: FleetServerHost): FleetServerHost {
  const out: FleetServerHost = {
    id: host.id,
    name: host.name,
    host_urls: host.host_urls,
    is_default: host.is_default,
    is_preconfigured: host.is_preconfigured,
  };
  if (host.is_internal !== undefined) out.is_internal = host.is_internal;
  if (host.proxy_id) out.proxy_id = host.proxy_id;
  if (host.ssl) out.ssl = host.ssl;
  if (host.secrets) out.secrets = host.secrets;
  return out;
}

/**
 * Fleet's `ensureNoDuplicateSecrets` runs on the request body in the POST and PUT handlers, before the service (so
 * before the id check, the conflict and the 404): fleet_api_integration fleet_server_hosts/crud.ts "should not allow
 * ssl.key and secrets.ssl.key to be set at the same time" (and es_key).
 */
function assertNoDuplicateSecrets(body: FleetServerHostCreateBody | FleetServerHostUpdateBody): void {
  const problem = duplicateSecretProblem(body as Parameters<typeof duplicateSecretProblem>[0]);
  if (problem) throw boomError(400, problem);
}

function createHandler(ctx: RouteContext): HandlerResult {
  // Length caps only where the served version has them (KIBANA_FEATURES fleetServerHostBounds).
  const body = validateConfigSchemaBody(fleetServerHostBodySchemas(ctx.version).create, ctx.body) as FleetServerHostCreateBody;
  assertNoDuplicateSecrets(body);
  const store = storeOf(ctx);
  if (body.id !== undefined) {
    const problem = fleetIdProblem(body.id);
    if (problem) throw boomError(400, `id is not valid: ${problem}`);
    if (store.get(body.id)) throw boomError(409, `Saved object [fleet-fleet-server-host/${body.id}] conflict`);
  }
  const id = body.id ?? ctx.uuid();
  let host: FleetServerHost = {
    id,
    name: body.name,
    host_urls: normalizeUrls(body.host_urls),
    is_default: body.is_default ?? false,
    is_preconfigured: false,
  };
  if (body.is_internal !== undefined) host.is_internal = body.is_internal;
  if (body.proxy_id) host.proxy_id = body.proxy_id;
  if (body.ssl) host.ssl = body.ssl;
  host = applySecrets(ctx, host, body.secrets);
  if (host.is_default) unsetOtherDefaults(store, id);
  store.put(host);
  return { body: { item: render(host) } };
}

function readHandler(ctx: RouteContext): HandlerResult {
  return { body: { item: render(mustGet(storeOf(ctx), ctx.params.itemId!)) } };
}

function listHandler(ctx: RouteContext): HandlerResult {
  const items = storeOf(ctx).all().map(render);
  return { body: { items, total: items.length, page: 1, perPage: 10000 } };
}

/** Omitted fields are kept, except `proxy_id` (`schema.nullable`: omitted = null = removed); `ssl: null` removes ssl. */
function updateHandler(ctx: RouteContext): HandlerResult {
  const body = validateConfigSchemaBody(fleetServerHostBodySchemas(ctx.version).update, ctx.body) as FleetServerHostUpdateBody;
  assertNoDuplicateSecrets(body);
  const store = storeOf(ctx);
  const existing = mustGet(store, ctx.params.itemId!);
  let host: FleetServerHost = { ...existing };
  if (body.name !== undefined) host.name = body.name;
  if (body.host_urls !== undefined) host.host_urls = normalizeUrls(body.host_urls);
  if (body.is_default !== undefined) host.is_default = body.is_default;
  if (body.is_internal !== undefined) host.is_internal = body.is_internal;
  if (body.proxy_id) host.proxy_id = body.proxy_id;
  else delete host.proxy_id;
  if (body.ssl === null) delete host.ssl;
  else if (body.ssl !== undefined) host.ssl = body.ssl;
  host = applySecrets(ctx, host, body.secrets);
  if (host.is_default) unsetOtherDefaults(store, host.id);
  store.put(host);
  return { body: { item: render(host) } };
}

function deleteHandler(ctx: RouteContext): HandlerResult {
  const store = storeOf(ctx);
  const id = ctx.params.itemId!;
  const host = mustGet(store, id);
  // Current Fleet: FleetServerHostUnauthorizedError → 403 (older 8.x: 400), kibana-behaviour.md §5.3.
  if (host.is_preconfigured) throw boomError(403, `Cannot delete ${id} preconfigured fleet server host`);
  if (host.is_default) throw boomError(403, `Default Fleet Server hosts ${id} cannot be deleted.`);
  for (const ref of Object.values(host.secrets?.ssl ?? {})) if (ref && typeof ref === "object") store.dropSecret(ref.id);
  store.delete(id);
  return { body: { id } };
}

export function registerFleetServerHostRoutes(router: Router): void {
  const route = { family: "boom" as const, versioned: true };
  router
    .add({ ...route, method: "GET", path: BASE, handler: listHandler })
    .add({ ...route, method: "POST", path: BASE, handler: createHandler })
    .add({ ...route, method: "GET", path: `${BASE}/{itemId}`, handler: readHandler })
    .add({ ...route, method: "PUT", path: `${BASE}/{itemId}`, handler: updateHandler })
    .add({ ...route, method: "DELETE", path: `${BASE}/{itemId}`, handler: deleteHandler });
}
