import type { Dispatcher } from "undici";

/** One HTTP exchange, fully prepared. */
export interface AttemptRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path relative to the dispatcher's origin, including base path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Deadline for the whole exchange: waiting for a connection, headers and body. */
  timeoutMs: number;
}

export type AttemptOutcome =
  | { kind: "response"; status: number; headers: Record<string, string>; body: Buffer }
  | {
      kind: "network-error";
      /** Normalised code: see {@link normaliseErrorCode}. */
      code: string;
      detail: string;
      /** Whether undici had begun writing the request to an established socket. */
      requestStarted: boolean;
    };

/**
 * Sends one request and collects the whole response. Never rejects: network failures are returned as
 * outcomes, together with whether the request had started — the one fact that decides whether a
 * non-idempotent request may be re-sent.
 */
export function sendAttempt(dispatcher: Dispatcher, request: AttemptRequest): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let requestStarted = false;
    let controller: Dispatcher.DispatchController | undefined;
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];

    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };

    const timer = setTimeout(() => {
      const detail = requestStarted ? `no complete response within ${request.timeoutMs} ms` : `no connection available within ${request.timeoutMs} ms`;
      const outcome: AttemptOutcome = {
        kind: "network-error",
        code: requestStarted ? "ETIMEDOUT" : "UND_ERR_CONNECT_TIMEOUT",
        detail,
        requestStarted,
      };
      settle(outcome);
      controller?.abort(Object.assign(new Error(detail), { code: outcome.code }));
    }, request.timeoutMs);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(ctrl) {
        // Timed out while queued or connecting: abort before a single byte is written.
        if (settled) {
          ctrl.abort(new Error("request timed out before it was sent"));
          return;
        }
        requestStarted = true;
        controller = ctrl;
      },
      onResponseStart(_ctrl, statusCode, responseHeaders) {
        status = statusCode;
        headers = flattenHeaders(responseHeaders);
      },
      onResponseData(_ctrl, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        clearTimeout(timer);
        settle({ kind: "response", status, headers, body: Buffer.concat(chunks) });
      },
      onResponseError(_ctrl, error) {
        settle(networkError(error, requestStarted));
      },
    };

    try {
      dispatcher.dispatch(
        {
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          // Our own timer covers the whole exchange; undici's per-phase timers would only race it.
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        handler,
      );
    } catch (error) {
      settle(networkError(error, false));
    }
  });
}

/**
 * undici reports a peer closing the socket as UND_ERR_SOCKET and its own timeouts with undici codes;
 * callers see the familiar ECONNRESET / ETIMEDOUT instead.
 */
export function normaliseErrorCode(code: string | undefined): string {
  switch (code) {
    case undefined:
      return "ERR_UNKNOWN";
    case "UND_ERR_SOCKET":
      return "ECONNRESET";
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "ETIMEDOUT";
    default:
      return code;
  }
}

function networkError(error: unknown, requestStarted: boolean): AttemptOutcome {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return {
    kind: "network-error",
    code: normaliseErrorCode(typeof code === "string" ? code : undefined),
    detail: typeof message === "string" ? message : String(error),
    requestStarted,
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
