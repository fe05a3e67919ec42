import type * as pulumi from "@pulumi/pulumi";
import {
  createValueList,
  deleteValueList,
  findAllValueLists,
  isConflict,
  isKibanaError,
  readValueList,
  updateValueList,
  type ValueListResponse,
} from "@esac/kibana-client";
import { checkFailures, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { naturalKey, replacedKeys } from "../provider-kit/identity";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { carriedOptions, kibanaFields, targetOf, versionedUpdateError, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { versionGuard } from "../provider-kit/concurrent-edit";
import {
  carriesOwnerMarker,
  foreignObjectError,
  isForeignObject,
  logTookBack,
  ownerInput,
  ownerOf,
  reservedMetaProblems,
  withOwnerMarker,
} from "../provider-kit/ownership";
import { validateResourceOptions, DEFAULT_SPACE } from "../provider-kit/resource-options";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { containsUnknown } from "../provider-kit/unknown";
import { changedValueListFields, VALUE_LIST_FIELDS, VALUE_LIST_REPLACE_KEYS, valueListArgsSchema, valueListCreateBody, valueListState } from "./normalize";

type Obj = Record<string, unknown>;

const snapshots = new SnapshotCache<ValueListResponse>();

/** Drop the per-process read snapshots (tests; a long-lived process that must re-read). */
export function resetValueListReadCache(): void {
  snapshots.clear();
}

const label = (props: Obj) => `ValueList list_id "${props.list_id}" in space "${props.space_id ?? DEFAULT_SPACE}"`;

function outs(list: ValueListResponse, inputs: Obj): Obj {
  return toPlainJson({ ...valueListState(list, inputs), ...carriedOptions(inputs) });
}

/** Kibana refuses to delete a list an exception item still uses (409 with the references): say which. */
function referencedError(props: Obj, error: unknown): Error {
  const refs = (isKibanaError(error) ? (error.body as { message?: { error?: { references?: Obj[] } } })?.message?.error?.references : undefined) ?? [];
  const names = refs
    .map((r) => {
      const item = r.exception_item as Obj | undefined;
      const list = r.exception_list as Obj | undefined;
      return `item "${item?.item_id ?? item?.id}" of exception list "${list?.list_id ?? item?.list_id}"`;
    })
    .join(", ");
  return new Error(
    `${label(props)} cannot be deleted: Kibana refuses because exception ${refs.length === 1 ? "item still references" : "items still reference"} ` +
      `it${names ? ` (${names})` : ""}. Remove the \`list\` entries that name it (or the items) first.`,
  );
}

const ADOPT_ADVICE =
  "To manage it from this program set `adopt: true` (its name, description and meta will be overwritten; its values are kept), or choose another list_id.";

/**
 * The body of every write (create, update, take-back): the program's list with this resource's ownership marker in
 * `meta`. Kibana's PUT replaces `meta` whole, so an update without it would drop the marker.
 */
function markedValueListBody(inputs: Obj): Obj {
  const body = valueListCreateBody(inputs);
  return toPlainJson({ ...body, meta: withOwnerMarker(body.meta, ownerOf(inputs)) });
}

async function adopt(target: KibanaTarget, inputs: Obj, body: Obj): Promise<ValueListResponse> {
  const existing = await readValueList(target, inputs.list_id as string);
  if (!existing) throw new Error(`${label(inputs)} conflicts with an existing list that could not be read back`);
  if (existing.type !== inputs.type) {
    throw new Error(`${label(inputs)} already exists with type "${existing.type}", not "${inputs.type}"; a list's type cannot change. Choose another list_id.`);
  }
  return updateValueList(target, {
    id: existing.id,
    name: body.name as string,
    description: body.description as string,
    meta: body.meta as Obj | undefined,
    _version: existing._version,
  });
}

/** A value list (`/api/lists`): name, description and meta are updated in place; list_id, type and serializers replace it. */
export const valueListProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...reservedMetaProblems(news)];
    const body = kibanaFields(news);
    body.list_id = naturalKey(body, olds, "list_id", ["type", "serializer", "deserializer"], news);
    const parsed = valueListArgsSchema.safeParse(body);
    if (!parsed.success) problems.push(...zodProblems(valueListArgsSchema, parsed.error, body));
    if (problems.length || !parsed.success) return { inputs: { ...news, list_id: body.list_id }, failures: checkFailures(problems) };
    return { inputs: toPlainJson({ ...parsed.data, ...carriedOptions(news), ...ownerInput(news) }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, VALUE_LIST_REPLACE_KEYS);
    // Same list id: the old list must go before the new one can take its id.
    const deleteBeforeReplace = deepEqual(olds.list_id, news.list_id);
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace };
    const changed = changedValueListFields(olds, news);
    return { changes: changed.length > 0 || replaces.length > 0, replaces, deleteBeforeReplace };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    if (inputs.adopt === true) {
      // A list that already holds the program's settings is taken over as it is: one listing per space, no write.
      const existing = await snapshots
        .get(target.scope, inputs.list_id as string, async () => new Map((await findAllValueLists(target)).map((l) => [l.id, l])))
        .catch((e) => Promise.reject(withContext(label(inputs), e)));
      if (existing && !changedValueListFields(valueListState(existing, inputs), inputs).length) return { id: existing.id, outs: outs(existing, inputs) };
    }
    const owner = ownerOf(inputs);
    const body = markedValueListBody(inputs);
    let list: ValueListResponse;
    try {
      list = await createValueList(target, body as never, {
        onWarning: (w) => console.warn(`${label(inputs)}: Kibana warns: ${w}`),
        isOwn: carriesOwnerMarker(owner),
      });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(label(inputs), ADOPT_ADVICE, error);
      if (!isConflict(error)) throw withContext(label(inputs), error);
      // After a crash: our own list (it carries our marker) is taken back; anyone else's needs `adopt: true`.
      const existing = await readValueList(target, inputs.list_id as string).catch((e) => Promise.reject(withContext(label(inputs), e)));
      const ours = !!existing && carriesOwnerMarker(owner)(existing);
      if (!ours && inputs.adopt !== true) {
        throw new Error(`${label(inputs)} already exists in Kibana and carries no ownership marker of this resource. ${ADOPT_ADVICE}`, { cause: error });
      }
      if (ours) logTookBack(label(inputs));
      list =
        ours && !changedValueListFields(valueListState(existing!, inputs), inputs).length
          ? existing!
          : await adopt(target, inputs, body).catch((e) => Promise.reject(withContext(label(inputs), e)));
    }
    await snapshots.put(target.scope, list.id, list);
    return { id: list.id, outs: outs(list, inputs) };
  },

  async read(_id: string, props: Obj) {
    const target = targetOf(props);
    const list = await snapshots
      .get(target.scope, props.list_id as string, async () => new Map((await findAllValueLists(target)).map((l) => [l.id, l])))
      .catch((e) => Promise.reject(withContext(label(props), e)));
    if (!list) return {};
    const state = outs(list, props);
    const inputs = { ...pick(state, VALUE_LIST_FIELDS), ...carriedOptions(props) };
    return { id: list.id, props: state, inputs };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    let list: ValueListResponse;
    try {
      list = await updateValueList(target, {
        id: news.list_id as string,
        name: news.name as string,
        description: news.description as string,
        meta: markedValueListBody(news).meta as Obj | undefined,
        _version: versionGuard(olds, news),
      });
    } catch (error) {
      throw versionedUpdateError(label(news), error);
    }
    await snapshots.put(target.scope, list.id, list);
    return { outs: outs(list, news) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    try {
      await deleteValueList(target, props.list_id as string);
    } catch (error) {
      throw isConflict(error) ? referencedError(props, error) : withContext(label(props), error);
    }
    await snapshots.put(target.scope, props.list_id as string, undefined);
  },
};
