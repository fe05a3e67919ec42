/**
 * The Spaces API (`x-pack/platform/plugins/shared/spaces/server/routes/api/external/{post,get,get_all,put,delete}.ts`,
 * `spaces_client/spaces_client.ts`): versioned public routes with config-schema validation (unknown keys rejected)
 * and Boom errors. Spaces are global: a `/s/{space}` prefix routes to the same spaces. No Kibana OpenAPI bundle
 * describes these routes, so requests are checked with the client's `spaceBodySchema` (Kibana's `getSpaceSchema`,
 * stateful) and every answer with `spaceSchema`.
 */
import { spaceBodySchema, spaceSchema, type Space, type SpaceBody } from "@esac/kibana-client";
import { z } from "zod";
import { configSchemaMessage, validateConfigSchemaBody } from "../config-schema";
import { boomError } from "../errors";
import type { HandlerResult, RouteContext, Router } from "../router";
import { answeredDisabledFeatures } from "./solution-features";
import type { SpaceAttributes, SpacesStore } from "./store";

export const SPACES_STORE = "spaces";
const BASE = "/api/spaces/space";
/** `xpack.spaces.maxSpaces` default (spaces `server/config.ts`). */
const MAX_SPACES = 1000;

function storeOf(ctx: RouteContext): SpacesStore {
  return ctx.stores.get<SpacesStore>(SPACES_STORE);
}

/** `response.notFound()`: Boom's bare 404 (get.agnostic.ts `createExpectNotFoundResult`, delete.agnostic.ts `expectNotFound`). */
const notFound = () => boomError(404, "Not Found");

/** `transformSavedObjectToSpace`: unset attributes are left out, `disabledFeatures` as the solution makes it. */
function render(id: string, a: Partial<SpaceAttributes>): Space {
  const space: Record<string, unknown> = {
    id,
    name: a.name ?? "",
    description: a.description,
    color: a.color,
    initials: a.initials,
    imageUrl: a.imageUrl,
    disabledFeatures: answeredDisabledFeatures(a.disabledFeatures ?? [], a.solution),
    _reserved: a._reserved,
    ...(a.solution ? { solution: a.solution } : {}),
  };
  for (const k of Object.keys(space)) if (space[k] === undefined) delete space[k];
  return spaceSchema.parse(space);
}

/** `generateSpaceAttributes`: what a write stores (never `_reserved`, never `projectRouting`). */
function attributesOf(body: z.output<typeof spaceBodySchema>, name: string): Partial<SpaceAttributes> {
  return {
    name,
    description: body.description,
    color: body.color,
    initials: body.initials,
    imageUrl: body.imageUrl,
    disabledFeatures: body.disabledFeatures,
    ...(body.solution ? { solution: body.solution } : {}),
  };
}

/** Without Cross-Project Search (stateful Kibana), `projectRouting` is refused by the spaces client. */
function refuseProjectRouting(body: SpaceBody, action: "create" | "update"): void {
  if (Object.hasOwn(body, "projectRouting")) {
    throw boomError(400, `Unable to ${action} Space, projectRouting property is only allowed when CPS is enabled`);
  }
}

function createHandler(ctx: RouteContext): HandlerResult {
  const body = validateConfigSchemaBody(spaceBodySchema, ctx.body);
  const store = storeOf(ctx);
  if (store.all().length >= MAX_SPACES) {
    throw boomError(400, "Unable to create Space, this exceeds the maximum number of spaces set by the xpack.spaces.maxSpaces setting");
  }
  refuseProjectRouting(body, "create");
  // post.ts: a saved-object conflict becomes this 409 (create.agnostic.ts "when it already exists").
  if (store.get(body.id)) throw boomError(409, `A space with the identifier ${body.id} already exists.`);
  // `_reserved` in the body is ignored (create.agnostic.ts "should return 200 and ignore _reserved").
  const attributes = attributesOf(body, body.name.trim());
  store.put(body.id, stored(attributes));
  return { body: render(body.id, attributes) };
}

/** What the saved object holds: the attributes a write sets (an undefined one is not written). */
function stored(attributes: Partial<SpaceAttributes>, existing?: SpaceAttributes): SpaceAttributes {
  const out: Record<string, unknown> = { ...existing };
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out[k] = v;
  return out as unknown as SpaceAttributes;
}

const isClassic = (solution: string | undefined) => solution === undefined || solution === "classic";

