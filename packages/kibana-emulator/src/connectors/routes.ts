/**
 * Connector routes (kibana-behaviour.md §4): non-versioned public routes, config-schema validation (unknown keys
 * rejected), Boom errors. Per-type config/secrets validation uses the shared schemas of @esac/kibana-client in
 * `kibana` mode, worded as the served version words it (KIBANA_FEATURES `connectorSchemasZod`).
 */
import {
  applyConnectorConfigDefaults,
  connectorCreateBodySchema,
  connectorIdProblem,
  connectorTypeSchema,
  connectorUpdateBodySchema,
  hasFeature,
  type ConnectorResponse,
  type KibanaVersion,
} from "@esac/kibana-client";
import { z } from "zod";
import { configSchemaMessage, validateConfigSchemaBody } from "../config-schema";
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

/**
 * Kibana's `validateEmptyStrings` (actions/common/validate_empty_strings.ts) on `name`, `connector_type_id` and each
 * value of the `config`/`secrets` records (`schema.any({ validate })` per key): a blank (whitespace-only) string anywhere
 * in the value fails, reported on the record's key, always as `''` (actions create.ts/update.ts "…when empty strings
 * are submitted").
 */
function assertNoBlankStrings(body: { name: string; connector_type_id?: string; config?: Record<string, unknown>; secrets?: Record<string, unknown> }) {
  const blank = (v: unknown): boolean =>
    typeof v === "string" ? v.trim() === "" : Array.isArray(v) ? v.some(blank) : v !== null && typeof v === "object" ? Object.values(v).some(blank) : false;
  const fail = (path: string) => boomError(400, `[request body.${path}]: value '' is not valid`);
  if (blank(body.name)) throw fail("name");
  if (body.connector_type_id !== undefined && blank(body.connector_type_id)) throw fail("connector_type_id");
  for (const part of ["config", "secrets"] as const) {
    for (const [key, value] of Object.entries(body[part] ?? {})) if (blank(value)) throw fail(`${part}.${key}`);
  }
}

/**
 * The text of a per-type schema failure. Zod era (9.3+, `validate_with_schema.ts` with `z4.prettifyError`):
 * `error validating connector type config: ✖ Invalid input: …\n  → at field` (AAI cases_webhook.ts "400s for all required
 * fields when missing"); config-schema era: `error validating action type config: [field]: expected …` (AAI-old
 * cases_webhook.ts, es_index.ts "should respond with error when creation unsuccessful").
 */
function typeSchemaError(version: KibanaVersion, part: "config" | "secrets", error: z.ZodError, input: unknown) {
  if (hasFeature(version, "connectorSchemasZod")) return boomError(400, `error validating connector type ${part}: ${z.prettifyError(error)}`);
  return boomError(400, `error validating action type ${part}: ${configSchemaMessage(error, input, "")}`);
}

/** A type's own validator failing (its `validate.secrets` function), worded as the era words it. */
function typeValidatorError(version: KibanaVersion, part: "config" | "secrets", message: string) {
  return boomError(400, `error validating ${hasFeature(version, "connectorSchemasZod") ? "connector" : "action"} type ${part}: ${message}`);
}

/**
 * Type validators beyond the schema. `.slack`: the webhook URL must parse with a host (stack_connectors slack
 * `validateConnectorTypeConfig`; AAI slack_webhook.ts "should respond with a 400 for webhookUrl with no hostname").
 */
function typeValidatorProblem(type: string, secrets: Record<string, unknown>): string | undefined {
  if (type !== ".slack") return undefined;
  try {
    if (new URL(String(secrets.webhookUrl)).hostname) return undefined;
  } catch {
    // falls through
  }
  return "error configuring slack action: unable to parse host name from webhookUrl";
}

/** Type-schema validation of config and secrets, then the type's cross-field rules (actions client `validate*`). */
function validateForType(version: KibanaVersion, type: string, config: Record<string, unknown>, secrets: Record<string, unknown>) {
  const schema = connectorTypeSchema(type, "kibana");
  if (!schema) return { config, secrets };
  const parsedConfig = schema.config.safeParse(config);
  if (!parsedConfig.success) throw typeSchemaError(version, "config", parsedConfig.error, config);
  const parsedSecrets = schema.secrets.safeParse(secrets);
  if (!parsedSecrets.success) throw typeSchemaError(version, "secrets", parsedSecrets.error, secrets);
  const problem = typeValidatorProblem(type, parsedSecrets.data);
  if (problem) throw typeValidatorError(version, "secrets", problem);
  // `validateConnector` keeps the "action type connector" wording in every version (AAI cases_webhook.ts).
  const [rule] = schema.rules?.(parsedConfig.data, parsedSecrets.data) ?? [];
  if (rule) throw boomError(400, `error validating action type connector: ${rule.message}`);
  return { config: parsedConfig.data, secrets: parsedSecrets.data };
}

/**
 * 9.4 validates a client-chosen id before the body (params first: core http router); the length cap is config-schema's
 * own `maxLength`, which runs before `validateConnectorId` (actions/common/routes/connector/apis/create/schemas/v1.ts).
 */
function assertValidConnectorId(version: KibanaVersion, id: string | undefined): void {
  const problem = id === undefined ? undefined : connectorIdProblem(id, version);
  if (problem) throw boomError(400, `[request params.id]: ${problem}`);
}

function createHandler(ctx: RouteContext): HandlerResult {
  const id = ctx.params.connectorId;
  assertValidConnectorId(ctx.version, id);
  const body = validateConfigSchemaBody(connectorCreateBodySchema, ctx.body);
  assertNoBlankStrings(body);
  const store = storeOf(ctx);
  // Order of application/connector/methods/create/create.ts: system type, preconfigured id, registered type.
  const type = connectorType(body.connector_type_id);
  if (type?.is_system_action_type) throw boomError(400, `System action creation is forbidden. Action type: ${type.id}.`);
  if (id !== undefined && store.getPreconfigured(id)) throw boomError(400, `This ${id} already exists in a preconfigured action.`);
  if (!type) throw boomError(400, `Action type "${body.connector_type_id}" is not registered.`);
  const { config, secrets } = validateForType(ctx.version, type.id, body.config ?? {}, body.secrets ?? {});
  const connectorId = id ?? ctx.uuid();
  if (store.exists(connectorId)) throw boomError(409, `Saved object [action/${connectorId}] conflict`);
  const connector: StoredConnector = {
    id: connectorId,
    name: body.name,
    connector_type_id: type.id,
    config: applyConnectorConfigDefaults(type.id, config, ctx.version),
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
  assertNoBlankStrings(body);
  const store = storeOf(ctx);
  const id = ctx.params.connectorId!;
  if (store.getPreconfigured(id)) throw boomError(400, `Preconfigured action ${id} can not be updated.`);
  const existing = store.get(ctx.spaceId, id);
  if (!existing) throw notFound(id);
  const { config, secrets } = validateForType(ctx.version, existing.connector_type_id, body.config ?? {}, body.secrets ?? {});
  const connector: StoredConnector = {
    ...existing,
    name: body.name,
    config: applyConnectorConfigDefaults(existing.connector_type_id, config, ctx.version),
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
