import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { resourceLabel } from "../util/props";
import { checkHttps } from "../util/url";

export interface ConnectorUrlsUseHttpsConfig {
  allowHttpHosts: string[];
}

/** Keys that hold a URL: `url`, `apiUrl`, `webhookUrl`, `createIncidentUrl`, … (any string that starts with a scheme counts too). */
const URL_KEY = /url$/i;

function* urlFields(value: unknown, path: string, inUrlKey = false): Generator<[string, string]> {
  if (typeof value === "string") {
    if (inUrlKey || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) yield [path, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* urlFields(value[i], `${path}[${i}]`, inUrlKey);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* urlFields(v, `${path}.${k}`, URL_KEY.test(k));
  }
}

/**
 * 8b. Webhooks and every other connector endpoint use https, so alert contents and credentials are not sent in the
 * clear. Checks URL-valued keys of `config` and `secrets` (`url`, `apiUrl`, `webhookUrl`, `createIncidentUrl`…).
 */
export const connectorUrlsUseHttps: ResourcePolicyDefinition<ConnectorUrlsUseHttpsConfig> = {
  kind: "resource",
  name: "connector-urls-use-https",
  description:
    "Connectors send alerts over https: every URL in a connector's `config` or `secrets` (webhook `url`, `apiUrl`, " +
    "`webhookUrl`, case-management URLs…) uses https, except hosts listed in `allowHttpHosts`.",
  remediation: "Use the endpoint's https URL; for an internal service without TLS, put it behind a TLS proxy, or list its host in `allowHttpHosts`.",
  enforcementLevel: "mandatory",
  types: [TYPES.Connector],
  config: {
    allowHttpHosts: {
      type: "array",
      items: { type: "string" },
      description: 'Host names (globs) that may be reached over plain http, e.g. "localhost".',
      default: [],
    },
  },
  defaults: { allowHttpHosts: [] },
  check(connector, config) {
    const label = resourceLabel("connector", connector, "connector_type_id");
    const problems: string[] = [];
    for (const section of ["config", "secrets"] as const) {
      for (const [path, value] of urlFields(connector.props[section], section)) {
        if (value.trim() === "") continue;
        const verdict = checkHttps(value, config.allowHttpHosts);
        // URLs in secrets may embed a token: name the field, never the value.
        if (!verdict.ok) problems.push(`${label}: ${path} ${verdict.reason}; use https.`);
      }
    }
    return problems;
  },
};
