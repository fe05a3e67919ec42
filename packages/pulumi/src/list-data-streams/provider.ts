import type * as pulumi from "@pulumi/pulumi";
import { deleteListDataStreams, ensureListDataStreams, readListDataStreams } from "@esac/kibana-client";
import { checkFailures, unknownKeyProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { replacedKeys } from "../provider-kit/identity";
import { deepEqual, toPlainJson } from "../provider-kit/json";
import { carriedOptions, targetOf, withContext } from "../provider-kit/kibana-target";
import { DEFAULT_SPACE, validateResourceOptions } from "../provider-kit/resource-options";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";

type Obj = Record<string, unknown>;

const label = (props: Obj) => `ListDataStreams of space "${props.space_id ?? DEFAULT_SPACE}"`;

function state(props: Obj): Obj {
  return toPlainJson({ ...carriedOptions(props), delete_on_destroy: props.delete_on_destroy === true, list_index: true, list_item_index: true });
}

/**
 * The `.lists-<space>` and `.items-<space>` data streams that value lists live in. Create is an idempotent
 * ensure; destroy keeps them unless `delete_on_destroy` is set, because deleting them deletes every value list
 * of the space — including lists this program does not manage.
 */
export const listDataStreamsProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(_olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [
      ...validateResourceOptions(news),
      ...unknownKeyProblems(news, ["space_id", "connection", "adopt", "delete_on_destroy"], ["__provider"]),
    ];
    const deleteOnDestroy = news.delete_on_destroy;
    if (deleteOnDestroy !== undefined && !isUnknown(deleteOnDestroy) && typeof deleteOnDestroy !== "boolean") {
      problems.push({ path: "delete_on_destroy", reason: "must be a boolean", value: deleteOnDestroy });
    }
    if (problems.length) return { inputs: news, failures: checkFailures(problems) };
    return { inputs: toPlainJson({ ...carriedOptions(news), delete_on_destroy: news.delete_on_destroy === true }) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["space_id"]);
    const changed =
      containsUnknown(news) || !deepEqual(olds.delete_on_destroy ?? false, news.delete_on_destroy ?? false) || !deepEqual(olds.connection, news.connection);
    return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Obj) {
    await ensureListDataStreams(targetOf(inputs)).catch((e) => Promise.reject(withContext(label(inputs), e)));
    return { id: (inputs.space_id as string) ?? DEFAULT_SPACE, outs: state(inputs) };
  },

  async read(id: string, props: Obj) {
    const status = await readListDataStreams(targetOf(props)).catch((e) => Promise.reject(withContext(label(props), e)));
    if (!status.list_index || !status.list_item_index) return {};
    const { list_index: _l, list_item_index: _i, ...inputs } = state(props);
    return { id, props: state(props), inputs };
  },

  async update(_id: string, _olds: Obj, news: Obj) {
    return { outs: state(news) };
  },

  async delete(_id: string, props: Obj) {
    if (props.delete_on_destroy !== true) return;
    await deleteListDataStreams(targetOf(props)).catch((e) => Promise.reject(withContext(label(props), e)));
  },
};
