import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { compilePatterns, matchesAnyGlob } from "../util/match";
import { resourceLabel } from "../util/props";

export interface ConnectorNoSecretsInConfigConfig {
  extraSecretKeyPatterns: string[];
  allowedPaths: string[];
}

/** Config keys whose values are credentials (regular expressions over the key, case-insensitive). */
export const SECRET_KEY_PATTERNS = [
  "pass(?:word|wd|phrase)?$",
  "secret",
  "token$",
  "^(?:x-)?api[-_]?key$",
  "apikey",
  "private[-_]?key",
  "access[-_]?key",
  "^authorization$",
  "^(?:x-)?auth(?:[-_]?token)?$",
  "^cookie$",
  "routing[-_]?key",
  "integration[-_]?key",
  "webhook[-_]?url$",
  "^(?:key|pfx|crt)$",
  "credentials?$",
];

/** Keys that match the patterns above but hold no secret (connector settings Kibana keeps in `config`). */
const NON_SECRET_KEYS = new Set(
  ["hasAuth", "authType", "usesBasic", "isOAuth", "oauthTokenUrl", "tokenUrl", "accessTokenUrl", "clientId", "certType", "verificationMode"].map((k) =>
    k.toLowerCase(),
  ),
);

/** Values that look like credentials whatever their key. Descriptions only; never the value itself. */
const SECRET_VALUE_PATTERNS: [RegExp, string][] = [
  [/^\s*(?:bearer|basic|token|apikey|api-key)\s+\S{8,}/i, "an Authorization header value"],
  [/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/, "a JSON Web Token"],
  [/\bxox[abposr]-[\w-]{10,}/, "a Slack token"],
  [/hooks\.slack\.com\/services\/\w+\/\w+\/\w+/i, "a Slack webhook URL"],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/, "a GitHub token"],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/, "a PEM private key"],
  [/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, "a URL with a user name and password"],
  [/[?&](?:api[-_]?key|access_token|token|sig|signature|secret|password|code)=[^&\s]{6,}/i, "a URL carrying a credential in its query"],
];

/** Every string leaf of a JSON value, with its dotted path. */
function* leaves(value: unknown, path: string): Generator<[string, string, string]> {
  if (typeof value === "string") {
    yield [path, path.slice(path.lastIndexOf(".") + 1).replace(/\[\d+\]$/, ""), value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* leaves(value[i], `${path}[${i}]`);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* leaves(v, `${path}.${k}`);
  }
}

/**
 * 8a. Connector credentials go in `secrets` (encrypted by Kibana, never returned by its API), not in `config`
 * (stored in plain text, returned by every GET and export, shown in plan diffs).
 */
export const connectorNoSecretsInConfig: ResourcePolicyDefinition<ConnectorNoSecretsInConfigConfig> = {
  kind: "resource",
  name: "connector-no-secrets-in-config",
  description:
    "Connector credentials are in `secrets`, not `config`: no `config` key named like a credential (password, token, " +
    "api key, Authorization header, webhook URL…) and no value that looks like one (bearer tokens, JWTs, Slack/GitHub/AWS keys, " +
    "private keys, URLs with passwords).",
  remediation:
    "Move the value to `secrets` (e.g. `.webhook`: `secrets: { user, password }`; `.slack`/`.teams`: `secrets: { webhookUrl }`; " +
    "`.pagerduty`: `secrets: { routingKey }`), read it from a Pulumi secret (`config.requireSecret`), and rotate it if it was committed.",
  enforcementLevel: "mandatory",
  types: [TYPES.Connector],
  config: {
    extraSecretKeyPatterns: {
      type: "array",
      items: { type: "string" },
      description: "More regular expressions over config keys that hold credentials.",
      default: [],
    },
    allowedPaths: {
      type: "array",
      items: { type: "string" },
      description: 'Config paths (globs like "config.headers.X-Trace-Token") known to hold no secret.',
      default: [],
    },
  },
  defaults: { extraSecretKeyPatterns: [], allowedPaths: [] },
  check(connector, config) {
    const label = resourceLabel(`connector`, connector, "connector_type_id");
    const keyPatterns = compilePatterns([...SECRET_KEY_PATTERNS, ...config.extraSecretKeyPatterns], "extraSecretKeyPatterns");
    const problems: string[] = [];
    for (const [path, key, value] of leaves(connector.props.config, "config")) {
      if (value.trim() === "" || matchesAnyGlob(path, config.allowedPaths)) continue;
      if (!NON_SECRET_KEYS.has(key.toLowerCase()) && keyPatterns.some((re) => re.test(key))) {
        problems.push(`${label}: ${path} holds a credential in plain config; move it to secrets.`);
        continue;
      }
      const looks = SECRET_VALUE_PATTERNS.find(([re]) => re.test(value));
      if (looks) problems.push(`${label}: ${path} looks like ${looks[1]}; credentials belong in secrets.`);
    }
    return problems;
  },
};
