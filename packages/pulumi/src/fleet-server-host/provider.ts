import type * as pulumi from "@pulumi/pulumi";
import {
  createFleetServerHost,
  deleteFleetServerHost,
  fleetServerHostCheckSchema,
  isConflict,
  isKibanaError,
  isNotFound,
  listFleetServerHosts,
  maskSecretValues,
  readFleetServerHost,
  updateFleetServerHost,
  type FleetServerHost,
  type FleetServerHostCreateBody,
  type FleetServerHostUpdateBody,
  type KibanaConnection,
  duplicateSecretProblem,
} from "@esac/kibana-client";
import { checkFailures, unknownKeyProblems, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig, transportFor } from "../provider-kit/config";
import { debugLog } from "../provider-kit/debug-log";
import { derivedKey, RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { toPlainJson } from "../provider-kit/json";
import { goneError, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { derivedIdInput, foreignObjectError, isDerivedId, isForeignObject, logTookBack } from "../provider-kit/ownership";
import { validateResourceOptions } from "../provider-kit/resource-options";
import { carriedSalt, SECRET_SALT_KEY } from "../provider-kit/secret-hash";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { changedHostFields, hostState, keyMaterialHash, SSL_KEY_FIELDS, stateHadKeyMaterial } from "./normalize";
import { concurrentEditError, OVERWRITE_OPTION } from "../provider-kit/concurrent-edit";
import { hostChangesSinceRead } from "./concurrent-edit";

type Obj = Record<string, unknown>;

const FIELDS = ["name", "host_urls", "is_default", "is_internal", "proxy_id", "ssl", "secrets", "host_id"] as const;
const OPTIONS = ["connection", "adopt", OVERWRITE_OPTION] as const;
/** The arguments as the program names them; the resource class passes `id` on as `host_id`. */
const ARGUMENTS = [...FIELDS.filter((f) => f !== "host_id"), "id", ...OPTIONS];
const BOOKKEEPING = ["host_id", SECRET_SALT_KEY, "__provider", RESOURCE_IDENTITY_KEY];
/** Handed to Pulumi as secrets by the resource class (`ssl` only when it carries a key): never shown in a message. */
const SECRET_ARGUMENTS = ["secrets", ...SSL_KEY_FIELDS.map((k) => `ssl.${k}`)];

const snapshots = new SnapshotCache<FleetServerHost>();

/** Drop the per-process read snapshots (tests; a long-lived process that must re-read). */
export function resetFleetServerHostReadCache(): void {
  snapshots.clear();
}

/** Fleet Server hosts are global: no space prefix; one snapshot per endpoint. */
function targetOf(props: Obj): KibanaTarget {
  const transport = transportFor(props.connection as Partial<KibanaConnection> | undefined);
  return { transport, spaceId: "default", scope: transport.endpoint };
}

function carried(props: Obj): Obj {
  return Object.fromEntries(OPTIONS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/**
 * The id to create with: the program's, else the one in the previous inputs, else one derived from the resource,
 * so a create that is retried or re-run after a crash meets its own host (409) instead of making a second one. A
 * host created before ids were derived keeps the id Fleet gave it (no id in its inputs).
 */
function hostIdFor(olds: Obj, news: Obj): unknown {
  if (news.host_id !== undefined) return news.host_id;
  if (olds.host_id !== undefined) return olds.host_id;
  return Object.keys(olds).length > 0 ? undefined : derivedKey(news, ["host_id"]);
}

function label(props: Obj): string {
  return `FleetServerHost${props.host_id ? ` "${props.host_id}"` : ""} ("${props.name}")`;
}

/**
 * The desired host as a request body. Only what the program sets is sent (older Fleet versions reject fields they
 * do not know, e.g. `ssl`); on update (`previous` = state), what the program dropped is sent as "unset" so the PUT
 * also resets it.
 */
function requestBody(inputs: Obj, previous?: Obj): FleetServerHostUpdateBody {
  const body: FleetServerHostUpdateBody = {
    name: inputs.name as string,
    host_urls: inputs.host_urls as string[],
    is_default: (inputs.is_default as boolean | undefined) ?? false,
  };
  const hadKeys = previous !== undefined && stateHadKeyMaterial(previous, inputs[SECRET_SALT_KEY] as string);
  if (inputs.is_internal !== undefined) body.is_internal = inputs.is_internal as boolean;
  else if (previous?.is_internal === true) body.is_internal = false;
  if (inputs.proxy_id != null) body.proxy_id = inputs.proxy_id as string;
  else if (previous?.proxy_id) body.proxy_id = null;
  if (inputs.ssl != null) body.ssl = inputs.ssl as FleetServerHostUpdateBody["ssl"];
  else if (previous?.ssl || hadKeys) body.ssl = null;
  const given = (inputs.secrets as { ssl?: Obj } | undefined)?.ssl;
  const unset = hadKeys ? { key: null, es_key: null } : {};
  if (given || hadKeys) body.secrets = { ssl: { ...unset, ...given } as never };
  return body;
}

function logged(body: FleetServerHostUpdateBody): Obj {
  const ssl = body.ssl ? { ...body.ssl } : body.ssl;
  if (ssl) for (const k of SSL_KEY_FIELDS) if (ssl[k] !== undefined) ssl[k] = maskSecretValues(ssl[k]);
  return { ...body, ssl, secrets: maskSecretValues(body.secrets) };
}

function outputs(item: FleetServerHost, inputs: Obj): Obj {
  return toPlainJson({ ...hostState(item, keyMaterialHash(inputs)), ...carried(inputs) });
}

/** After a write that made a host the default, Fleet unset the previous default: cached copies of it are stale. */
async function remember(target: KibanaTarget, item: FleetServerHost): Promise<void> {
  if (item.is_default) snapshots.clear();
  else await snapshots.put(target.scope, item.id, item);
}

function fleetRefusal(props: Obj, error: unknown): Error | undefined {
  if (!isKibanaError(error) || (error.status !== 403 && error.status !== 400)) return undefined;
  if (/^Default Fleet Server hosts/i.test(error.kibanaMessage)) {
    return new Error(
      `${label(props)} is Fleet's default Fleet Server host, and Fleet refuses to delete the default (${error.status}: ` +
        `${error.kibanaMessage}). Make another host the default (is_default: true on it) and run \`pulumi up\`, or set ` +
        "`is_default: false` on this one first; then destroy it.",
    );
  }
  if (/preconfigured/i.test(error.kibanaMessage)) {
    return new Error(
      `${label(props)} is preconfigured in kibana.yml (xpack.fleet.fleetServerHosts) and cannot be managed through the API ` +
        `(${error.status}: ${error.kibanaMessage}). Change it in kibana.yml instead.`,
    );
  }
  return undefined;
}

const HOST_ADOPT_ADVICE = "To manage it from this program, set `adopt: true` (its settings will be overwritten by the program's); otherwise choose another id.";

async function adopt(target: KibanaTarget, inputs: Obj): Promise<FleetServerHost> {
  const id = inputs.host_id as string;
  const existing = await readFleetServerHost(target, id);
  if (existing?.is_preconfigured) {
    throw new Error(
      `${label(inputs)} cannot adopt "${id}": it is preconfigured in kibana.yml (xpack.fleet.fleetServerHosts), and Fleet resets it from there at every start. Change it in kibana.yml instead.`,
    );
  }
  const body = requestBody(inputs);
  debugLog("FleetServerHost", `PUT ${id} (adopt)`, logged(body));
  return updateFleetServerHost(target, id, body);
}

/** Whether the program gives a private key (in `secrets.ssl` or `ssl`): Fleet never returns one to compare. */
function hasKeyMaterial(inputs: Obj): boolean {
  const secretSsl = (inputs.secrets as { ssl?: Obj } | undefined)?.ssl ?? {};
  const ssl = (inputs.ssl as Obj | undefined) ?? {};
  return ["key", "es_key", "agent_key"].some((k) => secretSsl[k] !== undefined || ssl[k] !== undefined);
}

export const fleetServerHostProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...unknownKeyProblems(news, ARGUMENTS, BOOKKEEPING)];
    const fields: Obj = {};
    for (const k of FIELDS) if (news[k] !== undefined) fields[k === "host_id" ? "id" : k] = news[k];
    const parsed = fleetServerHostCheckSchema.safeParse(fields);
    if (!parsed.success) problems.push(...zodProblems(fleetServerHostCheckSchema, parsed.error, fields, OPTIONS));
    const duplicate = containsUnknown(fields) ? undefined : duplicateSecretProblem(fields);
    if (duplicate)
      problems.push({ path: "secrets.ssl", reason: `${duplicate}: give each key in one place only (secrets.ssl keeps it out of Fleet's API answers)` });
    const id = hostIdFor(olds, news);
    if (news.adopt === true && id === undefined) {
      problems.push({ path: "adopt", reason: "needs an `id`: without one Fleet generates a new id, so there is no existing host to adopt" });
    }
    const { [RESOURCE_IDENTITY_KEY]: _identity, ...args } = news;
    const inputs = { ...args, ...(id === undefined ? {} : { host_id: id }), [SECRET_SALT_KEY]: carriedSalt(olds, news), ...derivedIdInput(news, ["host_id"]) };
    return problems.length ? { inputs, failures: checkFailures(problems, SECRET_ARGUMENTS) } : { inputs: toPlainJson(inputs) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = news.host_id !== undefined && (isUnknown(news.host_id) || news.host_id !== olds.host_id) ? ["host_id"] : [];
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace: true };
    const changed = changedHostFields(olds, news);
    return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: true };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    if (inputs.adopt === true && inputs.host_id !== undefined && !hasKeyMaterial(inputs)) {
      // A host whose settings already are the program's, and that the program gives no private key, is taken over as
      // it is (one listing, no write). Keys are always written: Fleet never returns them, so nothing could show that
      // the ones it holds are the program's.
      const existing = await snapshots
        .get(target.scope, inputs.host_id as string, async () => new Map((await listFleetServerHosts(target)).map((h) => [h.id, h])))
        .catch((e) => Promise.reject(withContext(label(inputs), e)));
      if (existing && !existing.is_preconfigured && !changedHostFields(outputs(existing, inputs), inputs).length)
        return { id: existing.id, outs: outputs(existing, inputs) };
    }
    const body: FleetServerHostCreateBody = { ...(requestBody(inputs) as FleetServerHostCreateBody) };
    if (inputs.host_id !== undefined) body.id = inputs.host_id as string;
    debugLog("FleetServerHost", `POST ${body.id ?? "(new id)"}`, logged(body));
    // A host keeps no marker: at the id derived from this resource, it can only be this resource's own.
    const ours = isDerivedId(inputs, body.id);
    let item: FleetServerHost;
    try {
      item = await createFleetServerHost(target, body, { isOwn: () => ours });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(label(inputs), HOST_ADOPT_ADVICE, error);
      if (!isConflict(error)) throw withContext(label(inputs), error);
      if (!ours && inputs.adopt !== true) {
        throw new Error(
          `${label(inputs)}: a Fleet Server host with id "${inputs.host_id}" already exists, and the program chose that id, so ` +
            `nothing shows it is this resource's own. ${HOST_ADOPT_ADVICE}`,
          { cause: error },
        );
      }
      // After a crash: our own host is taken back and rewritten (Fleet never returns key material to compare).
      if (ours) logTookBack(label(inputs));
      item = await adopt(target, inputs).catch((e) => Promise.reject(withContext(label(inputs), e)));
    }
    await remember(target, item);
    return { id: item.id, outs: outputs(item, inputs) };
  },

  /**
   * Refresh: one listing serves every host. Honest about Fleet's side effects: when another host became the
   * default, this one reads `is_default: false` (and the next `up` will claim it back if the program says true).
   */
  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const item = await snapshots
      .get(target.scope, id, async () => new Map((await listFleetServerHosts(target)).map((h) => [h.id, h])))
      .catch((e) => Promise.reject(withContext(label(props), e)));
    if (!item) return {};
    return { id, props: toPlainJson({ ...hostState(item, props.secrets_hash), ...carried(props) }) };
  },

  /** Fleet's PUT takes no version, so a change made since the state's read is caught first, against the listing. */
  async update(id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    if (news[OVERWRITE_OPTION] !== true && targetOf(olds).scope === target.scope) {
      const current = await snapshots
        .get(target.scope, id, async () => new Map((await listFleetServerHosts(target)).map((h) => [h.id, h])))
        .catch((e) => Promise.reject(withContext(label(news), e)));
      const changed = hostChangesSinceRead(olds, current);
      if (changed.length) throw concurrentEditError(label({ ...news, host_id: id }), `now different: ${changed.join(", ")}`);
    }
    const body = requestBody(news, olds);
    debugLog("FleetServerHost", `PUT ${id}`, logged(body));
    let item: FleetServerHost;
    try {
      item = await updateFleetServerHost(target, id, body);
    } catch (error) {
      if (isNotFound(error)) throw goneError(label(news));
      throw fleetRefusal(news, error) ?? withContext(label(news), error);
    }
    await remember(target, item);
    return { outs: outputs(item, news) };
  },

  /** 404 counts as deleted. Fleet refuses to delete the default or a preconfigured host: said plainly. */
  async delete(id: string, props: Obj) {
    const target = targetOf(props);
    debugLog("FleetServerHost", `DELETE ${id}`);
    try {
      await deleteFleetServerHost(target, id);
    } catch (error) {
      throw fleetRefusal(props, error) ?? withContext(label(props), error);
    }
    await snapshots.put(target.scope, id, undefined);
  },
};
