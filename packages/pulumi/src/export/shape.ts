import {
  connectorTypeSchema,
  ENGINE_INIT_FIELDS,
  type ConnectorResponse,
  type EngineDescriptor,
  type ExceptionListItemResponse,
  type ExceptionListResponse,
  type FleetServerHost,
  type ListItemResponse,
  type RuleResponse,
  type Space,
  type ValueListResponse,
} from "@esac/kibana-client";
import { canonicalRule, isRuleType, managedRuleFields } from "../detection-rule/normalize";
import { canonicalExceptionList, EXCEPTION_LIST_FIELDS } from "../exception-list/normalize";
import { canonicalExceptionItem, EXCEPTION_ITEM_FIELDS } from "../exception-list-item/normalize";
import { canonicalHost, publicSsl } from "../fleet-server-host/normalize";
import { deepEqual, pick, toPlainJson } from "../provider-kit/json";
import { setMeta, withoutOwnerMarker } from "../provider-kit/ownership";
import { SPACE_FIELDS, spaceState } from "../space/normalize";

type Obj = Record<string, unknown>;

/**
 * Drops each field whose absence leaves the object's normal form unchanged (a default Kibana fills, an empty
 * `meta`), so a data file holds what someone set and nothing the provider would fill in again the same way.
 */
function withoutDefaults(fields: Obj, canonical: (o: Obj) => Obj, keep: readonly string[]): Obj {
  const target = canonical(fields);
  const out: Obj = { ...fields };
  for (const key of Object.keys(fields)) {
    if (keep.includes(key)) continue;
    const { [key]: _dropped, ...rest } = out;
    if (deepEqual(canonical(rest), target)) delete out[key];
  }
  return out;
}

/** Objects with their keys sorted at every depth (arrays keep their order): one stable form for diffs. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value as Obj)
      .sort()
      .map((k) => [k, sortedKeys((value as Obj)[k])]),
  );
}

/** Whether a rule is one of Elastic's prebuilt rules (installed from the package), left to PrebuiltRules/PrebuiltRuleSelection. */
export function isPrebuiltRule(rule: RuleResponse): boolean {
  return rule.immutable === true || rule.rule_source?.type === "external";
}

/**
 * A custom rule as DetectionRule inputs in Kibana's field names: the fields the provider manages for its type
 * (normalize.ts `managedRuleFields`), without server-managed ones (id, revision, created_*, updated_*, …), esac's
 * ownership marker, action uuids (Kibana assigns them) or values equal to Kibana's defaults.
 */
export function ruleData(rule: RuleResponse): Obj {
  if (!isRuleType(rule.type)) throw new Error(`rule "${rule.rule_id}" has type "${String(rule.type)}", which esac does not know`);
  const fields: Obj = setMeta({ ...pick(rule as Obj, managedRuleFields(rule.type)), type: rule.type }, withoutOwnerMarker((rule as Obj).meta));
  if (Array.isArray(fields.actions)) fields.actions = (fields.actions as Obj[]).map(({ uuid: _uuid, ...action }) => action);
  return sortedKeys(toPlainJson(withoutDefaults(fields, canonicalRule, ["rule_id", "type", "name", "description", "risk_score", "severity"]))) as Obj;
}

/** A value list as ValueList inputs (`list_id` is Kibana's list `id`) and its values, sorted. */
export function valueListData(list: ValueListResponse, items: readonly ListItemResponse[]): Obj {
  const meta = withoutOwnerMarker(list.meta);
  const out: Obj = { list_id: list.id, name: list.name, description: list.description, type: list.type };
  if (meta && typeof meta === "object" && Object.keys(meta).length) out.meta = meta;
  out.values = [...new Set(items.map((i) => i.value))].sort();
  return sortedKeys(toPlainJson(out)) as Obj;
}

/** An exception list as ExceptionList inputs, its items (ExceptionListItem inputs) under `items`. */
export function exceptionListData(list: ExceptionListResponse, items: readonly ExceptionListItemResponse[]): Obj {
  const fields = pick(
    list as Obj,
    EXCEPTION_LIST_FIELDS.filter((k) => k !== "version"),
  );
  fields.meta = withoutOwnerMarker(fields.meta);
  const out = withoutDefaults(fields, canonicalExceptionList, ["list_id", "name", "description", "type"]);
  out.items = items.map(exceptionItemData);
  return sortedKeys(toPlainJson(out)) as Obj;
}

function exceptionItemData(item: ExceptionListItemResponse): Obj {
  const fields: Obj = setMeta(pick(item as Obj, EXCEPTION_ITEM_FIELDS), withoutOwnerMarker((item as Obj).meta));
  // Comments are written as texts: authors and times are Kibana's.
  fields.comments = ((item.comments ?? []) as { comment: string }[]).map(({ comment }) => ({ comment }));
  const { list_id: _listId, ...rest } = withoutDefaults(fields, canonicalExceptionItem, ["item_id", "name", "description", "entries"]);
  return rest;
}

/** The secret keys a connector type takes (`secrets` schema), empty when it has none or esac does not know the type. */
export function connectorSecretKeys(type: string): string[] {
  const schema = connectorTypeSchema(type, "kibana")?.secrets as unknown as { shape?: Obj } | undefined;
  return Object.keys(schema?.shape ?? {});
}

/** A connector as Connector inputs: its id, type, name and config (Kibana never returns `secrets`). */
export function connectorData(connector: ConnectorResponse): Obj {
  return sortedKeys(
    toPlainJson({ id: connector.id, connector_type_id: connector.connector_type_id, name: connector.name, config: connector.config ?? {} }),
  ) as Obj;
}

/** Why a connector is not exported, or undefined when it is. */
export function connectorSkipReason(connector: ConnectorResponse): string | undefined {
  if (connector.is_preconfigured) return "preconfigured in kibana.yml (xpack.actions.preconfigured): not manageable through the API";
  if (connector.is_system_action) return "system connector (Kibana's own, always present)";
  return undefined;
}

/** A Fleet Server host as FleetServerHost inputs, without key material; the ssl keys it holds in Fleet's secret store. */
export function fleetServerHostData(host: FleetServerHost): { data: Obj; secretSslKeys: string[] } {
  const canonical = canonicalHost(host as Obj);
  const data: Obj = { id: host.id, name: host.name, host_urls: canonical.host_urls };
  if (host.is_default) data.is_default = true;
  if (host.is_internal) data.is_internal = true;
  if (host.proxy_id) data.proxy_id = host.proxy_id;
  const ssl = publicSsl(host.ssl);
  if (ssl && Object.keys(ssl).length) data.ssl = ssl;
  return { data: sortedKeys(toPlainJson(data)) as Obj, secretSslKeys: Object.keys(host.secrets?.ssl ?? {}).sort() };
}

/** A space as Space inputs (its id, name and the fields set on it). */
export function spaceData(space: Space): Obj {
  const { space_id, ...rest } = spaceState(space);
  return sortedKeys(toPlainJson({ id: space_id, ...pick(rest, SPACE_FIELDS) })) as Obj;
}

/** An entity engine as EntityEngine inputs: its type, whether it runs, and its init settings. */
export function entityEngineData(engine: EngineDescriptor): Obj {
  const out: Obj = { entity_type: engine.type, enabled: engine.status !== "stopped" };
  for (const k of ENGINE_INIT_FIELDS) if ((engine as Obj)[k] !== undefined) out[k] = (engine as Obj)[k];
  return sortedKeys(toPlainJson(out)) as Obj;
}
