import { STATUS_CODES } from "node:http";

/** Thrown when the connection settings (or a request's space id) are missing or invalid. Never contains credential values. */
export class KibanaConfigError extends Error {}
Object.defineProperty(KibanaConfigError.prototype, "name", { value: "KibanaConfigError" });

/** Everything a {@link KibanaError} is built from. All strings must already be redacted. */
export interface KibanaErrorInit {
  /** HTTP status; undefined for network errors. */
  status?: number;
  method: string;
  /** API path including the space prefix, without the query string. */
  path: string;
  /** Query string ("?a=b") shown in the message only. */
  query?: string;
  /** Kibana's own message, flattened to one string ("" for network errors). */
  kibanaMessage?: string;
  body?: unknown;
  /** Network error code, e.g. "ECONNRESET", "ETIMEDOUT". */
  code?: string;
  /** Low-level description of a network error, shown in the message. */
  detail?: string;
  attempts: number;
  /** True when the request may have been applied although it failed (non-idempotent request, ambiguous failure). */
  outcomeUnknown?: boolean;
  /** Extra sentence appended to the message. */
  note?: string;
  /** True when an ambiguous create found an object under its key that it cannot prove it created. */
  foreignObject?: boolean;
}

const KIBANA_ERROR_BRAND = Symbol.for("esac.kibana-client.KibanaError");

/** A failed Kibana API call: an HTTP error status, or a network error (`status` undefined, `code` set). */
export class KibanaError extends Error {
  /** HTTP status; undefined for network errors. */
  readonly status?: number;
  readonly method: string;
  /** API path including the space prefix (no query string). */
  readonly path: string;
  /** Kibana's own message, flattened to one string. */
  readonly kibanaMessage: string;
  /** Parsed error body (credentials scrubbed). */
  readonly body?: unknown;
  /** Network error code: a Node errno such as "ECONNRESET"/"ECONNREFUSED", "ETIMEDOUT" for a response timeout, "UND_ERR_CONNECT_TIMEOUT" when no connection was established in time. */
  readonly code?: string;
  /** How many times the request was sent. */
  readonly attempts: number;
  /** True when a non-idempotent request failed in a way that leaves it unknown whether Kibana applied it. */
  readonly outcomeUnknown: boolean;
  /** True when an ambiguous create found an object under its key that it cannot prove it created (see {@link ForeignObjectError}). */
  readonly foreignObject: boolean;

  constructor(init: KibanaErrorInit) {
    super(formatKibanaErrorMessage(init));
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.kibanaMessage = init.kibanaMessage ?? "";
    this.body = init.body;
    this.code = init.code;
    this.attempts = init.attempts;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.foreignObject = init.foreignObject ?? false;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      kibanaMessage: this.kibanaMessage,
      body: this.body,
      code: this.code,
      attempts: this.attempts,
      outcomeUnknown: this.outcomeUnknown,
      foreignObject: this.foreignObject,
    };
  }
}
Object.defineProperty(KibanaError.prototype, "name", { value: "KibanaError" });
// Brand on the prototype so `isKibanaError` works across duplicate copies of this package.
Object.defineProperty(KibanaError.prototype, KIBANA_ERROR_BRAND, { value: true });

/**
 * Thrown by a `recover` callback that found an object under the create's key but cannot prove this create made it
 * (a colleague's object with the same key): the transport turns it into a {@link KibanaError} with `outcomeUnknown`
 * and `foreignObject`, so the caller neither takes that object nor re-sends the create.
 */
export class ForeignObjectError extends Error {}
Object.defineProperty(ForeignObjectError.prototype, "name", { value: "ForeignObjectError" });

export function isKibanaError(e: unknown): e is KibanaError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[KIBANA_ERROR_BRAND] === true;
}

/** True for a Kibana 404. */
export function isNotFound(e: unknown): boolean {
  return isKibanaError(e) && e.status === 404;
}

/** True for a Kibana 409 (e.g. "rule_id already exists"). */
export function isConflict(e: unknown): boolean {
  return isKibanaError(e) && e.status === 409;
}

/** Longer query strings (a filter naming a thousand rules) are cut in messages, saying how much was left out. */
const MAX_QUERY_IN_MESSAGE = 300;

function shortQuery(query: string): string {
  if (query.length <= MAX_QUERY_IN_MESSAGE) return query;
  return `${query.slice(0, MAX_QUERY_IN_MESSAGE)}… (${query.length - MAX_QUERY_IN_MESSAGE} more characters)`;
}

function formatKibanaErrorMessage(init: KibanaErrorInit): string {
  const target = `Kibana ${init.method} ${init.path}${shortQuery(init.query ?? "")}`;
  let message: string;
  if (init.status !== undefined) {
    const reason = STATUS_CODES[init.status] ?? "Error";
    message = `${target} → ${init.status} ${reason}${init.kibanaMessage ? `: ${init.kibanaMessage}` : ""}`;
  } else {
    message = `${target} failed: ${init.code ?? "network error"}${init.detail ? ` (${init.detail})` : ""}`;
  }
  if (init.attempts > 1) message += ` [after ${init.attempts} attempts]`;
  if (init.note) message += `. ${init.note}`;
  return message;
}

const MAX_TEXT_SNIPPET = 200;

/**
 * Flattens Kibana's error body to one string. Handles the three shapes Kibana answers with:
 * Boom / route validation `{statusCode, error, message}`, the security solution's
 * `{message: string | string[] | object, status_code}`, and non-JSON text (an HTML page from a proxy).
 */
export function extractKibanaMessage(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return textSnippet(body);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a JSON scalar (number or boolean)
  if (typeof body !== "object") return String(body);
  const record = body as Record<string, unknown>;
  const message = flattenMessage(record.message);
  if (message) return message;
  if (typeof record.error === "string") return record.error;
  const nested = flattenMessage(record.error);
  if (nested) return nested;
  return truncate(JSON.stringify(body));
}

function flattenMessage(message: unknown): string {
  if (message === undefined || message === null) return "";
  if (typeof message === "string") return message;
  if (Array.isArray(message)) return message.map(flattenMessage).filter(Boolean).join("; ");
  if (typeof message === "object") {
    const record = message as Record<string, unknown>;
    const error = record.error;
    if (error && typeof error === "object" && typeof (error as Record<string, unknown>).message === "string") {
      return (error as Record<string, string>).message;
    }
    if (typeof record.message === "string") return record.message;
    return truncate(JSON.stringify(message));
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a JSON scalar (number or boolean)
  return String(message);
}

function textSnippet(text: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const visible = (title ?? text)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return truncate(visible);
}

function truncate(text: string): string {
  return text.length > MAX_TEXT_SNIPPET ? `${text.slice(0, MAX_TEXT_SNIPPET)}…` : text;
}
