import type { ApiTarget } from "../detection-rules/api";
import { ownRecovered, type CreateOptions } from "../ownership";
import type { Space, SpaceBody } from "./schema";

/**
 * The Spaces API is global: a space is addressed by its id, never through a `/s/{space}` prefix (Kibana strips one
 * and routes the call the same), so these calls send none. Routes: `x-pack/platform/plugins/shared/spaces/server/
 * routes/api/external/{post,get,get_all,put,delete}.ts` (public, version 2023-10-31).
 */
const SPACES = "/api/spaces/space";
const spacePath = (id: string) => `${SPACES}/${encodeURIComponent(id)}`;

/**
 * POST a space (1 call). 409 when the id is taken. An ambiguous failure (the answer was lost) is resolved by reading
 * the id rather than re-sending; what is found is taken only if `options.isOwn` accepts it.
 */
export async function createSpace(target: ApiTarget, body: SpaceBody, options: CreateOptions<Space> = {}): Promise<Space> {
  const res = await target.transport.request<Space>({
    method: "POST",
    path: SPACES,
    versioned: true,
    body,
    recover: async () => {
      const existing = await target.transport.request<Space>({ method: "GET", path: spacePath(body.id), versioned: true, okStatuses: [404] });
      return ownRecovered(existing, `id "${body.id}"`, options);
    },
  });
  return res.body;
}

/** GET one space; `undefined` when it does not exist. */
export async function readSpace(target: ApiTarget, id: string): Promise<Space | undefined> {
  const res = await target.transport.request<Space>({ method: "GET", path: spacePath(id), versioned: true, okStatuses: [404] });
  return res.status === 404 ? undefined : res.body;
}

/** Every space the caller may see (1 call: Kibana returns them all, sorted by name). */
export async function listSpaces(target: ApiTarget): Promise<Space[]> {
  const res = await target.transport.request<Space[]>({ method: "GET", path: SPACES, versioned: true });
  return res.body;
}

/**
 * PUT (1 call): the body replaces the space — an omitted optional field is unset. The body's `id` must be sent (the
 * schema requires it) but Kibana takes the id from the path.
 */
export async function updateSpace(target: ApiTarget, id: string, body: SpaceBody): Promise<Space> {
  const res = await target.transport.request<Space>({ method: "PUT", path: spacePath(id), versioned: true, body });
  return res.body;
}

/**
 * DELETE (1 call): Kibana deletes the space and every saved object in it (rules, connectors, exception lists…).
 * False when it was already gone — 404 counts as deleted. The default space cannot be deleted (400).
 */
export async function deleteSpace(target: ApiTarget, id: string): Promise<boolean> {
  const res = await target.transport.request({ method: "DELETE", path: spacePath(id), versioned: true, okStatuses: [404] });
  return res.status !== 404;
}
