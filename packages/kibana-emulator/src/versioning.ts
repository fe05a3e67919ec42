/**
 * `elastic-api-version` handling of versioned public routes (kibana-behaviour.md §0.2): optional header, defaults to
 * the oldest version; malformed or unknown → Boom 400; the `apiVersion` query parameter is refused.
 */
import type { IncomingHttpHeaders } from "node:http";
import { boomError } from "./errors";
import type { Query } from "./http-utils";

export const PUBLIC_API_VERSION = "2023-10-31";
export const AVAILABLE_VERSIONS = [PUBLIC_API_VERSION];

function isValidDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/** Throws the Boom 400 Kibana answers; returns the resolved version. */
export function resolveVersion(method: string, routePath: string, headers: IncomingHttpHeaders, query: Query): string {
  if ("apiVersion" in query) {
    throw boomError(400, 'Use of query parameter "apiVersion" is not allowed. Please specify the API version using the "elastic-api-version" header.');
  }
  const raw = headers["elastic-api-version"];
  const requested = Array.isArray(raw) ? raw[0] : raw;
  if (requested === undefined || requested === "") return AVAILABLE_VERSIONS[0]!;
  if (!isValidDate(requested)) {
    throw boomError(400, `Invalid version. Received "${requested}", expected a valid date string formatted as YYYY-MM-DD.`);
  }
  if (!AVAILABLE_VERSIONS.includes(requested)) {
    throw boomError(
      400,
      `No version "${requested}" available for [${method.toLowerCase()}] [${routePath}]. Available versions are: [${AVAILABLE_VERSIONS.join(",")}]`,
    );
  }
  return requested;
}
