import type * as pulumi from "@pulumi/pulumi";
import { configuredVersion } from "../provider-kit/kibana-version";
import {
  connectorIdProblem,
  connectorCheckSchema,
  createConnector,
  deleteConnector,
  isConflict,
  isNotFound,
  isPreconfiguredConnectorError,
  listConnectors,
  maskSecretValues,
  readConnector,
  updateConnector,
  type ConnectorResponse,
} from "@esac/kibana-client";
import { checkFailures, unknownKeyProblems, zodProblems, type CheckProblem } from "../provider-kit/check";
import { setStackConfig } from "../provider-kit/config";
import { debugLog } from "../provider-kit/debug-log";
import { derivedKey, replacedKeys, RESOURCE_IDENTITY_KEY } from "../provider-kit/identity";
import { toPlainJson } from "../provider-kit/json";
import { carriedOptions, goneError, targetOf, withContext, type KibanaTarget } from "../provider-kit/kibana-target";
import { derivedIdInput, foreignObjectError, isDerivedId, isForeignObject, logTookBack } from "../provider-kit/ownership";
import { validateResourceOptions } from "../provider-kit/resource-options";
import { carriedSalt, SECRET_HASH_KEY, SECRET_SALT_KEY } from "../provider-kit/secret-hash";
import { SnapshotCache } from "../provider-kit/snapshot-cache";
import { containsUnknown, isUnknown } from "../provider-kit/unknown";
import { changedConnectorFields, connectorState, secretsHash } from "./normalize";
import { concurrentEditError, OVERWRITE_OPTION } from "../provider-kit/concurrent-edit";
import { connectorChangesSinceRead } from "./concurrent-edit";

type Obj = Record<string, unknown>;

/** The arguments as the program names them; the resource class passes `id` on as `connector_id` (Pulumi reserves `id`). */
const ARGUMENTS = ["connector_type_id", "name", "config", "secrets", "id", "space_id", "connection", "adopt", OVERWRITE_OPTION];
const BOOKKEEPING = ["connector_id", SECRET_SALT_KEY, "__provider", RESOURCE_IDENTITY_KEY];
/** Handed to Pulumi as secrets by the resource class: never shown in a message. */
const SECRET_ARGUMENTS = ["secrets"];

const snapshots = new SnapshotCache<ConnectorResponse>();

/** Drop the per-process read snapshots (tests; a long-lived process that must re-read). */
export function resetConnectorReadCache(): void {
  snapshots.clear();
}

function label(props: Obj): string {
  const id = props.connector_id ? ` "${props.connector_id}"` : "";
  return `Connector${id} (${props.connector_type_id} "${props.name}") in space "${props.space_id ?? "default"}"`;
}

function preconfiguredError(id: unknown): Error {
  return new Error(
    `Connector "${id}" is a preconfigured connector (kibana.yml xpack.actions.preconfigured); it cannot be created, ` +
      `changed or deleted through the API. Refer to it by id instead (e.g. DetectionRule actions[].id = "${id}").`,
  );
}

/** The request body and what debug logs may show of it. */
function body(inputs: Obj) {
  const sent = {
    name: inputs.name as string,
    config: (inputs.config as Obj | undefined) ?? {},
    secrets: (inputs.secrets as Obj | undefined) ?? {},
  };
  return { sent, logged: { ...sent, secrets: maskSecretValues(sent.secrets) } };
}

function outputs(res: ConnectorResponse, inputs: Obj): Obj {
  return toPlainJson({
    ...connectorState(res, Object.keys((inputs.config as Obj | undefined) ?? {}), secretsHash(inputs)),
    ...carriedOptions(inputs),
  });
}

const CONNECTOR_ADOPT_ADVICE =
  "To manage it from this program, set `adopt: true` (its name, config and secrets will be overwritten by the program's); otherwise choose another id.";

async function adopt(target: KibanaTarget, inputs: Obj): Promise<ConnectorResponse> {
  const id = inputs.connector_id as string;
  const existing = await readConnector(target, id);
  if (existing && existing.connector_type_id !== inputs.connector_type_id) {
    throw new Error(
      `${label(inputs)} cannot adopt connector "${id}": it is a ${existing.connector_type_id} connector, and a connector's type cannot change. ` +
        `Use that type, or choose another id.`,
    );
  }
  const { sent, logged } = body(inputs);
  debugLog("Connector", `PUT ${id} (adopt)`, logged);
  return updateConnector(target, id, sent);
}

