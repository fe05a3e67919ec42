import { z } from "zod";
import type { KibanaTransport } from "./transport";

export interface KibanaStatus {
  /** Kibana version, e.g. "8.15.2". */
  version: string;
  /** "traditional" or "serverless" (Kibana 8.11+). */
  buildFlavor?: string;
}

const statusResponse = z.object({
  version: z.object({
    number: z.string(),
    build_flavor: z.string().optional(),
  }),
});

const statusByEndpoint = new Map<string, Promise<KibanaStatus>>();

/**
 * Kibana's version, from `GET /api/status`, fetched at most once per process per endpoint.
 * A failed lookup is forgotten, so a later call tries again.
 */
export function getKibanaStatus(transport: Pick<KibanaTransport, "endpoint" | "request">): Promise<KibanaStatus> {
  const key = transport.endpoint;
  const cached = statusByEndpoint.get(key);
  if (cached) return cached;
  const pending = fetchKibanaStatus(transport);
  statusByEndpoint.set(key, pending);
  pending.catch(() => {
    if (statusByEndpoint.get(key) === pending) statusByEndpoint.delete(key);
  });
  return pending;
}

/** Forgets every memoized status (for tests, or after an upgrade of the cluster). */
export function clearKibanaStatusCache(): void {
  statusByEndpoint.clear();
}

async function fetchKibanaStatus(transport: Pick<KibanaTransport, "endpoint" | "request">): Promise<KibanaStatus> {
  const response = await transport.request({ method: "GET", path: "/api/status" });
  const parsed = statusResponse.safeParse(response.body);
  if (!parsed.success) {
    throw new Error(
      `Kibana GET /api/status at ${transport.endpoint} returned no version number; ` +
        "the credentials may lack access to the full status (it needs an authenticated user).",
    );
  }
  const { number, build_flavor } = parsed.data.version;
  return build_flavor === undefined ? { version: number } : { version: number, buildFlavor: build_flavor };
}
