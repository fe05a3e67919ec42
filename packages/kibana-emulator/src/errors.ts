/**
 * Kibana's error bodies (kibana-behaviour.md §0.3):
 *  A. Boom  `{"statusCode":404,"error":"Not Found","message":"…"[,"attributes":{…}]}` — core, validation, xsrf,
 *     versioning, auth, connectors, Fleet, spaces, bulk-action failures.
 *  B. SIEM  `{"message":…,"status_code":409}` — handler errors of detection engine, lists, exceptions, entity store.
 *     `message` may be a string, a string[] or an object.
 */

export type ErrorFamily = "siem" | "boom";

/** Hapi/Boom reason phrases. */
export const HTTP_REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** `buildSiemResponse` default texts when the handler gives no message. */
export const SIEM_DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  500: "Internal Error",
};

export function reasonPhrase(status: number): string {
  return HTTP_REASONS[status] ?? "Unknown";
}

export interface BoomBody {
  statusCode: number;
  error: string;
  message: string;
  attributes?: unknown;
}

export interface SiemBody {
  message: unknown;
  status_code: number;
}

export function boomBody(status: number, message?: string, attributes?: unknown): BoomBody {
  // Boom hides the text of 500s it did not create on purpose; callers that want a text pass it explicitly.
  const body: BoomBody = {
    statusCode: status,
    error: reasonPhrase(status),
    message: message ?? (status === 500 ? "An internal server error occurred" : reasonPhrase(status)),
  };
  if (attributes !== undefined) body.attributes = attributes;
  return body;
}

export function siemBody(status: number, message?: unknown): SiemBody {
  const empty = message === undefined || message === null || message === "";
  return { message: empty ? (SIEM_DEFAULT_MESSAGES[status] ?? "(unknown error)") : message, status_code: status };
}

/** An HTTP error response; thrown by handlers and middleware, turned into a response by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof (body as { message?: unknown })?.message === "string" ? (body as { message: string }).message : `HTTP ${status}`);
    this.name = "HttpError";
  }
}

export function boomError(status: number, message?: string, attributes?: unknown): HttpError {
  return new HttpError(status, boomBody(status, message, attributes));
}

export function siemError(status: number, message?: unknown): HttpError {
  return new HttpError(status, siemBody(status, message));
}

/** An error in the shape of the route's family. */
export function familyError(family: ErrorFamily, status: number, message?: string): HttpError {
  return family === "siem" ? siemError(status, message) : boomError(status, message);
}

/** Unknown route (any method). */
export const NOT_FOUND_BODY: BoomBody = { statusCode: 404, error: "Not Found", message: "Not Found" };

/**
 * What a handler's unexpected exception becomes: SIEM `transformError` turns a plain Error into a 500 carrying its
 * message; Boom (core) hides it.
 */
export function unexpectedError(family: ErrorFamily, err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return family === "siem" ? siemError(500, message) : boomError(500);
}