/**
 * The id to create with: the program's, else the one in the previous inputs (given, or derived before), else one
 * derived from the resource, so a create that is retried or re-run after a crash meets its own connector (409)
 * instead of making a second one. Kibana takes a client-chosen id on `POST /api/actions/connector/{id}` (elastic/kibana
 * x-pack/platform/plugins/shared/actions/server/routes/connector/create/create.ts, path `connector/{id?}`): any UUID,
 * and from 9.4 also a slug (`validateConnectorId` in common/routes/connector/apis/create/schemas/v1.ts); the derived
 * id is a UUID, valid on every version. A connector created before ids were derived keeps the id Kibana gave it
 * (no id in its inputs) unless it is being replaced anyway.
 */
function connectorIdFor(olds: Obj, news: Obj): unknown {
  if (news.connector_id !== undefined) return news.connector_id;
  if (olds.connector_id !== undefined) return olds.connector_id;
  const existing = Object.keys(olds).length > 0 && replacedKeys(olds, news, ["connector_type_id", "space_id"]).length === 0;
  return existing ? undefined : derivedKey(news, ["connector_id"]);
}

const hasSecrets = (inputs: Obj) => typeof inputs.secrets === "object" && inputs.secrets !== null && Object.keys(inputs.secrets).length > 0;

