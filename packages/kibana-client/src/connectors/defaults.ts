import { hasFeature, type KibanaFeatureKey, type KibanaVersion } from "../versions";

/**
 * What Kibana stores and returns for config keys a request leaves out, per connector type, on every supported version
 * (each entry pinned to Kibana's schema in defaults.test.ts). `null` marks a nullable key Kibana echoes as `null`. Keys
 * Kibana's schema declares `maybe`/`optional` (webhook `authType`, `certType`, `ca`, `verificationMode`) are not here:
 * Kibana omits them unless sent. The emulator fills these on create and update; the provider compares configs with
 * them applied, so a default never shows as a diff. A wrong entry would be a perpetual diff, while a missing one only
 * means that an out-of-band change to that default goes unnoticed.
 */
export const CONNECTOR_CONFIG_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ".index": { refresh: false, executionTimeField: null },
  ".webhook": { method: "post", headers: null, hasAuth: true },
  ".email": {
    service: "other",
    hasAuth: true,
    host: null,
    port: null,
    secure: null,
    clientId: null,
    tenantId: null,
    oauthTokenUrl: null,
  },
  ".pagerduty": { apiUrl: null },
  ".servicenow": { isOAuth: false, usesTableApi: true, userIdentifierValue: null, clientId: null, jwtKeyId: null },
  ".servicenow-sir": { isOAuth: false, usesTableApi: true, userIdentifierValue: null, clientId: null, jwtKeyId: null },
  ".servicenow-itom": { isOAuth: false, userIdentifierValue: null, clientId: null, jwtKeyId: null },
  ".cases-webhook": {
    createIncidentMethod: "post",
    getIncidentMethod: "get",
    getIncidentJson: null,
    updateIncidentMethod: "put",
    createCommentUrl: null,
    createCommentJson: null,
    headers: null,
    hasAuth: true,
  },
  ".xmatters": { configUrl: null, usesBasic: true },
};

/** A default that changed at a release: `before` up to the release that has `feature`, `since` from it. */
export interface VersionedDefault {
  feature: KibanaFeatureKey;
  before: unknown;
  since: unknown;
}

/** Defaults that differ between supported versions (a row of KIBANA_FEATURES says where). */
export const VERSIONED_CONNECTOR_CONFIG_DEFAULTS: Readonly<Record<string, Readonly<Record<string, VersionedDefault>>>> = {
  ".cases-webhook": { createCommentMethod: { feature: "connectorSchemasZod", before: null, since: "put" } },
};

/** Every default of `type` as Kibana `version` applies it. */
export function connectorConfigDefaults(type: string, version: KibanaVersion): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(CONNECTOR_CONFIG_DEFAULTS[type] ?? {}) };
  for (const [key, d] of Object.entries(VERSIONED_CONNECTOR_CONFIG_DEFAULTS[type] ?? {})) out[key] = hasFeature(version, d.feature) ? d.since : d.before;
  return out;
}

/**
 * The config Kibana stores for a request's config: its defaults (nulls included) under the explicit values. Without a
 * version, only the defaults every supported version shares.
 */
export function applyConnectorConfigDefaults(type: string, config: Record<string, unknown> | undefined, version?: KibanaVersion): Record<string, unknown> {
  const explicit = Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== undefined));
  const defaults = version ? connectorConfigDefaults(type, version) : (CONNECTOR_CONFIG_DEFAULTS[type] ?? {});
  return { ...defaults, ...explicit };
}
