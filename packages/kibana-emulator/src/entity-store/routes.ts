/**
 * Entity store v1 engine routes (kibana-behaviour.md §6): versioned, zod route validation (Boom 400, unknown keys
 * stripped), SIEM-shaped handler errors.
 */
import { ENGINE_INIT_DEFAULTS, engineInitBodySchema, ENRICH_INTERVAL_MESSAGE, ENTITY_TYPES, type EntityType } from "@esac/kibana-client";
import { z } from "zod";
import { boomError, siemError } from "../errors";
import type { HandlerResult, RouteContext, Router } from "../router";
import { queryBoolean, validateBody, validateRequestPart } from "../validation";
import { descriptorOf, type EngineRecord, type EntityStoreStore } from "./store";

export const ENTITY_STORE = "entity-store";
const BASE = "/api/entity_store/engines";

const paramsSchema = z.object({ entityType: z.enum(ENTITY_TYPES) });

function storeOf(ctx: RouteContext): EntityStoreStore {
  return ctx.stores.get<EntityStoreStore>(ENTITY_STORE);
}

function entityTypeOf(ctx: RouteContext): EntityType {
  return validateRequestPart("params", paramsSchema, ctx.params, ctx.version).entityType;
}

const descriptorId = (type: EntityType, spaceId: string) => `entity-engine-descriptor-${type}-${spaceId}`;

function mustGet(ctx: RouteContext, type: EntityType): EngineRecord {
  const record = storeOf(ctx).get(ctx.spaceId, type);
  if (!record) throw siemError(404, `Saved object [entity-engine-status/${descriptorId(type, ctx.spaceId)}] not found`);
  return record;
}

/** Init (and re-init: allowed, rebuilds the engine, clears a previous error). Resources are built in the background. */
function initHandler(ctx: RouteContext): HandlerResult {
  const type = entityTypeOf(ctx);
  const parsed = engineInitBodySchema.safeParse(ctx.body ?? {});
  if (!parsed.success && parsed.error.issues.every((i) => i.message === ENRICH_INTERVAL_MESSAGE)) {
    throw boomError(400, `[request body]: ${ENRICH_INTERVAL_MESSAGE}`);
  }
  const body = validateBody(engineInitBodySchema, ctx.body ?? {}, ctx.version);
  const store = storeOf(ctx);
  const settings = { ...ENGINE_INIT_DEFAULTS, ...body };
  const record: EngineRecord = {
    type,
    status: "installing",
    indexPattern: settings.indexPattern,
    filter: settings.filter,
    fieldHistoryLength: settings.fieldHistoryLength,
    timestampField: settings.timestampField,
    settings,
    readyAt: Date.now() + store.installDurationMs,
  };
  const failure = store.takeFailure(type);
  if (failure) record.failure = failure;
  store.put(ctx.spaceId, record);
  return { body: descriptorOf(record) };
}

function getHandler(ctx: RouteContext): HandlerResult {
  return { body: descriptorOf(mustGet(ctx, entityTypeOf(ctx))) };
}

function listHandler(ctx: RouteContext): HandlerResult {
  const engines = storeOf(ctx).all(ctx.spaceId).map(descriptorOf);
  return { body: { engines, count: engines.length } };
}

/** start only from `stopped`, stop only from `started`; otherwise a plain Error → SIEM 500 (§6.3). */
function switchHandler(action: "start" | "stop") {
  return (ctx: RouteContext): HandlerResult => {
    const type = entityTypeOf(ctx);
    const record = mustGet(ctx, type);
    const from = action === "start" ? "stopped" : "started";
    if (record.status !== from) {
      throw siemError(500, `In namespace ${ctx.spaceId}: Cannot ${action} Entity engine for ${type} when current status is: ${record.status}`);
    }
    storeOf(ctx).put(ctx.spaceId, { ...record, status: action === "start" ? "started" : "stopped" });
    return { body: action === "start" ? { started: true } : { stopped: true } };
  };
}

/** Idempotent: a missing engine is fine (§6.3). `delete_data` (or legacy `data`) would also drop the entity index. */
function deleteHandler(ctx: RouteContext): HandlerResult {
  const type = entityTypeOf(ctx);
  for (const key of ["delete_data", "data"]) {
    if (ctx.query[key] !== undefined && queryBoolean(ctx.query[key]) === undefined) {
      // Kibana's BooleanFromString fails as z.boolean() does on the raw string, in the release's wording.
      validateRequestPart("query", z.object({ [key]: z.boolean() }), { [key]: ctx.query[key] }, ctx.version);
    }
  }
  storeOf(ctx).delete(ctx.spaceId, type);
  return { body: { deleted: true } };
}

/** Store status: not_installed · error · stopped · installing · running (§6.3). */
function statusHandler(ctx: RouteContext): HandlerResult {
  const engines = storeOf(ctx).all(ctx.spaceId);
  const statuses = engines.map((e) => e.status);
  const status = !engines.length
    ? "not_installed"
    : statuses.includes("error")
      ? "error"
      : statuses.every((s) => s === "stopped")
        ? "stopped"
        : statuses.includes("installing")
          ? "installing"
          : "running";
  return { body: { status, engines: engines.map(descriptorOf) } };
}

export function registerEntityStoreRoutes(router: Router): void {
  const route = { family: "siem" as const, versioned: true };
  router
    .add({ ...route, method: "GET", path: BASE, handler: listHandler })
    .add({ ...route, method: "GET", path: `${BASE}/{entityType}`, handler: getHandler })
    .add({ ...route, method: "POST", path: `${BASE}/{entityType}/init`, handler: initHandler })
    .add({ ...route, method: "POST", path: `${BASE}/{entityType}/start`, handler: switchHandler("start") })
    .add({ ...route, method: "POST", path: `${BASE}/{entityType}/stop`, handler: switchHandler("stop") })
    .add({ ...route, method: "DELETE", path: `${BASE}/{entityType}`, handler: deleteHandler })
    .add({ ...route, method: "GET", path: "/api/entity_store/status", handler: statusHandler, mutates: false });
}
