import { readFileSync } from "node:fs";
import { KibanaConfigError } from "./errors";
import { describeLimitValue, LIMIT_FIELDS, parseLimit, type LimitField } from "./limits";
import { credentialSecrets, Redactor } from "./redact";

/** Where and how to reach Kibana. */
export interface KibanaConnection {
  /** Kibana base URL, e.g. "https://kibana.example.com:5601" (a trailing slash or base path like "/kibana" must work). */
  endpoint: string;
  /** Sent as `Authorization: ApiKey <apiKey>` (the encoded key, as Kibana issues it). */
  apiKey?: string;
  /** Basic auth user; requires `password`. */
  username?: string;
  /** Basic auth password. */
  password?: string;
  /** CA certificate for TLS: PEM text, or a path to a PEM file (several paths may be comma-separated). */
  caCert?: string;
  /** Skip TLS verification (self-signed clusters). */
  insecure?: boolean;
  /**
   * How long one attempt of a request may take — waiting for a connection, the headers and the whole body — before
   * it counts as timed out: milliseconds, or a duration such as `"30s"`, `"2m"`, `"500ms"` (above 0, at most 24h).
   * Default 30 s. A timed-out read, PUT or DELETE is re-sent; a create never blindly is (it is looked up first).
   */
  requestTimeout?: number | string;
  /** How many times a failed request may be re-sent after the first attempt: 0 to 100. Default 5. */
  maxRetries?: number | string;
  /**
   * Total time for a request and its retries, waits included, counted from the first attempt: no new attempt starts
   * once it is spent (the one under way may still run up to `requestTimeout`). Milliseconds or a duration, 0 to
   * 24h; 0 means no retries. Default 2 min.
   */
  retryBudget?: number | string;
}

/** Reads a stack-config-like source; keys are those of {@link CONFIG_KEYS} ("kibana:endpoint", "kibana:apiKey", …). */
export interface ConnectionConfigSource {
  get(key: string): string | undefined;
}

