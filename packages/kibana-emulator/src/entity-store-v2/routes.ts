/**
 * Entity Store v2 (`x-pack/solutions/security/plugins/entity_store/server/routes/apis/{install/index,update,
 * uninstall,start,stop,status}.ts`), served from Kibana 9.4 (`KIBANA_FEATURES.entityStoreV2`: the v2 feature flag is
 * on in the 9.4 branch, PR #262680). Versioned public routes (`2023-10-31`) whose bodies are validated strictly
 * (`buildStrictRouteValidationWithZod`: unknown keys are a 400) and whose errors are Boom's. No Kibana OpenAPI bundle
 * describes them, so requests are checked with the client's v2 schemas (the routes' own validation) and every answer
 * with `entityStoreOkSchema` / `entityStoreStatusSchema`.
 */
import {
  ENTITY_TYPES,
  entityStoreInstallBodySchema,
  entityStoreOkSchema,
  entityStoreStatusSchema,
  entityStoreTypesBodySchema,
  entityStoreUpdateBodySchema,
  type EntityStoreStatus,
  type EntityStoreStatusEngine,
  type EntityType,
  type LogExtraction,
} from "@esac/kibana-client";
import { z } from "zod";
import { boomError } from "../errors";
import type { HandlerResult, RouteContext, Router } from "../router";
import { validateBody, validateQuery } from "../validation";
import type { EntityStoreV2Store, V2Engine } from "./store";

export const ENTITY_STORE_V2 = "entity-store-v2";
const BASE = "/api/security/entity_store";

function storeOf(ctx: RouteContext): EntityStoreV2Store {
  return ctx.stores.get<EntityStoreV2Store>(ENTITY_STORE_V2);
}

const ok = (status = 200): HandlerResult => ({ status, body: entityStoreOkSchema.parse({ ok: true }) });

/** `global_state/constants.ts` (commit 02f2a2de) defaults of the shared log extraction configuration. */
const CONFIG_DEFAULTS = {
  delay: "1m",
  timeout: "59s",
  lookbackPeriod: "30d",
  fieldHistoryLength: 10,
  maxLogsPerPage: 40_000,
  maxTimeWindowSize: "1d",
  maxLogsPerWindow: 500_000,
  maxLogsPerWindowCapBehavior: "defer",
} as const;

/** Default cadence by type: host and user the shared 1m, service 10m, generic 30m (examples/entity_store_status.yaml). */
const DEFAULT_FREQUENCY: Record<EntityType, string> = { host: "1m", user: "1m", service: "10m", generic: "30m" };

/** status.ts `toPublicEngine`: the engine, the shared configuration, and the v1 legacy keys with fixed values. */
function publicEngine(engine: V2Engine, config: LogExtraction): EntityStoreStatusEngine {
  return {
    type: engine.type,
    status: engine.status,
    filter: "",
    delay: config.delay ?? CONFIG_DEFAULTS.delay,
    timeout: CONFIG_DEFAULTS.timeout,
    frequency: config.frequency ?? DEFAULT_FREQUENCY[engine.type],
    lookbackPeriod: config.lookbackPeriod ?? CONFIG_DEFAULTS.lookbackPeriod,
    fieldHistoryLength: config.fieldHistoryLength ?? CONFIG_DEFAULTS.fieldHistoryLength,
    maxLogsPerPage: CONFIG_DEFAULTS.maxLogsPerPage,
    maxTimeWindowSize: CONFIG_DEFAULTS.maxTimeWindowSize,
    maxLogsPerWindow: CONFIG_DEFAULTS.maxLogsPerWindow,
    maxLogsPerWindowCapBehavior: CONFIG_DEFAULTS.maxLogsPerWindowCapBehavior,
    docsPerSecond: -1,
    indexPattern: "",
    enrichPolicyExecutionInterval: null,
    timestampField: "@timestamp",
    maxPageSearchSize: 10000,
  };
}

/** The store's status from its engines' (as the v1 store status: error > all stopped > installing > running). */
function storeStatus(engines: V2Engine[]): EntityStoreStatus["status"] {
  const statuses = engines.map((e) => e.status);
  if (!engines.length) return "not_installed";
  if (statuses.includes("error")) return "error";
  if (statuses.every((s) => s === "stopped")) return "stopped";
  return statuses.includes("installing") ? "installing" : "running";
}

