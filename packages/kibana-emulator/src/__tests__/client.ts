/** Test helper: a tiny real-HTTP client (global fetch) for the emulator. */
import { startEmulator } from "../server";
import type { EmulatorOptions, RunningEmulator } from "../types";

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** "apikey" (default), "basic", "none", or a literal Authorization header value. */
  auth?: "apikey" | "basic" | "none" | { header: string };
  /** Send kbn-xsrf on non-GET (default true). */
  xsrf?: boolean;
  headers?: Record<string, string>;
  /** Raw body (e.g. multipart), sent as is. */
  raw?: string | Buffer;
}

/** A client of `emulator`, or of whichever emulator the function returns when a call is made. */
export function client(emulator: RunningEmulator | (() => RunningEmulator)) {
  const current = typeof emulator === "function" ? emulator : () => emulator;
  async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<Res<T>> {
    const emu = current();
    const headers: Record<string, string> = {};
    const auth = opts.auth ?? "apikey";
    if (auth === "apikey") headers.authorization = `ApiKey ${emu.apiKey}`;
    else if (auth === "basic") headers.authorization = `Basic ${Buffer.from(`${emu.username}:${emu.password}`).toString("base64")}`;
    else if (auth !== "none") headers.authorization = auth.header;
    if (method !== "GET" && opts.xsrf !== false) headers["kbn-xsrf"] = "true";
    let body: string | Buffer | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    Object.assign(headers, opts.headers ?? {});
    const res = await fetch(emu.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
  return {
    call,
    get: <T = any>(path: string, opts?: CallOptions) => call<T>("GET", path, opts),
    post: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>("POST", path, { ...opts, body }),
    put: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>("PUT", path, { ...opts, body }),
    patch: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>("PATCH", path, { ...opts, body }),
    del: <T = any>(path: string, opts?: CallOptions) => call<T>("DELETE", path, opts),
  };
}

export type Client = ReturnType<typeof client>;

/**
 * One emulator for the tests of the enclosing block (started before them, stopped after, reset before each test),
 * and a client for it.
 */
export function useEmulator(options: EmulatorOptions = {}): { readonly emu: RunningEmulator; readonly c: Client } {
  let started: RunningEmulator | undefined;
  beforeAll(async () => {
    started = await startEmulator({ port: 0, ...options });
  });
  afterAll(() => started?.stop());
  beforeEach(() => started?.reset());
  const emu = () => {
    if (!started) throw new Error("the emulator is used before beforeAll started it");
    return started;
  };
  return {
    get emu() {
      return emu();
    },
    c: client(emu),
  };
}

export const RULES = "/api/detection_engine/rules";

/** Minimal valid create bodies, one per rule type. */
export const RULE_BODIES = {
  query: { type: "query", name: "Query rule", description: "d", risk_score: 21, severity: "low", query: "host.name:*", index: ["logs-*"] },
  saved_query: { type: "saved_query", name: "Saved query rule", description: "d", risk_score: 21, severity: "low", saved_id: "my-saved-query" },
  eql: {
    type: "eql",
    name: "EQL rule",
    description: "d",
    risk_score: 47,
    severity: "medium",
    language: "eql",
    query: 'process where process.name == "cmd.exe"',
  },
  esql: { type: "esql", name: "ESQL rule", description: "d", risk_score: 73, severity: "high", language: "esql", query: "FROM logs-* | LIMIT 10" },
  threshold: {
    type: "threshold",
    name: "Threshold rule",
    description: "d",
    risk_score: 99,
    severity: "critical",
    query: "event.outcome:failure",
    threshold: { field: "source.ip", value: 20 },
  },
  threat_match: {
    type: "threat_match",
    name: "Indicator match rule",
    description: "d",
    risk_score: 21,
    severity: "low",
    query: "destination.ip:*",
    threat_query: "threat.indicator.ip:*",
    threat_index: ["logs-ti_*"],
    threat_mapping: [{ entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip" }] }],
  },
  machine_learning: {
    type: "machine_learning",
    name: "ML rule",
    description: "d",
    risk_score: 21,
    severity: "low",
    anomaly_threshold: 70,
    machine_learning_job_id: "linux_anomalous_network_activity",
  },
  new_terms: {
    type: "new_terms",
    name: "New terms rule",
    description: "d",
    risk_score: 21,
    severity: "low",
    query: "*",
    new_terms_fields: ["user.name"],
    history_window_start: "now-7d",
  },
} as const;

/** Builds a multipart/form-data body with one file field. */
export function multipartFile(field: string, filename: string, content: string): { raw: Buffer; headers: Record<string, string> } {
  const boundary = `----esac${Math.random().toString(16).slice(2)}`;
  const raw = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/ndjson\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { raw, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
