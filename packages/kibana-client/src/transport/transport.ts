import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Pool } from "undici";
import { sendAttempt, type AttemptOutcome } from "./attempt";
import { loadCaCertificates, parseEndpoint, resolveLimit, type KibanaConnection } from "./connection";
import { decodeBody, encodeBody, encodeQuery, spacedPath, type MultipartFile, type QueryParams } from "./encoding";
import { extractKibanaMessage, ForeignObjectError, KibanaConfigError, KibanaError, type KibanaErrorInit } from "./errors";
import { LIMIT_DEFAULTS, LIMIT_FIELDS, type ConnectionLimits, type LimitField } from "./limits";
import { Redactor } from "./redact";
import { classifyNetworkError, classifyStatus, isResendable, nextRetryDelay, parseRetryAfter, type RetryPolicy } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The `elastic-api-version` sent with {@link KibanaRequest.versioned} requests. */
export const KIBANA_API_VERSION = "2023-10-31";

export interface KibanaRequest {
  method: HttpMethod;
  /** API path without space prefix, e.g. "/api/detection_engine/rules". */
  path: string;
  /** Kibana space; "default" or undefined means no prefix, otherwise the path becomes "/s/{spaceId}/api/...". Must match /^[a-z0-9_-]+$/. */
  spaceId?: string;
  /** Query parameters: undefined values are skipped, arrays repeated. */
  query?: QueryParams;
  /** JSON-encoded, sent with content-type application/json. */
  body?: unknown;
  /** A file upload for `_import` endpoints (multipart/form-data). */
  multipart?: MultipartFile;
  /** Adds `elastic-api-version: 2023-10-31` (the security solution, lists, exceptions, entity store and Fleet APIs). */
  versioned?: boolean;
  /** An `elastic-api-version` other than 2023-10-31 (internal routes: `"1"`); sent with or without `versioned`. */
  apiVersion?: string;
  /** Whether re-sending is safe when it is unknown if the server processed the request. Default: true for GET/PUT/DELETE/PATCH, false for POST. */
  idempotent?: boolean;
  /**
   * For a non-idempotent request whose outcome is ambiguous (connection reset after sending, 502/504, response timeout):
   * look the object up by its natural key. Return the response to use as the result, or undefined if the object does not
   * exist (then the request is re-sent). Without `recover`, an ambiguous failure of a non-idempotent request throws.
   * Throw a {@link ForeignObjectError} when the object exists but is not this request's own.
   */
  recover?: () => Promise<KibanaResponse | undefined>;
  /**
   * For a conditional write (`_version`) re-sent after an ambiguous failure: when the re-send is refused with 409, the
   * earlier attempt may be what changed the version. Return the object if it holds what this request wrote (the
   * result), undefined to report the 409.
   */
  confirmApplied?: () => Promise<KibanaResponse | undefined>;
  /** Statuses that are returned instead of thrown (e.g. [404] for reads/deletes). */
  okStatuses?: number[];
  /** Per-call override of {@link TransportOptions.timeoutMs}. */
  timeoutMs?: number;
}

export interface KibanaResponse<T = unknown> {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON; a string for non-JSON bodies (ndjson exports); undefined when empty. */
  body: T;
}

/** What {@link TransportOptions.onAttempt} receives: never credentials or bodies. */
export interface AttemptInfo {
  method: HttpMethod;
  /** API path with space prefix, without query string. */
  path: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Network error code, when none did. */
  code?: string;
  /** 1 for the first attempt. */
  attempt: number;
  durationMs: number;
}

export interface TransportOptions {
  /** Per attempt, covering connection wait, headers and body, when the connection sets no `requestTimeout`. Default 30_000. */
  timeoutMs?: number;
  /** Re-sends after the first attempt, when the connection sets no `maxRetries`. Default 5. */
  maxRetries?: number;
  /** Total budget across retries including waits, when the connection sets no `retryBudget`; no new attempt starts once it is spent. Default 120_000. */
  maxRetryTimeMs?: number;
  /** Backoff base: the wait before retry n (from 0) is random(0, min(maxDelayMs, baseDelayMs * 2^n)). Default 500. */
  baseDelayMs?: number;
  /** Cap on any single wait, including a server's Retry-After. Default 20_000. */
  maxDelayMs?: number;
  /** Keep-alive pool size per endpoint. Default 16. */
  connections?: number;
  /** Default "esac/<version>". */
  userAgent?: string;
  /** Called once per HTTP attempt (for logging/metrics); never receives credentials or bodies. */
  onAttempt?: (info: AttemptInfo) => void;
}

