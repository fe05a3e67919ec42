import type * as pulumi from "@pulumi/pulumi";
import {
  createExceptionList,
  deleteExceptionList,
  exceptionListCreateStrictSchema,
  findAllExceptionLists,
  isConflict,
  metaMergePatch,
  readExceptionList,
  updateExceptionList,
  type ExceptionListResponse,
  type ExceptionListUpdateProps,
  type NamespaceType,
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
import { canonicalExceptionList, changedExceptionListFields, EXCEPTION_LIST_FIELDS, EXCEPTION_LIST_REPLACE_KEYS, exceptionListState } from "./normalize";

type Obj = Record<string, unknown>;

const snapshots = new SnapshotCache<ExceptionListResponse>();

export function resetExceptionListReadCache(): void {
  snapshots.clear();
}

const keyOf = (listId: unknown, ns: unknown) => `${ns ?? "single"}:${String(listId)}`;
const label = (props: Obj) => `ExceptionList list_id "${props.list_id}" (${props.namespace_type ?? "single"}) in space "${props.space_id ?? DEFAULT_SPACE}"`;

function outs(list: ExceptionListResponse, inputs: Obj): Obj {
  return toPlainJson({ ...exceptionListState(list), ...carriedOptions(inputs) });
}

const ADOPT_ADVICE = "To manage it from this program set `adopt: true` (its settings will be overwritten; its items are kept), or choose another list_id.";

/** The PUT body that takes Kibana from the state `olds` to `news`: meta keys to drop are sent as null (PUT merges meta). */
function updateBody(olds: Obj, news: Obj, version: string | undefined): ExceptionListUpdateProps {
  const desired = canonicalExceptionList(news);
  return {
    list_id: desired.list_id as string,
    namespace_type: desired.namespace_type as NamespaceType,
    name: desired.name as string,
    description: desired.description as string,
    type: desired.type as ExceptionListUpdateProps["type"],
    tags: desired.tags as string[],
    meta: metaMergePatch(olds.meta as Obj | undefined, withOwnerMarker(desired.meta, ownerOf(news))),
    version: news.version as number | undefined,
    _version: version,
  };
}

async function write(target: KibanaTarget, body: ExceptionListUpdateProps, props: Obj): Promise<ExceptionListResponse> {
  try {
    return await updateExceptionList(target, body);
  } catch (error) {
    throw versionedUpdateError(label(props), error);
  }
}

/**
 * An exception list container (`/api/exception_lists`). `namespace_type` goes with every call. Name, description,
 * type, tags, meta and version update in place (one call, guarded by `_version`); list_id, namespace_type and
 * os_types (which Kibana's PUT does not write) replace the list.
 */
export const exceptionListProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...reservedMetaProblems(news)];
    const body = kibanaFields(news);
    const withDefaults = { ...canonicalExceptionList({ ...body, list_id: undefined }), ...body };
    body.list_id = naturalKey(withDefaults, canonicalExceptionList(olds), "list_id", ["namespace_type", "os_types"], news);
    const parsed = exceptionListCreateStrictSchema.safeParse(body);
    if (!parsed.success) problems.push(...zodProblems(exceptionListCreateStrictSchema, parsed.error, body));
    if (problems.length || !parsed.success) return { inputs: { ...news, list_id: body.list_id }, failures: checkFailures(problems) };
    const inputs = { ...canonicalExceptionList(parsed.data), ...pick(parsed.data, ["version"]), ...carriedOptions(news), ...ownerInput(news) };
    return { inputs: toPlainJson(inputs) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(
      { ...canonicalExceptionList(olds), space_id: olds.space_id },
      { ...canonicalExceptionList(news), space_id: news.space_id },
      EXCEPTION_LIST_REPLACE_KEYS,
    );
    const deleteBeforeReplace = deepEqual(olds.list_id, news.list_id);
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace };
    const changed = changedExceptionListFields(olds, news);
    return { changes: changed.length > 0 || replaces.length > 0, replaces, deleteBeforeReplace };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    if (inputs.adopt === true) {
      // A list that already holds the program's settings is taken over as it is: one listing per space, no write.
      const load = async () => new Map((await findAllExceptionLists(target)).map((l) => [keyOf(l.list_id, l.namespace_type), l]));
      const namespace = (inputs.namespace_type as string | undefined) ?? "single";
      const existing = await snapshots.get(target.scope, keyOf(inputs.list_id, namespace), load).catch((e) => Promise.reject(withContext(label(inputs), e)));
      if (existing && !changedExceptionListFields(exceptionListState(existing), inputs).length) return { id: existing.id, outs: outs(existing, inputs) };
    }
    const owner = ownerOf(inputs);
    const body = pick(canonicalExceptionList(inputs), EXCEPTION_LIST_FIELDS);
    body.meta = withOwnerMarker(body.meta, owner);
    if (inputs.version !== undefined) body.version = inputs.version;
    let list: ExceptionListResponse;
    try {
      list = await createExceptionList(target, toPlainJson(body) as never, { isOwn: carriesOwnerMarker(owner) });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(label(inputs), ADOPT_ADVICE, error);
      if (!isConflict(error)) throw withContext(label(inputs), error);
      // After a crash: our own list (it carries our marker) is taken back; anyone else's needs `adopt: true`.
      const existing = await readExceptionList(target, { list_id: inputs.list_id as string, namespace_type: body.namespace_type as NamespaceType });
      const ours = !!existing && carriesOwnerMarker(owner)(existing);
      if (!ours && inputs.adopt !== true) {
        throw new Error(`${label(inputs)} already exists in Kibana and carries no ownership marker of this resource. ${ADOPT_ADVICE}`, { cause: error });
      }
      if (!existing) throw withContext(label(inputs), error);
      if (ours) logTookBack(label(inputs));
      const current = exceptionListState(existing);
      list =
        ours && !changedExceptionListFields(current, inputs).length ? existing : await write(target, updateBody(current, inputs, existing._version), inputs);
    }
    await snapshots.put(target.scope, keyOf(list.list_id, list.namespace_type), list);
    return { id: list.id, outs: outs(list, inputs) };
  },

  async read(_id: string, props: Obj) {
    const target = targetOf(props);
    const load = async () => new Map((await findAllExceptionLists(target)).map((l) => [keyOf(l.list_id, l.namespace_type), l]));
    const list = await snapshots.get(target.scope, keyOf(props.list_id, props.namespace_type), load).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!list) return {};
    const state = outs(list, props);
    // `version` stays out of the inputs: Kibana bumps it on every update, the program rarely sets it.
    const { version: _version, ...fields } = pick(state, EXCEPTION_LIST_FIELDS);
    return { id: list.id, props: state, inputs: { ...fields, ...carriedOptions(props) } };
  },

  async update(_id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const list = await write(target, updateBody(olds, news, versionGuard(olds, news)), news);
    await snapshots.put(target.scope, keyOf(list.list_id, list.namespace_type), list);
    return { outs: outs(list, news) };
  },

  async delete(_id: string, props: Obj) {
    const target = targetOf(props);
    const by = { list_id: props.list_id as string, namespace_type: (props.namespace_type as NamespaceType) ?? "single" };
    await deleteExceptionList(target, by).catch((e) => Promise.reject(withContext(label(props), e)));
    await snapshots.put(target.scope, keyOf(by.list_id, by.namespace_type), undefined);
  },
};