export const connectorProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    setStackConfig(req.config);
  },

  async check(olds: Obj, news: Obj) {
    const problems: CheckProblem[] = [...validateResourceOptions(news), ...unknownKeyProblems(news, ARGUMENTS, BOOKKEEPING)];
    const fields: Obj = { connector_type_id: news.connector_type_id, name: news.name, config: news.config, secrets: news.secrets };
    const parsed = connectorCheckSchema.safeParse(fields);
    if (!parsed.success) problems.push(...zodProblems(connectorCheckSchema, parsed.error, fields));
    const given = news.connector_id;
    if (given !== undefined && !isUnknown(given)) {
      // Without kibana:version, the newest rule: an id it accepts is valid on every supported Kibana.
      const problem = typeof given === "string" ? connectorIdProblem(given, configuredVersion()?.version) : "must be a string";
      if (problem) problems.push({ path: "id", reason: problem, value: given });
    }
    const id = connectorIdFor(olds, news);
    if (news.adopt === true && id === undefined) {
      problems.push({ path: "adopt", reason: "needs an `id`: without one Kibana generates a new id, so there is no existing connector to adopt" });
    }
    const { [RESOURCE_IDENTITY_KEY]: _identity, ...args } = news;
    const inputs = {
      ...args,
      ...(id === undefined ? {} : { connector_id: id }),
      [SECRET_SALT_KEY]: carriedSalt(olds, news),
      ...carriedOptions(news),
      ...derivedIdInput(news, ["connector_id"]),
    };
    return problems.length ? { inputs, failures: checkFailures(problems, SECRET_ARGUMENTS) } : { inputs: toPlainJson(inputs) };
  },

  async diff(_id: string, olds: Obj, news: Obj) {
    const replaces = replacedKeys(olds, news, ["connector_type_id", "space_id"]);
    // An explicit id that differs is a new connector; dropping the id keeps the existing one.
    if (news.connector_id !== undefined && (isUnknown(news.connector_id) || news.connector_id !== olds.connector_id)) replaces.push("connector_id");
    // A fixed id is globally unique in Kibana: the old connector must go before the new one can take the id.
    const deleteBeforeReplace = news.connector_id !== undefined;
    if (containsUnknown(news)) return { changes: true, replaces, deleteBeforeReplace };
    const changed = changedConnectorFields(olds, news);
    return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace };
  },

  async create(inputs: Obj) {
    const target = targetOf(inputs);
    const id = inputs.connector_id as string | undefined;
    if (inputs.adopt === true && id !== undefined && !hasSecrets(inputs)) {
      // A connector whose name and config already are the program's, and that the program gives no secrets, is taken
      // over as it is (one listing per space, no write). Secrets are always written: Kibana never returns them, so
      // nothing could show that the ones it holds are the program's.
      const existing = await snapshots
        .get(target.scope, id, async () => new Map((await listConnectors(target)).map((c) => [c.id, c])))
        .catch((e) => Promise.reject(withContext(label(inputs), e)));
      const asIs = existing && existing.connector_type_id === inputs.connector_type_id ? outputs(existing, inputs) : undefined;
      if (asIs && !changedConnectorFields(asIs, inputs).length) return { id, outs: asIs };
    }
    const { sent, logged } = body(inputs);
    debugLog("Connector", `POST ${id ?? "(new id)"} in space ${target.spaceId}`, { ...logged, connector_type_id: inputs.connector_type_id });
    // A connector keeps no marker: at the id derived from this resource, it can only be this resource's own.
    const ours = isDerivedId(inputs, id);
    let res: ConnectorResponse;
    try {
      res = await createConnector(target, { ...sent, connector_type_id: inputs.connector_type_id as string }, id, { isOwn: () => ours });
    } catch (error) {
      if (isForeignObject(error)) throw foreignObjectError(label(inputs), CONNECTOR_ADOPT_ADVICE, error);
      if (isPreconfiguredConnectorError(error)) throw preconfiguredError(id);
      if (!isConflict(error)) throw withContext(label(inputs), error);
      if (!ours && inputs.adopt !== true) {
        throw new Error(
          `${label(inputs)}: a connector with id "${id}" already exists in Kibana, and the program chose that id, so nothing ` +
            `shows it is this resource's own. ${CONNECTOR_ADOPT_ADVICE}`,
          { cause: error },
        );
      }
      // After a crash: our own connector is taken back and rewritten (Kibana never returns secrets to compare).
      if (ours) logTookBack(label(inputs));
      res = await adopt(target, inputs).catch((e) => Promise.reject(withContext(label(inputs), e)));
    }
    await snapshots.put(target.scope, res.id, res);
    return { id: res.id, outs: outputs(res, inputs) };
  },

  /** Refresh: one listing per space serves every connector of it. The inputs (secrets, salt) are kept as they are. */
  async read(id: string, props: Obj) {
    const target = targetOf(props);
    const res = await snapshots
      .get(target.scope, id, async () => new Map((await listConnectors(target)).map((c) => [c.id, c])))
      .catch((e) => Promise.reject(withContext(label(props), e)));
    if (!res) return {};
    const state = connectorState(res, Object.keys((props.config as Obj | undefined) ?? {}), props[SECRET_HASH_KEY]);
    return { id, props: toPlainJson({ ...state, ...carriedOptions(props) }) };
  },

  /**
   * PUT resends name, config and secrets every time: Kibana replaces secrets wholesale. Kibana takes no version, so
   * a change made since the state's read is caught first, against the space's listing this process makes once.
   */
  async update(id: string, olds: Obj, news: Obj) {
    const target = targetOf(news);
    if (news[OVERWRITE_OPTION] !== true && targetOf(olds).scope === target.scope) {
      const current = await snapshots
        .get(target.scope, id, async () => new Map((await listConnectors(target)).map((c) => [c.id, c])))
        .catch((e) => Promise.reject(withContext(label(news), e)));
      const changed = connectorChangesSinceRead(olds, current);
      if (changed.length) throw concurrentEditError(label({ ...news, connector_id: id }), `now different: ${changed.join(", ")}`);
    }
    const { sent, logged } = body(news);
    debugLog("Connector", `PUT ${id} in space ${target.spaceId}`, logged);
    let res: ConnectorResponse;
    try {
      res = await updateConnector(target, id, sent);
    } catch (error) {
      if (isNotFound(error)) throw goneError(label(news));
      if (isPreconfiguredConnectorError(error)) throw preconfiguredError(id);
      throw withContext(label(news), error);
    }
    await snapshots.put(target.scope, res.id, res);
    return { outs: outputs(res, news) };
  },

  /** A connector already gone counts as deleted (Elastic's Terraform provider fails here). */
  async delete(id: string, props: Obj) {
    const target = targetOf(props);
    debugLog("Connector", `DELETE ${id} in space ${target.spaceId}`);
    try {
      await deleteConnector(target, id);
    } catch (error) {
      if (isPreconfiguredConnectorError(error)) throw preconfiguredError(id);
      throw withContext(label(props), error);
    }
    await snapshots.put(target.scope, id, undefined);
  },
};
