/**
 * Connector routes (kibana-behaviour.md §4): non-versioned public routes, config-schema validation (unknown keys
 * rejected), Boom errors. Per-type config/secrets validation uses the shared schemas of @esac/kibana-client in
 * `kibana` mode, with Kibana's `error validating connector type config: …` wording.
 */
import {
  applyConnectorConfigDefaults,
  connectorCreateBodySchema,
  connectorTypeSchema,
  connectorUpdateBodySchema,
  type ConnectorResponse,
} from "@esac/kibana-client";
import { assertNoEmptyStrings, configSchemaMessage, validateConfigSchemaBody } from "../config-schema";
import { RULES_STORE, type RulesStore } from "../detection-rules";
import { boomError } from "../errors";
import type { HandlerResult, RouteContext, Router } from "../router";
import { importSavedObjects } from "./import";
import { connectorResponse, connectorType, CONNECTOR_TYPES, preconfiguredResponse, type StoredConnector } from "./model";
import type { ConnectorsStore } from "./store";

export const CONNECTORS_STORE = "connectors";
const BASE = "/api/actions/connector";

function storeOf(ctx: RouteContext): ConnectorsStore {
  return ctx.stores.get<ConnectorsStore>(CONNECTORS_STORE);
}

const notFound = (id: string) => boomError(404, `Saved object [action/${id}] not found`);

/** Type-schema validation of config and secrets, then the type's cross-field rules (actions client `validate*`). */
function validateForType(type: string, config: Record<string, unknown>, secrets: Record<string, unknown>) {
  const schema = connectorTypeSchema(type, "kibana");
  if (!schema) return { config, secrets };
  const parsedConfig = schema.config.safeParse(config);
  if (!parsedConfig.success) throw boomError(400, `error validating connector type config: ${configSchemaMessage(parsedConfig.error, config, "")}`);
  const parsedSecrets = schema.secrets.safeParse(secrets);
  if (!parsedSecrets.success) throw boomError(400, `error validating connector type secrets: ${configSchemaMessage(parsedSecrets.error, secrets, "")}`);
  const [rule] = schema.rules?.(parsedConfig.data, parsedSecrets.data) ?? [];
  if (rule) throw boomError(400, `error validating action type connector: ${rule.message}`);
  return { config: parsedConfig.data, secrets: parsedSecrets.data };
}

function createHandler(ctx: RouteContext): HandlerResult {
  const body = validateConfigSchemaBody(connectorCreateBodySchema, ctx.body);
  for (const field of ["name", "config", "secrets"] as const) assertNoEmptyStrings(body[field], field);
  const store = storeOf(ctx);
  const id = ctx.params.connectorId;
  if (id !== undefined && store.getPreconfigured(id)) throw boomError(400, `This ${id} already exists in a preconfigured action.`);
  const type = connectorType(body.connector_type_id);
  if (!type) throw boomError(400, `Action type "${body.connector_type_id}" is not registered.`);
  if (type.is_system_action_type) throw boomError(400, `System action creation is forbidden. Action type: ${type.id}.`);
  const { config, secrets } = validateForType(type.id, body.config ?? {}, body.secrets ?? {});
  const connectorId = id ?? ctx.uuid();
  if (store.exists(connectorId)) throw boomError(409, `Saved object [action/${connectorId}] conflict`);
  const connector: StoredConnector = {
    id: connectorId,
    name: body.name,
    connector_type_id: type.id,
    config: applyConnectorConfigDefaults(type.id, config),
    secrets,
    is_missing_secrets: false,
  };
  store.put(ctx.spaceId, connector);
  return { body: connectorResponse(connector) };
}

function readHandler(ctx: RouteContext): HandlerResult {
  const store = storeOf(ctx);
  const id = ctx.params.connectorId!;
  const pre = store.getPreconfigured(id);
  if (pre) return { body: preconfiguredResponse(pre) };
  const connector = store.get(ctx.spaceId, id);
  if (!connector) throw notFound(id);
  return { body: connectorResponse(connector) };
}

