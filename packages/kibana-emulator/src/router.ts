/**
 * Route table: method + path template (`/api/x/{id}`) → handler, with the route's error family and whether it is a
 * versioned public route. Paths are matched after the `/s/{space}` prefix is stripped. The most specific template
 * wins (most literal segments), like Hapi.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { AuthenticatedUser } from "./auth";
import type { ErrorFamily } from "./errors";
import type { MultipartPart, Query } from "./http-utils";
import type { KibanaVersion } from "@esac/kibana-client";
import type { StoreRegistry } from "./stores";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteContext {
  method: HttpMethod;
  /** Route-relative path (space prefix stripped, no query). */
  path: string;
  /** Path as received. */
  rawPath: string;
  params: Record<string, string>;
  query: Query;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty); for multipart routes, undefined. */
  body: unknown;
  /** Multipart parts (multipart routes only). */
  parts?: MultipartPart[];
  rawBody: Buffer;
  spaceId: string;
  /** null only on `auth: "optional"` routes called without valid credentials. */
  user: AuthenticatedUser | null;
  /** `user.username`, or "elastic" when unauthenticated. */
  username: string;
  stores: StoreRegistry;
  /** The Kibana release the emulator behaves as. */
  version: KibanaVersion;
  /** ISO timestamp with milliseconds. */
  now(): string;
  uuid(): string;
  route: RouteDefinition;
}

export interface HandlerResult {
  status?: number;
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  /** Non-JSON body (ndjson export…); `headers` should carry the content type. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface RouteDefinition {
  method: HttpMethod;
  /** Template without the space prefix, e.g. `/api/detection_engine/rules`. */
  path: string;
  /** Error body shape produced by this route's handler (kibana-behaviour.md §0.3). */
  family: ErrorFamily;
  /** Versioned public route: accepts `elastic-api-version` (2023-10-31). */
  versioned: boolean;
  /** Default "required". */
  auth?: "required" | "optional";
  /** Default true: non-GET needs `kbn-xsrf`. */
  xsrf?: boolean;
  /** Body is multipart/form-data (import endpoints). */
  multipart?: boolean;
  /** Marks a write for persistence; default: every non-GET. */
  mutates?: boolean;
  handler(ctx: RouteContext): HandlerResult | Promise<HandlerResult>;
}

interface CompiledRoute {
  def: RouteDefinition;
  segments: string[];
  literals: number;
}

export interface RouteMatch {
  route: RouteDefinition;
  params: Record<string, string>;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s, i) => i > 0 || s !== "");
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(def: RouteDefinition): this {
    const dup = this.compiled.find((c) => c.def.method === def.method && c.def.path === def.path);
    if (dup) throw new Error(`Route registered twice: ${def.method} ${def.path}`);
    const segments = splitPath(def.path);
    this.compiled.push({ def, segments, literals: segments.filter((s) => !/^\{.+\}$/.test(s)).length });
    return this;
  }

  routes(): RouteDefinition[] {
    return this.compiled.map((c) => c.def);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    const segs = splitPath(trimmed);
    let best: { c: CompiledRoute; params: Record<string, string> } | undefined;
    for (const c of this.compiled) {
      if (c.def.method !== method.toUpperCase() || c.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const t = c.segments[i]!;
        const p = /^\{(.+)\}$/.exec(t);
        if (p) {
          try {
            params[p[1]!] = decodeURIComponent(segs[i]!);
          } catch {
            ok = false;
            break;
          }
        } else if (t !== segs[i]) {
          ok = false;
          break;
        }
      }
      if (ok && (!best || c.literals > best.c.literals)) best = { c, params };
    }
    return best && { route: best.c.def, params: best.params };
  }
}