/** install/index.ts: installs the requested types not installed yet (201); none left → 200, configuration untouched. */
function installHandler(ctx: RouteContext): HandlerResult {
  const body = validateBody(entityStoreInstallBodySchema, ctx.body ?? {}, ctx.version);
  const store = storeOf(ctx);
  const installed = new Set(store.all(ctx.spaceId).map((e) => e.type));
  const toInstall = (body.entityTypes ?? [...ENTITY_TYPES]).filter((type) => !installed.has(type));
  if (!toInstall.length) return ok(200);
  if (body.logExtraction) store.setConfig(ctx.spaceId, { ...store.config(ctx.spaceId), ...body.logExtraction });
  for (const type of toInstall) store.put(ctx.spaceId, { type, status: "installing", readyAt: Date.now() + store.installDurationMs });
  return ok(201);
}

/** update.ts: the shared log extraction configuration; 404 `Entity store is not installed` before any install. */
function updateHandler(ctx: RouteContext): HandlerResult {
  const body = validateBody(entityStoreUpdateBodySchema, ctx.body ?? {}, ctx.version);
  const store = storeOf(ctx);
  if (!store.all(ctx.spaceId).length) throw boomError(404, "Entity store is not installed");
  store.setConfig(ctx.spaceId, { ...store.config(ctx.spaceId), ...body.logExtraction });
  return ok();
}

/** uninstall.ts: removes the requested types that are installed (default all); the others are ignored. */
function uninstallHandler(ctx: RouteContext): HandlerResult {
  const body = validateBody(entityStoreTypesBodySchema, ctx.body ?? {}, ctx.version);
  const store = storeOf(ctx);
  const installed = new Set(store.all(ctx.spaceId).map((e) => e.type));
  for (const type of body.entityTypes ?? ENTITY_TYPES) if (installed.has(type)) store.delete(ctx.spaceId, type);
  return ok();
}

/** start.ts / stop.ts: only the requested types that are stopped (start) or started (stop) change; never an error. */
function switchHandler(action: "start" | "stop") {
  const [from, to] = action === "start" ? (["stopped", "started"] as const) : (["started", "stopped"] as const);
  return (ctx: RouteContext): HandlerResult => {
    const body = validateBody(entityStoreTypesBodySchema, ctx.body ?? {}, ctx.version);
    const store = storeOf(ctx);
    const wanted = new Set<EntityType>(body.entityTypes ?? ENTITY_TYPES);
    for (const engine of store.all(ctx.spaceId))
      if (wanted.has(engine.type) && engine.status === from) store.put(ctx.spaceId, { type: engine.type, status: to });
    return ok();
  };
}

const statusQuerySchema = z.strictObject({ include_components: z.enum(["true", "false"]).optional() });

/** status.ts: `{ status: "not_installed", engines: [] }` before any install; else every engine with the shared configuration. */
function statusHandler(ctx: RouteContext): HandlerResult {
  validateQuery(statusQuerySchema, ctx.query, ctx.version);
  const store = storeOf(ctx);
  const engines = store.all(ctx.spaceId);
  const config = store.config(ctx.spaceId);
  const body = { status: storeStatus(engines), engines: engines.map((e) => publicEngine(e, config)) };
  return { body: entityStoreStatusSchema.parse(body) };
}

export function registerEntityStoreV2Routes(router: Router): void {
  const route = { family: "boom" as const, versioned: true };
  router
    .add({ ...route, method: "POST", path: `${BASE}/install`, handler: installHandler })
    .add({ ...route, method: "PUT", path: BASE, handler: updateHandler })
    .add({ ...route, method: "POST", path: `${BASE}/uninstall`, handler: uninstallHandler })
    .add({ ...route, method: "PUT", path: `${BASE}/start`, handler: switchHandler("start") })
    .add({ ...route, method: "PUT", path: `${BASE}/stop`, handler: switchHandler("stop") })
    .add({ ...route, method: "GET", path: `${BASE}/status`, handler: statusHandler, mutates: false });
}
