import type * as pulumi from "@pulumi/pulumi";
import {
  createSpace,
  DEFAULT_SPACE_ID,
  deleteSpace,
  isConflict,
  isNotFound,
  readSpace,
  spaceCheckSchema,
  updateSpace,
  type KibanaConnection,
  type Space,
  type SpaceBody,
} from "@esac/kibana-client";
import { checkFailures, unknownKeyProblems, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig, transportFor } from "../provider-kit/config";
import { debugLog } from "../provider-kit/debug-log";
import { RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { toPlainJson } from "../provider-kit/json";
import { goneError, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { foreignObjectError, isForeignObject } from "../provider-kit/ownership";
import { validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { changedSpaceFields, CLEARABLE_FIELDS, solutionDecidesFeatures, SPACE_FIELDS, spaceState } from "./normalize";

type Obj = Record<string, unknown>;

const OPTIONS = ["connection", "adopt"] as const;
/** The arguments as the program names them; the resource class passes `id` on as `space_id`. */
const ARGUMENTS = [...SPACE_FIELDS, "id", ...OPTIONS];
const BOOKKEEPING = ["space_id", "__provider", RESOURCE_IDENTITY_KEY];

/** The Spaces API is global: no space prefix. */
function targetOf(props: Obj): KibanaTarget {
  const transport = transportFor(props.connection as Partial<KibanaConnection> | undefined);
  return { transport, spaceId: DEFAULT_SPACE_ID, scope: transport.endpoint };
}

function carried(props: Obj): Obj {
  return Object.fromEntries(OPTIONS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

function label(props: Obj): string {
  return `Space "${String(props.space_id)}"`;
}

/**
 * The desired space as a request body (Kibana's PUT and POST take the whole space). On update (`previous` = state),
 * a description, initials or image the program dropped is sent as `""`: an omitted one would be kept by Kibana.
 */
function requestBody(inputs: Obj, previous?: Obj): SpaceBody {
  const body: SpaceBody = {
    id: inputs.space_id as string,
    name: inputs.name as string,
    disabledFeatures: (inputs.disabledFeatures as string[] | undefined) ?? [],
  };
  for (const k of ["description", "color", "initials", "imageUrl", "solution"] as const) {
    if (inputs[k] !== undefined) (body as Obj)[k] = inputs[k];
  }
  for (const k of CLEARABLE_FIELDS) if (inputs[k] === undefined && previous?.[k]) body[k] = "";
  return body;
}

function outputs(space: Space, inputs: Obj): Obj {
  return toPlainJson({ ...spaceState(space), ...carried(inputs) });
}

const ADOPT_ADVICE =
  "To manage it from this program, set `adopt: true` (its settings will be overwritten by the program's; destroying the resource then deletes the space and everything in it); otherwise choose another id.";

function defaultSpaceProblem(id: unknown): CheckProblem[] {
  if (id !== DEFAULT_SPACE_ID) return [];
  return [
    {
      path: "id",
      reason:
        'the default space always exists, and Kibana neither creates nor deletes it (it is reserved). Objects in it need no Space resource: leave their space_id out, or set it to "default"',
      value: id,
    },
  ];
}

export const spaceProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(_olds: Obj, news: Obj) {
    // `space_id` here is the space itself (the program's `id`): checked as `id` by the schema, not as an option.
    const { space_id: id, ...rest } = news;
    const problems: CheckProblem[] = [...validateResourceOptions(rest), ...unknownKeyProblems(news, ARGUMENTS, BOOKKEEPING)];
    const fields: Obj = { id };
    for (const k of SPACE_FIELDS) if (news[k] !== undefined) fields[k] = news[k];
    const parsed = spaceCheckSchema.safeParse(fields);
    if (!parsed.success) problems.push(...zodProblems(spaceCheckSchema, parsed.error, fields, OPTIONS));
    problems.push(...defaultSpaceProblem(id));
    if (solutionDecidesFeatures(news.solution) && Array.isArray(news.disabledFeatures) && news.disabledFeatures.length > 0) {
      problems.push({
        path: "disabledFeatures",
        reason: `Kibana ignores it while solution is "${String(news.solution)}" (the solution decides which features are off); leave it out, or set solution "classic"`,
        value: news.disabledFeatures,
      });
    }
    const { [RESOURCE_IDENTITY_KEY]: _identity, ...inputs } = news;
    return problems.length ? { inputs, failures: checkFailures(problems) } : { inputs: toPlainJson(inputs) };
  },

  /** The id is the space's URL key: changing it makes another space (created first, then the old one deleted). */
  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = isUnknown(news.space_id) || news.space_id !== olds.space_id ? ["space_id"] : [];
    if (containsUnknown(news)) return { changes: true, replaces };
    return { changes: replaces.length > 0 || changedSpaceFields(olds, news).length > 0, replaces };
  },

  /**
   * One POST. A space keeps no ownership marker and its id is the program's own choice, so nothing proves that a
   * space found at that id — after a lost answer, or a 409 on a re-run after a crash — was made by this resource:
   * it is never taken without `adopt: true` (README "After a crash").
   */
  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const body = requestBody(inputs);
    if (inputs.adopt === true) {
      // A space whose settings already are the program's is taken over as it is: one read, no write.
      const existing = await readSpace(target, body.id).catch((e) => Promise.reject(withContext(label(inputs), e)));
      if (existing && !changedSpaceFields(spaceState(existing), inputs).length) return { id: existing.id, outs: outputs(existing, inputs) };
    }
    debugLog("Space", `POST ${body.id}`, body);
    let space: Space;
    try {
      space = await createSpace(target, body, { isOwn: () => false });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(label(inputs), ADOPT_ADVICE, error);
      if (!isConflict(error)) throw withContext(label(inputs), error);
      if (inputs.adopt !== true) {
        throw new Error(`${label(inputs)}: a space with that id already exists in Kibana, and nothing shows it is this resource's own. ${ADOPT_ADVICE}`, {
          cause: error,
        });
      }
      debugLog("Space", `PUT ${body.id} (adopt)`, body);
      space = await updateSpace(target, body.id, body).catch((e) => Promise.reject(withContext(label(inputs), e)));
    }
    return { id: space.id, outs: outputs(space, inputs) };
  },

  /** Refresh: one GET; a space deleted in Kibana leaves the state. */
  async read(id: string, props: Obj) {
    const space = await readSpace(targetOf(props), id).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!space) return {};
    return { id, props: toPlainJson({ ...spaceState(space), ...carried(props) }) };
  },

  async update(id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const body = requestBody({ ...news, space_id: id }, olds);
    debugLog("Space", `PUT ${id}`, body);
    try {
      const space = await updateSpace(target, id, body);
      return { outs: outputs(space, news) };
    } catch (error) {
      if (isNotFound(error)) throw goneError(label(news));
      throw withContext(label(news), error);
    }
  },

  /** One DELETE; 404 counts as deleted. Kibana deletes every saved object in the space with it. */
  async delete(id: string, props: Obj) {
    debugLog("Space", `DELETE ${id}`);
    await deleteSpace(targetOf(props), id).catch((e) => Promise.reject(withContext(label(props), e)));
  },
};
