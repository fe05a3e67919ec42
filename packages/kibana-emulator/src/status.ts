/**
 * `GET /api/status` (kibana-behaviour.md §0.7): `authRequired: optional`; unauthenticated → redacted body;
 * authenticated → full v8 body (or v7 with `?v7format=true`).
 */
import { randomUUID } from "node:crypto";
import { boomError } from "./errors";
import { firstQueryValue } from "./http-utils";
import { formatKibanaVersion, NEWEST_SUPPORTED_KIBANA, type KibanaVersion } from "@esac/kibana-client";
import type { Router } from "./router";

/** The release an emulator started without `version` reports (the newest esac knows). */
export const KIBANA_VERSION = NEWEST_SUPPORTED_KIBANA;
export const KIBANA_BUILD_HASH = "ad8f0fa43e5c8c8d4a6b2c0f1e8b5f4a7d3c2b1a";
export const KIBANA_BUILD_NUMBER = 100200;

function boolParam(name: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw boomError(400, `[request query.${name}]: expected value of type [boolean] but got [string]`);
}

export function registerStatusRoute(router: Router, startedAt: number, kibanaVersion: KibanaVersion): void {
  const uuid = randomUUID();
  router.add({
    method: "GET",
    path: "/api/status",
    family: "boom",
    versioned: false,
    auth: "optional",
    handler(ctx) {
      const v7 = boolParam("v7format", firstQueryValue(ctx.query.v7format));
      const v8 = boolParam("v8format", firstQueryValue(ctx.query.v8format));
      if (v7 && v8) throw boomError(400, "[request query]: provide only one format option: v7format or v8format");
      if (!ctx.user) return { body: { status: { overall: { level: "available" } } } };
      const now = new Date().toISOString();
      const version = {
        number: formatKibanaVersion(kibanaVersion),
        build_hash: KIBANA_BUILD_HASH,
        build_number: KIBANA_BUILD_NUMBER,
        build_snapshot: false,
        build_flavor: "traditional",
        build_date: "2026-04-30T12:00:00.000Z",
      };
      const metrics = {
        last_updated: now,
        collection_interval_in_millis: 5000,
        os: { platform: process.platform, platformRelease: `${process.platform}-emulated`, uptime_in_millis: Math.round(process.uptime() * 1000) },
        process: { pid: process.pid, uptime_in_millis: Date.now() - startedAt },
        response_times: { avg_in_millis: 0, max_in_millis: 0 },
        requests: { disconnects: 0, total: 0, statusCodes: {} },
        concurrent_connections: 0,
        elasticsearch_client: { totalActiveSockets: 0, totalIdleSockets: 0, totalQueuedRequests: 0 },
      };
      if (v7) {
        const green = { state: "green", title: "Green", nickname: "Looking good", icon: "success", uiColor: "secondary", since: now };
        return {
          body: {
            name: "kibana",
            uuid,
            version,
            status: {
              overall: green,
              statuses: [
                { id: `core:elasticsearch@${version.number}`, message: "Elasticsearch is available", ...green },
                { id: `core:savedObjects@${version.number}`, message: "SavedObjects service has completed migrations and is available", ...green },
              ],
            },
            metrics,
          },
        };
      }
      return {
        body: {
          name: "kibana",
          uuid,
          version,
          status: {
            overall: { level: "available", summary: "All services and plugins are available" },
            core: {
              elasticsearch: { level: "available", summary: "Elasticsearch is available" },
              savedObjects: { level: "available", summary: "SavedObjects service has completed migrations and is available" },
            },
            plugins: {},
          },
          metrics,
        },
      };
    },
  });
}
