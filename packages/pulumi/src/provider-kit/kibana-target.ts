import { isConflict, isNotFound, type KibanaConnection, type KibanaTransport } from "@esac/kibana-client";
import { transportFor } from "./config";
import { RESOURCE_IDENTITY_KEY } from "./identity";
import { OWNER_INPUT_KEY } from "./ownership";
import { DEFAULT_SPACE } from "./resource-options";

type Obj = Record<string, unknown>;

/** Arguments every esac resource takes besides Kibana's fields. */
export const OPTION_KEYS = ["space_id", "connection", "adopt", "overwrite_concurrent_edits"] as const;

export interface KibanaTarget {
  transport: KibanaTransport;
  spaceId: string;
  /** Snapshot-cache scope: one endpoint and space. */
  scope: string;
}

/** Where a resource's calls go: its connection (else stack config / environment) and its space. */
export function targetOf(props: Obj): KibanaTarget {
  const spaceId = (props.space_id as string | undefined) ?? DEFAULT_SPACE;
  const transport = transportFor(props.connection as Partial<KibanaConnection> | undefined);
  return { transport, spaceId, scope: `${transport.endpoint}|${spaceId}` };
}

/**
 * The options carried into state so that read and delete reach the same Kibana and space, and the owner id (the
 * inputs a refresh returns keep it, so it never shows as a changed input).
 */
export function carriedOptions(props: Obj): Obj {
  const out: Obj = {};
  for (const k of OPTION_KEYS) if (props[k] !== undefined) out[k] = props[k];
  out.space_id = props.space_id ?? DEFAULT_SPACE;
  if (typeof props[OWNER_INPUT_KEY] === "string") out[OWNER_INPUT_KEY] = props[OWNER_INPUT_KEY];
  return out;
}

/** The program's inputs without the option keys, Pulumi's own `__provider` and the resource identity. */
export function kibanaFields(news: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(news)) {
    if (k === "__provider" || k === RESOURCE_IDENTITY_KEY || (OPTION_KEYS as readonly string[]).includes(k)) continue;
    out[k] = v;
  }
  return out;
}

/** Prefixes an error with the resource it is about. */
export function withContext(label: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${label}: ${message}`);
}

/** The standard advice when an update finds its object gone. */
export function goneError(label: string): Error {
  return new Error(`${label} no longer exists in Kibana (deleted outside Pulumi?). Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`);
}

/** The standard advice when Kibana refuses a write because the object changed since it was read (`_version`). */
export function staleError(label: string, kibanaMessage: string): Error {
  return new Error(
    `${label} was changed in Kibana since Pulumi last read it, so the update was refused instead of overwriting that ` +
      `change (${kibanaMessage}). Run \`pulumi refresh\` to see the change, then \`pulumi up\` again; or set ` +
      "`overwrite_concurrent_edits: true` on the resource to let updates overwrite such changes.",
  );
}

/** What a failed `_version`-guarded update becomes: gone (404), stale (409), or Kibana's error with the resource named. */
export function versionedUpdateError(label: string, error: unknown): Error {
  if (isNotFound(error)) return goneError(label);
  if (isConflict(error)) return staleError(label, (error as { kibanaMessage: string }).kibanaMessage);
  return withContext(label, error);
}

/** Runs `fn` over `items` with at most `size` in flight. */
export async function inPool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