/** PUT is a full overwrite: config re-defaulted, secrets replaced by the body's (omitted → wiped). */
function updateHandler(ctx: RouteContext): HandlerResult {
  const body = validateConfigSchemaBody(connectorUpdateBodySchema, ctx.body);
  for (const field of ["name", "config", "secrets"] as const) assertNoEmptyStrings(body[field], field);
  const store = storeOf(ctx);
  const id = ctx.params.connectorId!;
  if (store.getPreconfigured(id)) throw boomError(400, `Preconfigured action ${id} can not be updated.`);
  const existing = store.get(ctx.spaceId, id);
  if (!existing) throw notFound(id);
  const { config, secrets } = validateForType(existing.connector_type_id, body.config ?? {}, body.secrets ?? {});
  const connector: StoredConnector = {
    ...existing,
    name: body.name,
    config: applyConnectorConfigDefaults(existing.connector_type_id, config),
    secrets,
    is_missing_secrets: false,
  };
  store.put(ctx.spaceId, connector);
  return { body: connectorResponse(connector) };
}

function deleteHandler(ctx: RouteContext): HandlerResult {
  const store = storeOf(ctx);
  const id = ctx.params.connectorId!;
  if (store.getPreconfigured(id)) throw boomError(400, `Preconfigured action ${id} is not allowed to delete.`);
  if (!store.delete(ctx.spaceId, id)) throw notFound(id);
  return { status: 204 };
}

/** Every connector of the space and the preconfigured ones, by name, each with how many rules use it. */
function listHandler(ctx: RouteContext): HandlerResult {
  const rules = ctx.stores.has(RULES_STORE) ? ctx.stores.get<RulesStore>(RULES_STORE).all(ctx.spaceId) : [];
  const uses = (id: string) => rules.filter((r) => ((r.actions ?? []) as { id: string }[]).some((a) => a.id === id)).length;
  const all: ConnectorResponse[] = [...storeOf(ctx).preconfigured.map(preconfiguredResponse), ...storeOf(ctx).all(ctx.spaceId).map(connectorResponse)];
  all.sort((a, b) => a.name.localeCompare(b.name));
  return { body: all.map((c) => ({ ...c, referenced_by_count: uses(c.id) })) };
}

function typesHandler(ctx: RouteContext): HandlerResult {
  const feature = typeof ctx.query.feature_id === "string" ? ctx.query.feature_id : undefined;
  const types = CONNECTOR_TYPES.filter((t) => !feature || t.supported_feature_ids.includes(feature));
  return {
    body: types.map((t) => ({
      id: t.id,
      name: t.name,
      enabled: true,
      enabled_in_config: true,
      enabled_in_license: true,
      minimum_license_required: t.minimum_license_required,
      supported_feature_ids: t.supported_feature_ids,
      is_system_action_type: t.is_system_action_type ?? false,
      is_deprecated: false,
    })),
  };
}

export function registerConnectorRoutes(router: Router): void {
  const route = { family: "boom" as const, versioned: false };
  router
    .add({ ...route, method: "POST", path: BASE, handler: createHandler })
    .add({ ...route, method: "POST", path: `${BASE}/{connectorId}`, handler: createHandler })
    .add({ ...route, method: "GET", path: `${BASE}/{connectorId}`, handler: readHandler })
    .add({ ...route, method: "PUT", path: `${BASE}/{connectorId}`, handler: updateHandler })
    .add({ ...route, method: "DELETE", path: `${BASE}/{connectorId}`, handler: deleteHandler })
    .add({ ...route, method: "GET", path: "/api/actions/connectors", handler: listHandler })
    .add({ ...route, method: "GET", path: "/api/actions/connector_types", handler: typesHandler })
    .add({ ...route, method: "POST", path: "/api/saved_objects/_import", multipart: true, handler: (ctx) => importSavedObjects(ctx, storeOf(ctx)) });
}
