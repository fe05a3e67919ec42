import { canonicalConnectorConfig, CONNECTOR_CONFIG_DEFAULTS, VERSIONED_CONNECTOR_CONFIG_DEFAULTS, type ConnectorResponse } from "@esac/kibana-client";
import { deepEqual } from "../provider-kit/json";
import { secretDigest, SECRET_HASH_KEY, SECRET_SALT_KEY } from "../provider-kit/secret-hash";

type Obj = Record<string, unknown>;

/**
 * A connector's config as kept in state: Kibana's echo, in normal form (defaults applied, nulls dropped), limited
 * to the keys the program manages — the ones it sent (or that were in state before) and the type's known defaults.
 * A key Kibana fills that is neither (a default this table does not know, e.g. from a newer Kibana) is not the
 * program's business: keeping it would be a perpetual diff.
 */
export function stateConfig(type: string, returned: Obj | null | undefined, managedKeys: Iterable<string>): Obj {
  const keep = new Set([
    ...managedKeys,
    ...Object.keys(CONNECTOR_CONFIG_DEFAULTS[type] ?? {}),
    ...Object.keys(VERSIONED_CONNECTOR_CONFIG_DEFAULTS[type] ?? {}),
  ]);
  const canonical = canonicalConnectorConfig(type, returned ?? {});
  return Object.fromEntries(Object.entries(canonical).filter(([k]) => keep.has(k)));
}

/** The HMAC of the program's secrets, keyed with the resource's salt. */
export function secretsHash(inputs: Obj): string {
  return secretDigest(inputs[SECRET_SALT_KEY] as string, inputs.secrets ?? {});
}

/** State from Kibana's answer: its fields, the managed config, the secret hash (never the secrets). */
export function connectorState(res: ConnectorResponse, managedConfigKeys: Iterable<string>, hash: unknown): Obj {
  return {
    connector_id: res.id,
    connector_type_id: res.connector_type_id,
    name: res.name,
    config: stateConfig(res.connector_type_id, res.config, managedConfigKeys),
    is_preconfigured: res.is_preconfigured,
    is_deprecated: res.is_deprecated,
    is_missing_secrets: res.is_missing_secrets ?? false,
    [SECRET_HASH_KEY]: hash,
  };
}

/** What differs between the state (`olds`) and the checked program inputs (`news`), by field. */
export function changedConnectorFields(olds: Obj, news: Obj): string[] {
  const type = news.connector_type_id as string;
  const changed: string[] = [];
  if (olds.name !== news.name) changed.push("name");
  if (!deepEqual(olds.config ?? {}, canonicalConnectorConfig(type, news.config as Obj | undefined))) changed.push("config");
  if (olds[SECRET_HASH_KEY] !== secretsHash(news)) changed.push("secrets");
  // Imported without secrets (saved-objects import): only a write that resends them fixes it.
  else if (olds.is_missing_secrets === true) changed.push("secrets");
  return changed;
}