/**
 * `shouldPreserveStoredDisabledFeatures` (spaces_client.ts): a non-classic solution keeps the stored list; switching
 * back to classic keeps it when the body's list is just the old solution's defaults.
 */
function preservesDisabledFeatures(existing: SpaceAttributes, body: z.output<typeof spaceBodySchema>): boolean {
  const incoming = Object.hasOwn(body, "solution") ? body.solution : existing.solution;
  if (!isClassic(incoming)) return true;
  if (isClassic(existing.solution)) return false;
  const normal = (list: readonly string[]) => JSON.stringify([...new Set(list)].sort());
  return normal(body.disabledFeatures) === normal(answeredDisabledFeatures([], existing.solution));
}

/**
 * PUT: the path id wins over the body's. The saved-object update is partial — an attribute the body leaves out is
 * not written, so the store keeps it — while the answer is built from the body over the old attributes, where a left
 * out attribute is unset (`spaces_client.ts` `update`). A new name is trimmed; an unchanged one is kept as stored.
 */
function updateHandler(ctx: RouteContext): HandlerResult {
  const body = validateConfigSchemaBody(spaceBodySchema, ctx.body);
  refuseProjectRouting(body, "update");
  const store = storeOf(ctx);
  const id = ctx.params.id!;
  const existing = store.get(id);
  if (!existing) throw notFound();
  const disabledFeatures = preservesDisabledFeatures(existing, body) ? existing.disabledFeatures : body.disabledFeatures;
  const name = body.name === existing.name ? body.name : body.name.trim();
  const attributes = { ...attributesOf({ ...body, disabledFeatures }, name) };
  store.put(id, stored(attributes, existing));
  return { body: render(id, { ...existing, ...attributes }) };
}

function readHandler(ctx: RouteContext): HandlerResult {
  const id = ctx.params.id!;
  const space = storeOf(ctx).get(id);
  if (!space) throw notFound();
  return { body: render(id, space) };
}

/** get_all.ts query (config-schema: unknown keys rejected). */
const listQuerySchema = z
  .strictObject({
    purpose: z.enum(["any", "copySavedObjectsIntoSpace", "shareSavedObjectsIntoSpace"]).optional(),
    include_authorized_purposes: z.enum(["true", "false"]).optional(),
  })
  .refine(
    (q) => !(q.purpose && q.include_authorized_purposes !== undefined && q.include_authorized_purposes !== "false"),
    "include_authorized_purposes can only be false when purpose is specified",
  );

/**
 * Every space, sorted by name (`getAll`: `sortField: 'name.keyword'`, a byte-order sort). The emulator has no
 * per-space privileges, so `purpose` filters nothing, as in a Kibana without the security plugin.
 */
function listHandler(ctx: RouteContext): HandlerResult {
  const parsed = listQuerySchema.safeParse(ctx.query);
  if (!parsed.success) throw boomError(400, configSchemaMessage(parsed.error, ctx.query, "request query"));
  const spaces = storeOf(ctx)
    .all()
    .sort(([, a], [, b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(([id, a]) => render(id, a));
  return { body: spaces };
}

/**
 * DELETE: the reserved default space is refused (400, `spaces_client.ts` `delete`); otherwise every saved object of
 * the space goes (`deleteByNamespace`) — in the emulator, what each family stores under that space (rules,
 * connectors, `single` exception lists and items, entity engine descriptors) — then the space. Value lists live in
 * the space's `.lists-*`/`.items-*` data streams, which are not saved objects: Kibana leaves them, and so does this.
 */
function deleteHandler(ctx: RouteContext): HandlerResult {
  const store = storeOf(ctx);
  const id = ctx.params.id!;
  const space = store.get(id);
  if (!space) throw notFound();
  if (space._reserved) throw boomError(400, `The ${id} space cannot be deleted because it is reserved.`);
  ctx.stores.deleteSpace(id);
  store.delete(id);
  return { status: 204 };
}

export function registerSpaceRoutes(router: Router): void {
  const route = { family: "boom" as const, versioned: true };
  router
    .add({ ...route, method: "GET", path: BASE, handler: listHandler })
    .add({ ...route, method: "POST", path: BASE, handler: createHandler })
    .add({ ...route, method: "GET", path: `${BASE}/{id}`, handler: readHandler })
    .add({ ...route, method: "PUT", path: `${BASE}/{id}`, handler: updateHandler })
    .add({ ...route, method: "DELETE", path: `${BASE}/{id}`, handler: deleteHandler });
}
