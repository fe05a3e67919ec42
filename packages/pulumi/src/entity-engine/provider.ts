import type * as pulumi from "@pulumi/pulumi";
import { engineInitStrictSchema, ENGINE_INIT_FIELDS, ENTITY_TYPES, hasFeature, type EngineDescriptor, type EntityType } from "@esac/kibana-client";
import { checkFailures, formatPath, unknownKeyProblems, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { debugLog } from "../provider-kit/debug-log";
import { parseDuration } from "../provider-kit/duration";
import { replacedKeys } from "../provider-kit/identity";
import { ResourceInitError } from "../provider-kit/init-error";
import { toPlainJson } from "../provider-kit/json";
import { carriedOptions, goneError, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { validateResourceOptions } from "../provider-kit/resource-options";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { nearest } from "../provider-kit/suggest";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { pollUntil } from "../provider-kit/wait";
import { configuredVersion, versionConfigProblem } from "../provider-kit/kibana-version";
import { changedSettings, enabledFromStatus, initBody, settingsState } from "./normalize";
import { engineApiFor, type EngineApi } from "./engine-api";
import { v2ArgumentProblems } from "./v2-arguments";

type Obj = Record<string, unknown>;

const OWN = ["entity_type", "enabled", "delete_data", "timeouts"] as const;
/** The arguments as the program names them; `timeouts` comes from the resource options, not from the program's arguments. */
const ARGUMENTS = [...OWN.filter((k) => k !== "timeouts"), ...ENGINE_INIT_FIELDS, "space_id", "connection", "adopt"];
const BOOKKEEPING = ["timeouts", "__provider"];
/** Bound on waiting for `started` when the resource sets no custom timeout (Terraform's default is 20 minutes). */
export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;
const SETTLING = new Set(["installing", "updating"]);

const snapshots = new SnapshotCache<EngineDescriptor>();

/** Drop the per-process read snapshots (tests; a long-lived process that must re-read). */
export function resetEntityEngineReadCache(): void {
  snapshots.clear();
}

/** Poll pacing (tests shorten it; real engines take tens of seconds to install). */
export const enginePolling = { initialDelayMs: 500, maxDelayMs: 10_000 };

function label(props: Obj): string {
  return `EntityEngine "${props.entity_type}" in space "${props.space_id ?? "default"}"`;
}

function waitTimeoutMs(props: Obj, op: "create" | "update"): number {
  const value = (props.timeouts as Obj | undefined)?.[op];
  return (typeof value === "string" ? parseDuration(value) : undefined) ?? DEFAULT_WAIT_TIMEOUT_MS;
}

function state(descriptor: EngineDescriptor, inputs: Obj, previousEnabled: unknown): Obj {
  const out: Obj = {
    entity_type: descriptor.type,
    ...settingsState(descriptor, inputs),
    enabled: enabledFromStatus(descriptor.status, previousEnabled),
    status: descriptor.status,
    delete_data: inputs.delete_data ?? false,
  };
  if (descriptor.error) out.error = descriptor.error.message;
  if (inputs.timeouts !== undefined) out.timeouts = inputs.timeouts;
  return toPlainJson({ ...out, ...carriedOptions(inputs) });
}

/** Waits (GET with backoff) until the engine leaves installing/updating, bounded by the resource's timeout. */
async function settle(api: EngineApi, target: KibanaTarget, inputs: Obj, timeoutMs: number): Promise<{ descriptor: EngineDescriptor; settled: boolean }> {
  const type = inputs.entity_type as EntityType;
  const { value, done, polls } = await pollUntil({
    read: async () => {
      const d = await api.get(target, type);
      if (!d) throw new Error(`the engine disappeared while it was being installed (deleted outside Pulumi?)`);
      return d;
    },
    done: (d) => !SETTLING.has(d.status),
    timeoutMs,
    ...enginePolling,
  });
  debugLog("EntityEngine", `${type}: ${value.status} after ${polls} status read(s)`);
  return { descriptor: value, settled: done };
}

/** Init (or re-init) and wait; then start or stop to match `enabled`. Throws ResourceInitError when not started. */
async function converge(api: EngineApi, target: KibanaTarget, inputs: Obj, op: "create" | "update", reinit: boolean, current?: EngineDescriptor): Promise<Obj> {
  const type = inputs.entity_type as EntityType;
  const wanted = inputs.enabled !== false;
  let descriptor = current;
  if (reinit) {
    debugLog("EntityEngine", `${api.name} init ${type} in space ${target.spaceId}`, initBody(inputs));
    descriptor = await api.init(target, type, inputs);
  }
  if (!descriptor || SETTLING.has(descriptor.status)) {
    const timeoutMs = waitTimeoutMs(inputs, op);
    const result = await settle(api, target, inputs, timeoutMs);
    descriptor = result.descriptor;
    if (!result.settled) {
      throw new ResourceInitError(
        `${label(inputs)} is still ${descriptor.status} after ${timeoutMs < 1000 ? `${timeoutMs}ms` : `${Math.round(timeoutMs / 1000)}s`}. It is recorded as is; ` +
          "the next `pulumi up` waits for it again (raise the wait with the resource option `customTimeouts`).",
        type,
        state(descriptor, inputs, wanted),
        inputs,
      );
    }
  }
  if (descriptor.status === "error") {
    throw new ResourceInitError(
      `${label(inputs)} failed to initialize: ${descriptor.error?.message ?? "Kibana reported status error without a reason"}. ` +
        "Fix the cause; the next `pulumi up` initializes it again.",
      type,
      state(descriptor, inputs, wanted),
      inputs,
    );
  }
  if (descriptor.status === "started" && !wanted) {
    debugLog("EntityEngine", `${api.name} stop ${type}`);
    await api.stop(target, type);
    descriptor = { ...descriptor, status: "stopped" };
  } else if (descriptor.status === "stopped" && wanted) {
    debugLog("EntityEngine", `${api.name} start ${type}`);
    await api.start(target, type);
    descriptor = { ...descriptor, status: "started" };
  }
  await snapshots.put(target.scope, type, descriptor);
  return state(descriptor, inputs, wanted);
}

/** At check, when `kibana:version` names a 9.4+ release: what Entity Store v2 cannot take (v1-only arguments…). */
function v2ProblemsAtCheck(news: Obj): CheckProblem[] {
  if (versionConfigProblem()) return [];
  const configured = configuredVersion();
  return configured && hasFeature(configured.version, "entityStoreV2") ? v2ArgumentProblems(news) : [];
}

/** The API to write with; on Entity Store v2, refuses before any write what it cannot take. */
async function writableApi(target: KibanaTarget, inputs: Obj): Promise<EngineApi> {
  const api = await engineApiFor(target);
  const problems = api.name === "v2" ? v2ArgumentProblems(inputs) : [];
  if (problems.length) throw new Error(problems.map((p) => `${formatPath(p.path)}: ${p.reason}`).join("; "));
  return api;
}

export const entityEngineProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(_olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...unknownKeyProblems(news, ARGUMENTS, BOOKKEEPING)];
    const type = news.entity_type;
    if (!isUnknown(type) && !(ENTITY_TYPES as readonly unknown[]).includes(type)) {
      const suggestion = typeof type === "string" ? nearest(type, ENTITY_TYPES) : undefined;
      problems.push({ path: "entity_type", reason: `must be one of ${ENTITY_TYPES.join(", ")}`, value: type, suggestion });
    }
    const settings = initBody(news);
    const parsed = engineInitStrictSchema.safeParse(settings);
    if (!parsed.success) problems.push(...zodProblems(engineInitStrictSchema, parsed.error, settings));
    for (const key of ["enabled", "delete_data"] as const) {
      if (news[key] !== undefined && !isUnknown(news[key]) && typeof news[key] !== "boolean")
        problems.push({ path: key, reason: "must be a boolean", value: news[key] });
    }
    const timeouts = news.timeouts as Obj | undefined;
    for (const op of ["create", "update"] as const) {
      const v = timeouts?.[op];
      if (v !== undefined && !isUnknown(v) && (typeof v !== "string" || parseDuration(v) === undefined)) {
        problems.push({ path: `customTimeouts.${op}`, reason: 'must be a duration like "10m", "1h" or "90s"', value: v });
      }
    }
    problems.push(...v2ProblemsAtCheck(news));
    const inputs = { ...news, enabled: news.enabled ?? true, delete_data: news.delete_data ?? false, ...carriedOptions(news) };
    return problems.length ? { inputs, failures: checkFailures(problems) } : { inputs: toPlainJson(inputs) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["entity_type", "space_id"]);
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace: true };
    const changed = [
      ...changedSettings(olds, news),
      ...(olds.enabled !== news.enabled ? ["enabled"] : []),
      ...(olds.delete_data !== news.delete_data ? ["delete_data"] : []),
      // Not started yet (a timed-out wait) or failed: the next up waits or initializes again.
      ...(olds.status !== "started" && olds.status !== "stopped" ? ["status"] : []),
    ];
    // One engine per type and space: the old one must go before the new one can be initialized.
    return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: true };
  },

  /** Unless adopting, checks first that no engine of this type exists: init would silently rebuild it. */
  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const type = inputs.entity_type as EntityType;
    try {
      const api = await writableApi(target, inputs);
      if (inputs.adopt !== true && (await api.get(target, type))) {
        throw new Error(
          `an entity engine for "${type}" already exists in this space. To manage it from this program, set \`adopt: true\` ` +
            "(it will be re-initialized with the program's settings; entity data is kept).",
        );
      }
      return { id: type, outs: await converge(api, target, inputs, "create", true) };
    } catch (error) {
      if (error instanceof ResourceInitError) throw error;
      throw withContext(label(inputs), error);
    }
  },

  /** Refresh: one listing per space serves every engine of it. */
  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const descriptor = await snapshots
      .get(target.scope, id, async () => new Map((await (await engineApiFor(target)).list(target)).map((e) => [e.type, e])))
      .catch((e) => Promise.reject(withContext(label(props), e)));
    if (!descriptor) return {};
    return { id, props: state(descriptor, props, props.enabled) };
  },

  /** Re-init when a setting changed (or the last init failed); wait if still installing; then start/stop. */
  async update(id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    const reinit = changedSettings(olds, news).length > 0 || olds.status === "error";
    // Without a re-init the engine is as the state last saw it; only its status may still have to settle.
    const current = { ...olds, type: id, status: olds.status ?? "installing" } as EngineDescriptor;
    try {
      const api = await writableApi(target, news);
      return { outs: await converge(api, target, news, "update", reinit, reinit ? undefined : current) };
    } catch (error) {
      if (error instanceof ResourceInitError) throw error;
      if ((error as { status?: number }).status === 404) throw goneError(label(news));
      throw withContext(label(news), error);
    }
  },

  /** Idempotent in Kibana; `delete_data: true` also removes the entity index. */
  async delete(id: string, props: Obj) {
    const target = targetOf(props);
    debugLog("EntityEngine", `delete ${id} (delete_data=${props.delete_data === true})`);
    const remove = async () => (await engineApiFor(target)).delete(target, id as EntityType, props.delete_data === true);
    await remove().catch((e) => Promise.reject(withContext(label(props), e)));
    await snapshots.put(target.scope, id, undefined);
  },
};