/** Where {@link resolveConnection} looks, highest precedence first. */
export interface ConnectionSources {
  /** A resource's `connection` argument. */
  explicit?: Partial<KibanaConnection>;
  /** Pulumi stack config (`kibana:*`). */
  config?: ConnectionConfigSource;
  /** Environment variables (`KIBANA_*`, as in Elastic's Terraform provider). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Stack config keys read by {@link resolveConnection}. */
export const CONFIG_KEYS = {
  endpoint: "kibana:endpoint",
  apiKey: "kibana:apiKey",
  username: "kibana:username",
  password: "kibana:password",
  caCert: "kibana:caCert",
  insecure: "kibana:insecure",
  requestTimeout: "kibana:requestTimeout",
  maxRetries: "kibana:maxRetries",
  retryBudget: "kibana:retryBudget",
} as const;

/** Environment variables read by {@link resolveConnection} (the names Elastic's Terraform provider uses). */
export const ENV_VARS = {
  endpoint: "KIBANA_ENDPOINT",
  apiKey: "KIBANA_API_KEY",
  username: "KIBANA_USERNAME",
  password: "KIBANA_PASSWORD",
  caCert: "KIBANA_CA_CERTS",
  insecure: "KIBANA_INSECURE",
  requestTimeout: "KIBANA_REQUEST_TIMEOUT",
  maxRetries: "KIBANA_MAX_RETRIES",
  retryBudget: "KIBANA_RETRY_BUDGET",
} as const;

type Field = keyof typeof CONFIG_KEYS;

interface SourceValues {
  /** Describes the source in error messages. */
  describe(field: Field): string;
  values: { [K in Field]?: K extends "insecure" ? boolean | string : K extends LimitField ? number | string : string };
}

/**
 * Resolves the Kibana connection from, highest precedence first, the explicit `connection` argument, the
 * stack config (`kibana:*`) and the environment (`KIBANA_*`). Empty or whitespace-only values count as unset.
 *
 * - `endpoint`, `caCert` and `insecure` are resolved **per field**: each comes from the first source that sets
 *   it, so an endpoint in stack config combines with credentials from the environment.
 * - The **credentials are one unit**: `apiKey`, or `username` + `password`, all come from the first source
 *   that sets any of the three; lower sources' credentials are ignored entirely. An explicit (or config) API key
 *   therefore wins over `KIBANA_USERNAME`/`KIBANA_PASSWORD` in the environment and only `ApiKey` auth is sent;
 *   explicit username/password likewise win over `KIBANA_API_KEY`. Credentials are never assembled from two
 *   sources: a username in config with the password only in the environment is an error, not a mix.
 * - Within that one source, setting both an API key and username/password, or only one of username and
 *   password, throws a {@link KibanaConfigError}. No source with credentials → anonymous requests.
 * - `insecure` accepts a boolean, or (config/env) `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, `t`/`f`
 *   (case-insensitive); anything else throws. `caCert` is PEM text or comma-separated PEM file paths
 *   (read when the transport is created, see {@link loadCaCertificates}).
 * - The time limits `requestTimeout`, `maxRetries` and `retryBudget` are resolved per field too and returned as
 *   numbers (milliseconds, count); a duration string ("30s", "2m") or milliseconds are accepted. An invalid value
 *   throws, naming where it was set, the value and what is expected. Unset limits stay unset (the transport's
 *   defaults apply: 30 s, 5 retries, 2 min).
 * - The API key is trimmed (keys never contain whitespace; a trailing newline from a secret file would make
 *   the header invalid); passwords are used verbatim.
 * - No endpoint anywhere → {@link KibanaConfigError} naming the three places it looked. Error messages never
 *   contain credential values.
 */
export function resolveConnection(sources: ConnectionSources): KibanaConnection {
  const ordered = collectSources(sources);
  // Echoed values (a malformed endpoint) are scrubbed of every credential any source holds.
  const redactor = new Redactor(ordered.flatMap((s) => credentialSecrets(s.values)));
  const redactSecrets = (text: string) => redactor.redact(text);

  const pick = <K extends Field>(field: K) => ordered.find((s) => s.values[field] !== undefined);

  const endpointSource = pick("endpoint");
  if (!endpointSource) {
    throw new KibanaConfigError(
      "No Kibana endpoint configured. Set it in one of three ways: the resource's `connection` argument " +
        `({ endpoint: "https://…" }), \`pulumi config set ${CONFIG_KEYS.endpoint} https://…\`, ` +
        `or the ${ENV_VARS.endpoint} environment variable.`,
    );
  }
  const endpoint = normalizeEndpoint(endpointSource.values.endpoint as string, endpointSource.describe("endpoint"), redactSecrets);

  const connection: KibanaConnection = { endpoint };

  const credentialSource = ordered.find((s) => s.values.apiKey !== undefined || s.values.username !== undefined || s.values.password !== undefined);
  if (credentialSource) {
    const { apiKey, username, password } = credentialSource.values;
    if (apiKey !== undefined && (username !== undefined || password !== undefined)) {
      throw new KibanaConfigError(
        `Both an API key (${credentialSource.describe("apiKey")}) and username/password (${credentialSource.describe("username")}) are set; use one or the other.`,
      );
    }
    if (username !== undefined && password === undefined) {
      throw new KibanaConfigError(
        `Kibana username is set (${credentialSource.describe("username")}) but no password; set ${credentialSource.describe("password")} as well.`,
      );
    }
    if (password !== undefined && username === undefined) {
      throw new KibanaConfigError(
        `Kibana password is set (${credentialSource.describe("password")}) but no username; set ${credentialSource.describe("username")} as well.`,
      );
    }
    if (apiKey !== undefined) connection.apiKey = apiKey;
    else Object.assign(connection, { username, password });
  }

  const caSource = pick("caCert");
  if (caSource) connection.caCert = caSource.values.caCert as string;

  const insecureSource = pick("insecure");
  if (insecureSource) connection.insecure = parseBoolean(insecureSource.values.insecure as boolean | string, insecureSource.describe("insecure"));

  for (const field of LIMIT_FIELDS) {
    const source = pick(field);
    if (source) connection[field] = resolveLimit(field, source.values[field], source.describe(field), redactSecrets);
  }

  return connection;
}

/** Splits an endpoint into the origin undici connects to and the base path prefixed to every API path. */
export function parseEndpoint(endpoint: string): { origin: string; basePath: string } {
  const normalized = normalizeEndpoint(endpoint, "the Kibana endpoint", (text) => text);
  const url = new URL(normalized);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}

/**
 * Loads the CA certificates for TLS: `caCert` is PEM text, or one or more comma-separated paths to PEM files.
 * Returns undefined when no CA is configured.
 */
export function loadCaCertificates(caCert: string | undefined): string[] | undefined {
  if (!caCert?.trim()) return undefined;
  if (caCert.includes("-----BEGIN")) return [caCert];
  return caCert
    .split(",")
    .map((path) => path.trim())
    .filter(Boolean)
    .map((path) => {
      try {
        return readFileSync(path, "utf8");
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
        throw new KibanaConfigError(`Cannot read the Kibana CA certificate file "${path}" (${code}).`);
      }
    });
}

function collectSources({ explicit, config, env = process.env }: ConnectionSources): SourceValues[] {
  const sources: SourceValues[] = [];
  if (explicit) {
    sources.push({
      describe: (field) => `the resource's connection.${field}`,
      values: {
        endpoint: nonEmpty(explicit.endpoint),
        apiKey: nonEmpty(explicit.apiKey)?.trim(),
        username: nonEmpty(explicit.username),
        password: nonEmpty(explicit.password),
        caCert: nonEmpty(explicit.caCert),
        insecure: explicit.insecure,
        requestTimeout: nonEmpty(explicit.requestTimeout),
        maxRetries: nonEmpty(explicit.maxRetries),
        retryBudget: nonEmpty(explicit.retryBudget),
      },
    });
  }
  if (config) {
    sources.push({
      describe: (field) => `Pulumi config ${CONFIG_KEYS[field]}`,
      values: mapFields((field) => nonEmpty(config.get(CONFIG_KEYS[field]))),
    });
  }
  sources.push({
    describe: (field) => `environment variable ${ENV_VARS[field]}`,
    values: mapFields((field) => nonEmpty(env[ENV_VARS[field]])),
  });
  return sources;
}

function mapFields(read: (field: Field) => string | undefined): SourceValues["values"] {
  const values: SourceValues["values"] = {};
  for (const field of Object.keys(CONFIG_KEYS) as Field[]) values[field] = read(field);
  values.apiKey = values.apiKey?.trim();
  return values;
}

function nonEmpty<T>(value: T | undefined): T | undefined {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;
}

/** A limit as a number, or a {@link KibanaConfigError} naming where it was set, the value and what is expected. */
export function resolveLimit(field: LimitField, value: unknown, origin: string, redact: (text: string) => string = (text) => text): number {
  const parsed = parseLimit(field, value);
  if (parsed.ok) return parsed.value;
  throw new KibanaConfigError(`Invalid value ${redact(describeLimitValue(value))} in ${origin}; ${parsed.reason}.`);
}

function normalizeEndpoint(raw: string, origin: string, redact: (text: string) => string): string {
  const endpoint = raw.trim();
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new KibanaConfigError(`Invalid Kibana endpoint from ${origin}: "${redact(endpoint)}" is not a URL; expected e.g. "https://kibana.example.com:5601".`);
  }
  if (url.username || url.password) {
    // Deliberately not echoing the value: it contains credentials.
    throw new KibanaConfigError(
      `Invalid Kibana endpoint from ${origin}: it must not contain credentials (user:password@host); use apiKey or username/password instead.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new KibanaConfigError(`Invalid Kibana endpoint from ${origin}: "${redact(endpoint)}" must be an http:// or https:// URL.`);
  }
  if (url.search || url.hash) {
    throw new KibanaConfigError(`Invalid Kibana endpoint from ${origin}: "${redact(endpoint)}" must not have a query string or fragment.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function parseBoolean(value: boolean | string, origin: string): boolean {
  if (typeof value === "boolean") return value;
  const normalized = value.trim().toLowerCase();
  if (["true", "1", "yes", "on", "t"].includes(normalized)) return true;
  if (["false", "0", "no", "off", "f"].includes(normalized)) return false;
  throw new KibanaConfigError(`Invalid boolean "${value}" in ${origin}; expected true or false.`);
}
