/**
 * What Kibana stores and returns for config keys a request leaves out, per connector type
 * (kibana-behaviour.md §4.2/§4.5; the same table Elastic's Terraform provider mirrors in
 * `connector_defaults.go`). `null` marks a nullable key Kibana echoes as `null`. The emulator fills these on
 * create and update; the provider compares configs with them applied, so a default never shows as a diff.
 * Only defaults known to hold across 8.x/9.x belong here: a wrong entry would be a perpetual diff, while a missing
 * one only means that an out-of-band change to that default goes unnoticed.
 */
export const CONNECTOR_CONFIG_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ".index": { refresh: false, executionTimeField: null },
  ".webhook": { method: "post", headers: null, hasAuth: true, authType: null, certType: null, ca: null, verificationMode: null },
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
    updateIncidentMethod: "put",
    createCommentMethod: "put",
    createCommentUrl: null,
    createCommentJson: null,
    headers: null,
    hasAuth: true,
  },
  ".xmatters": { usesBasic: true },
};

/** The config Kibana stores for a request's config: its defaults (nulls included) under the explicit values. */
export function applyConnectorConfigDefaults(type: string, config: Record<string, unknown> | undefined): Record<string, unknown> {
  const explicit = Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== undefined));
  return { ...(CONNECTOR_CONFIG_DEFAULTS[type] ?? {}), ...explicit };
}
