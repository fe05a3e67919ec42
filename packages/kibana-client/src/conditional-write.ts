import type { ApiTarget } from "./detection-rules/api";
import type { KibanaResponse } from "./transport";

/**
 * Whether `current` (an object as Kibana returns it) holds everything `sent` wrote: every sent key has the same value,
 * recursively; `undefined` was not written; `null` removes (matches absent); arrays match element by element.
 */
export function holdsWrite(current: unknown, sent: unknown): boolean {
  if (sent === undefined) return true;
  if (sent === null) return current === null || current === undefined;
  if (Array.isArray(sent)) {
    return Array.isArray(current) && current.length === sent.length && sent.every((value, i) => holdsWrite(current[i], value));
  }
  if (typeof sent === "object") {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return false;
    const object = current as Record<string, unknown>;
    return Object.entries(sent as Record<string, unknown>).every(([key, value]) => holdsWrite(object[key], value));
  }
  return current === sent;
}

export interface AppliedWriteOptions<T> {
  /** Keys of the body that the object does not echo as sent (`_version`, fields the route does not write). */
  ignore?: readonly string[];
  /** Extra proof for what `holdsWrite` cannot compare (e.g. appended comments); the ignored keys are for it to check. */
  alsoHolds?: (current: T) => boolean;
}

/**
 * The `confirmApplied` check of a `_version`-guarded write: reads the object and returns it when it already holds
 * `sent` — the write whose answer was lost was applied, and the re-send's 409 is about that write, not someone else's.
 */
export function appliedWriteCheck<T>(
  read: () => Promise<KibanaResponse<T>>,
  sent: object,
  options: AppliedWriteOptions<T> = {},
): () => Promise<KibanaResponse<T> | undefined> {
  const ignore = new Set(["_version", ...(options.ignore ?? [])]);
  const compared = Object.fromEntries(Object.entries(sent).filter(([key]) => !ignore.has(key)));
  return async () => {
    const found = await read();
    if (found.status !== 200) return undefined;
    const holds = holdsWrite(found.body, compared) && (options.alsoHolds?.(found.body) ?? true);
    return holds ? found : undefined;
  };
}

/**
 * A versioned `PUT` of `body` to `path` (1 call). When the body carries `_version` and a re-send after a lost answer
 * is refused with 409, `read` tells whether the first attempt was applied (see {@link appliedWriteCheck}).
 */
export async function versionGuardedPut<T>(
  target: ApiTarget,
  path: string,
  body: { _version?: string },
  read: () => Promise<KibanaResponse<T>>,
  options: AppliedWriteOptions<T> = {},
): Promise<T> {
  const confirmApplied = body._version ? appliedWriteCheck(read, body, options) : undefined;
  const res = await target.transport.request<T>({ method: "PUT", path, spaceId: target.spaceId, versioned: true, body, confirmApplied });
  return res.body;
}