const DEFAULTS = {
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  connections: 16,
} as const;

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

// OpenSSL verification failures that mean "the server's certificate chain is not trusted".
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);
const UNTRUSTED_CERTIFICATE_NOTE =
  "Kibana's TLS certificate is not trusted: set its CA certificate (connection.caCert, kibana:caCert or KIBANA_CA_CERTS), " +
  "or, for a test cluster only, disable verification (insecure, kibana:insecure or KIBANA_INSECURE=true)";

/**
 * The HTTP client for every Kibana API: keep-alive connection pool, auth and Kibana headers,
 * retries with backoff that never blindly re-send a non-idempotent request, and typed errors
 * from which credentials are scrubbed.
 */
export class KibanaTransport {
  /** Base URL (origin + base path), credentials-free. */
  readonly endpoint: string;
  readonly #basePath: string;
  readonly #pool: Pool;
  readonly #authorization: string | undefined;
  readonly #redactor: Redactor;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #onAttempt: TransportOptions["onAttempt"];
  #closed = false;

  constructor(connection: KibanaConnection, options: TransportOptions = {}) {
    const { origin, basePath } = parseEndpoint(connection.endpoint);
    this.endpoint = `${origin}${basePath}`;
    this.#basePath = basePath;
    this.#authorization = authorizationHeader(connection);
    this.#redactor = Redactor.forCredentials(connection);
    const limits = effectiveLimits(connection, options, (text) => this.#redactor.redact(text));
    this.#policy = {
      maxRetries: limits.maxRetries,
      maxRetryTimeMs: limits.retryBudget,
      baseDelayMs: nonNegative(options.baseDelayMs, DEFAULTS.baseDelayMs, "baseDelayMs"),
      maxDelayMs: nonNegative(options.maxDelayMs, DEFAULTS.maxDelayMs, "maxDelayMs"),
    };
    this.#timeoutMs = limits.requestTimeout;
    this.#userAgent = options.userAgent ?? `esac/${packageVersion()}`;
    this.#onAttempt = options.onAttempt;
    // Loaded with the first transport, not with the package: a Pulumi program and a provider with nothing to send
    // (a no-change preview) never pay for undici's load (0.1 s).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool: UndiciPool } = require("undici") as typeof import("undici");
    this.#pool = new UndiciPool(origin, {
      connections: positive(options.connections, DEFAULTS.connections, "connections"),
      connect: {
        ca: loadCaCertificates(connection.caCert),
        rejectUnauthorized: !connection.insecure,
        timeout: Math.min(DEFAULT_CONNECT_TIMEOUT_MS, this.#timeoutMs),
      },
    });
  }

  async request<T = unknown>(req: KibanaRequest): Promise<KibanaResponse<T>> {
    if (this.#closed) throw new Error(`The Kibana transport for ${this.endpoint} is closed.`);
    const path = spacedPath(req.path, req.spaceId);
    const query = encodeQuery(req.query);
    const encoded = encodeBody(req.body, req.multipart);
    const headers = this.#headers(req, encoded?.contentType);
    const idempotent = req.idempotent ?? req.method !== "POST";
    const timeoutMs = positive(req.timeoutMs, this.#timeoutMs, "timeoutMs");
    const okStatuses = new Set(req.okStatuses ?? []);
    const firstAttemptAt = performance.now();
    const elapsed = () => performance.now() - firstAttemptAt;
    let earlierMaybeApplied = false;

    for (let attempts = 1; ; attempts++) {
      const attemptStartedAt = performance.now();
      const outcome = await sendAttempt(this.#pool, {
        method: req.method,
        path: `${this.#basePath}${path}${query}`,
        headers,
        body: encoded?.body,
        timeoutMs,
      });
      this.#report(req.method, path, outcome, attempts, performance.now() - attemptStartedAt);

      if (outcome.kind === "response" && (isSuccess(outcome.status) || okStatuses.has(outcome.status))) {
        return {
          status: outcome.status,
          headers: outcome.headers,
          body: decodeBody(outcome.body, outcome.headers["content-type"]) as T,
        };
      }

      const errorInit = this.#errorInit(req.method, path, query, outcome, attempts);
      const kind = outcome.kind === "response" ? classifyStatus(outcome.status) : classifyNetworkError(outcome.code, outcome.requestStarted);
      if (kind === "final") {
        if (earlierMaybeApplied && req.confirmApplied && outcome.kind === "response" && outcome.status === 409) {
          const confirmed = await this.#recover(req.confirmApplied, errorInit);
          if (confirmed) return confirmed as KibanaResponse<T>;
        }
        throw new KibanaError(errorInit);
      }
      if (kind === "maybe-processed") earlierMaybeApplied = true;

      const retryAfterMs = outcome.kind === "response" ? parseRetryAfter(outcome.headers["retry-after"]) : undefined;
      const delay = nextRetryDelay(this.#policy, attempts, elapsed(), retryAfterMs);

      if (!isResendable(kind, idempotent)) {
        if (!req.recover) {
          throw new KibanaError({
            ...errorInit,
            outcomeUnknown: true,
            note: `It may or may not have been applied; it was not re-sent because ${req.method} is not idempotent`,
          });
        }
        // Wait first: after a 504 or a dropped connection Kibana may still be finishing the request,
        // and looking too early would miss the object and lead to a duplicate.
        if (delay !== undefined) await sleep(delay);
        const recovered = await this.#recover(req.recover, errorInit);
        if (recovered) return recovered as KibanaResponse<T>;
        // The object does not exist, so the request had no effect: re-send at once (we already waited).
        if (delay === undefined || elapsed() >= this.#policy.maxRetryTimeMs) throw new KibanaError(errorInit);
        continue;
      }

      if (delay === undefined) throw new KibanaError(errorInit);
      await sleep(delay);
    }
  }

  /** Closes the connection pool, letting in-flight requests finish. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    forgetSharedTransport(this);
    await this.#pool.close();
  }

  #headers(req: KibanaRequest, contentType: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.#userAgent };
    if (req.method !== "GET") headers["kbn-xsrf"] = "true";
    if (req.apiVersion) headers["elastic-api-version"] = req.apiVersion;
    else if (req.versioned) headers["elastic-api-version"] = KIBANA_API_VERSION;
    if (contentType) headers["content-type"] = contentType;
    if (this.#authorization) headers.authorization = this.#authorization;
    return headers;
  }

  #errorInit(method: HttpMethod, path: string, query: string, outcome: AttemptOutcome, attempts: number): KibanaErrorInit {
    const redact = (text: string) => this.#redactor.redact(text);
    if (outcome.kind === "network-error") {
      const note = UNTRUSTED_CERTIFICATE_CODES.has(outcome.code) ? UNTRUSTED_CERTIFICATE_NOTE : undefined;
      return { method, path, query: redact(query), code: outcome.code, detail: redact(outcome.detail), attempts, note };
    }
    const body = this.#redactor.redactDeep(decodeBody(outcome.body, outcome.headers["content-type"]));
    return {
      method,
      path,
      query: redact(query),
      status: outcome.status,
      kibanaMessage: redact(extractKibanaMessage(body)),
      body,
      attempts,
    };
  }

  async #recover(recover: () => Promise<KibanaResponse | undefined>, failure: KibanaErrorInit): Promise<KibanaResponse | undefined> {
    try {
      return await recover();
    } catch (error) {
      if (error instanceof ForeignObjectError) {
        throw new KibanaError({ ...failure, outcomeUnknown: true, foreignObject: true, note: this.#redactor.redact(error.message) });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new KibanaError({
        ...failure,
        outcomeUnknown: true,
        note: `It may or may not have been applied, and looking it up failed: ${this.#redactor.redact(reason)}`,
      });
    }
  }

  #report(method: HttpMethod, path: string, outcome: AttemptOutcome, attempt: number, durationMs: number): void {
    if (!this.#onAttempt) return;
    const info: AttemptInfo =
      outcome.kind === "response" ? { method, path, status: outcome.status, attempt, durationMs } : { method, path, code: outcome.code, attempt, durationMs };
    try {
      this.#onAttempt(info);
    } catch {
      // A logging hook must not change the outcome of a request.
    }
  }
}

const sharedTransports = new Map<string, KibanaTransport>();
// Per-process key, so the map keys (credential digests) cannot be checked against guessed passwords.
const sharingKeySecret = randomBytes(32);

/**
 * Shared instance per (endpoint, credentials, TLS settings, time limits) — one keep-alive pool per such connection
 * for the whole process. `options` apply when the instance is first created.
 */
export function getTransport(connection: KibanaConnection, options?: TransportOptions): KibanaTransport {
  const { origin, basePath } = parseEndpoint(connection.endpoint);
  const redactor = Redactor.forCredentials(connection);
  const redact = (text: string) => redactor.redact(text);
  const key = createHmac("sha256", sharingKeySecret)
    .update(
      JSON.stringify([
        `${origin}${basePath}`,
        connection.apiKey ?? null,
        connection.username ?? null,
        connection.password ?? null,
        connection.caCert ?? null,
        connection.insecure ?? false,
        ...LIMIT_FIELDS.map((field) => (connection[field] === undefined ? null : resolveLimit(field, connection[field], `connection.${field}`, redact))),
      ]),
    )
    .digest("hex");
  let transport = sharedTransports.get(key);
  if (!transport) {
    transport = new KibanaTransport(connection, options);
    sharedTransports.set(key, transport);
  }
  return transport;
}

/** Closes every transport handed out by {@link getTransport}. */
export async function closeAllTransports(): Promise<void> {
  const transports = [...sharedTransports.values()];
  sharedTransports.clear();
  await Promise.all(transports.map((transport) => transport.close()));
}

function forgetSharedTransport(transport: KibanaTransport): void {
  for (const [key, shared] of sharedTransports) if (shared === transport) sharedTransports.delete(key);
}

const OPTION_FOR_LIMIT: Record<LimitField, "timeoutMs" | "maxRetries" | "maxRetryTimeMs"> = {
  requestTimeout: "timeoutMs",
  maxRetries: "maxRetries",
  retryBudget: "maxRetryTimeMs",
};

/** Each limit from the connection when it sets one, else from the transport options, else the default. */
function effectiveLimits(connection: KibanaConnection, options: TransportOptions, redact: (text: string) => string): ConnectionLimits {
  const limits = { ...LIMIT_DEFAULTS };
  for (const field of LIMIT_FIELDS) {
    const option = OPTION_FOR_LIMIT[field];
    if (connection[field] !== undefined) limits[field] = resolveLimit(field, connection[field], `connection.${field}`, redact);
    else if (field === "requestTimeout") limits[field] = positive(options[option], LIMIT_DEFAULTS[field], option);
    else limits[field] = nonNegative(options[option], LIMIT_DEFAULTS[field], option);
  }
  return limits;
}

function authorizationHeader(connection: KibanaConnection): string | undefined {
  if (connection.apiKey) return `ApiKey ${connection.apiKey}`;
  if (connection.username !== undefined || connection.password !== undefined) {
    if (!connection.username || !connection.password) {
      throw new KibanaConfigError("Kibana basic auth needs both a username and a password.");
    }
    return `Basic ${Buffer.from(`${connection.username}:${connection.password}`, "utf8").toString("base64")}`;
  }
  return undefined;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

let cachedVersion: string | undefined;

function packageVersion(): string {
  if (cachedVersion === undefined) {
    try {
      // Same relative location from src/transport (tests) and dist/transport (build).
      const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: string };
      cachedVersion = manifest.version ?? "0.0.0";
    } catch {
      cachedVersion = "0.0.0";
    }
  }
  return cachedVersion;
}
