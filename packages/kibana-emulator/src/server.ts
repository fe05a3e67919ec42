/**
 * The HTTP server: latency → faults(before) → routing → auth → payload → xsrf → version → contract(request) → handler →
 * contract(response) → faults(after) → send, recording every request. Order follows kibana-behaviour.md §0.5 (auth → xsrf →
 * version/validation → handler); unknown routes are 404 before authentication, as in Hapi.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { authenticate, type AuthenticatedUser, type Credentials, generateApiKey } from "./auth";
import { getContractEngine, type ContractEngine, type OperationMatch } from "./contract";
import { boomBody, boomError, HttpError, NOT_FOUND_BODY, unexpectedError } from "./errors";
import { FAMILIES } from "./families";
import { FaultEngine, firedFault, type FaultDecision } from "./faults";
import { mediaType, parseJsonBody, parseMultipart, parseQuery, readBody, type MultipartPart } from "./http-utils";
import { Persistence } from "./persistence";
import { createRng, type Rng } from "./random";
import { type HandlerResult, type HttpMethod, type RouteContext, type RouteDefinition, Router } from "./router";
import { splitSpace } from "./spaces";
import { registerStatusRoute } from "./status";
import { resolveEmulatorVersion } from "./kibana-version";
import type { KibanaVersion } from "@esac/kibana-client";
import { PREBUILT_STORE } from "./prebuilt-rules/customization";
import type { PrebuiltRulesStore } from "./prebuilt-rules/store";
import { StoreRegistry, type ResourceFamily } from "./stores";
import { EMULATOR_TEST_HOOKS, type EmulatorTestHooks } from "./testing";
import type { ContractViolation, EmulatorOptions, FaultEvent, FaultRule, FiredFault, RecordedRequest, RunningEmulator } from "./types";
import { PUBLIC_API_VERSION, resolveVersion } from "./versioning";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const MAX_VIOLATION_ERRORS = 20;

interface Outgoing {
  status: number;
  body?: unknown;
  raw?: string | Buffer;
  headers: Record<string, string>;
}

interface Pending {
  method: string;
  rawPath: string;
  path: string;
  query: Record<string, string | string[]>;
  spaceId: string;
  started: number;
  socket: Socket;
  fired: FiredFault[];
}

class Emulator {
  readonly stores = new StoreRegistry();
  readonly router = new Router();
  private readonly log: RecordedRequest[] = [];
  private readonly violationLog: ContractViolation[] = [];
  private readonly faults: FaultEngine;
  private readonly rng: Rng;
  private latencyMs: number;
  private jitterMs: number;
  private readonly contract: ContractEngine | undefined;
  private readonly persistence: Persistence | undefined;
  private readonly hooks: EmulatorTestHooks;
  private readonly sockets = new Set<Socket>();
  private lastNow = 0;
  server: Server | undefined;
  readonly version: KibanaVersion;

  constructor(
    readonly opts: EmulatorOptions,
    readonly creds: Credentials,
    families: readonly ResourceFamily[],
  ) {
    this.rng = createRng(opts.seed);
    this.faults = new FaultEngine(this.rng, opts.faults ?? []);
    this.latencyMs = opts.latencyMs ?? 0;
    this.jitterMs = opts.latencyJitterMs ?? 0;
    this.hooks = ((opts as Record<symbol, unknown>)[EMULATOR_TEST_HOOKS] as EmulatorTestHooks | undefined) ?? {};
    for (const f of families) if (f.createStore) this.stores.register(f.name, f.createStore(opts));
    this.version = resolveEmulatorVersion(opts.version);
    registerStatusRoute(this.router, Date.now(), this.version);
    for (const f of families) f.registerRoutes?.(this.router, this.version);
    this.contract = opts.contract ? getContractEngine() : undefined;
    // Created at start so that a bad path fails here, not on the first fault.
    if (opts.faultEventsFile) appendFileSync(opts.faultEventsFile, "");
    if (opts.dataFile) {
      this.persistence = new Persistence(opts.dataFile, this.stores);
      this.persistence.load();
    }
  }

  // ---- public surface -------------------------------------------------------------------------------------

  requests(): RecordedRequest[] {
    return this.log.map((r) => {
      const copy: RecordedRequest = { ...r, query: { ...r.query } };
      if (r.faults) copy.faults = r.faults.map((f) => ({ ...f }));
      return copy;
    });
  }
  clearRequests(): void {
    this.log.length = 0;
  }
  violations(): ContractViolation[] {
    return this.violationLog.map((v) => ({ ...v, errors: [...v.errors] }));
  }
  reset(): void {
    this.stores.reset();
    this.persistence?.schedule();
  }
  setPrebuiltPackage(version: string): void {
    this.stores.get<PrebuiltRulesStore>(PREBUILT_STORE).setPackage(version);
    this.persistence?.schedule();
  }
  setFaults(rules: FaultRule[]): void {
    this.faults.set(rules);
  }
  setLatency(ms: number, jitterMs = 0): void {
    this.latencyMs = ms;
    this.jitterMs = jitterMs;
  }
  trackSocket(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
  }
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of this.sockets) s.destroy();
      });
    }
    this.persistence?.flush();
  }

  // ---- request pipeline -----------------------------------------------------------------------------------

  /** Strictly increasing ISO timestamps, so consecutive updates always differ. */
  now(): string {
    const t = Math.max(Date.now(), this.lastNow + 1);
    this.lastNow = t;
    return new Date(t).toISOString();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const rawPath = url.pathname;
    const { spaceId, path } = splitSpace(rawPath);
    const method = (req.method ?? "GET").toUpperCase();
    const pending: Pending = { method, rawPath, path, query: parseQuery(url.searchParams), spaceId, started, socket: req.socket, fired: [] };

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (e) {
      const err = e instanceof HttpError ? e : boomError(400);
      return this.send(res, pending, { status: err.status, body: err.body, headers: {} });
    }

    const delay = this.latencyMs + (this.jitterMs > 0 ? this.rng() * this.jitterMs : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    const before = this.faults.decide(method, [rawPath, path], "before");
    if (before) {
      await this.fire(before, pending);
      if (before.outcome.kind === "reset") return this.resetConnection(pending);
      if (before.outcome.kind === "status") return this.send(res, pending, before.outcome);
    }

    let result = await this.process(req, pending, raw);

    const after = this.faults.decide(method, [rawPath, path], "after");
    if (after) {
      // The emulator itself may be killed from the hook: what the handler applied must already be on disk.
      this.persistence?.flush();
      await this.fire(after, pending, result.status);
      if (after.outcome.kind === "reset") return this.resetConnection(pending);
      if (after.outcome.kind === "status") result = after.outcome;
    }
    return this.send(res, pending, result);
  }

  /** Records the fault, tells the events file and the hook, then waits its delay. */
  private async fire(decision: FaultDecision, pending: Pending, appliedStatus?: number): Promise<void> {
    pending.fired.push(firedFault(decision, appliedStatus));
    const event: FaultEvent = {
      rule: decision.index,
      phase: decision.phase,
      method: pending.method,
      path: pending.rawPath,
      spaceId: pending.spaceId,
      at: new Date().toISOString(),
    };
    if (appliedStatus !== undefined) event.status = appliedStatus;
    if (this.opts.faultEventsFile) appendFileSync(this.opts.faultEventsFile, `${JSON.stringify(event)}\n`);
    if (decision.rule.hook) {
      try {
        await decision.rule.hook(event);
      } catch (e) {
        process.emitWarning(`kibana-emulator: the hook of fault rule ${decision.index} failed: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
  }

  private resetConnection(pending: Pending): void {
    this.record(pending, 0);
    pending.socket.destroy();
  }

  /** Routing, auth, payload, xsrf, version, contract and the handler: Kibana's own answer. */
  private async process(req: IncomingMessage, pending: Pending, raw: Buffer): Promise<Outgoing> {
    const { method, path, rawPath, spaceId } = pending;
    const match = this.router.match(method, path);
    if (!match) return { status: 404, body: NOT_FOUND_BODY, headers: {} };
    const { route } = match;

    const auth = authenticate(req.headers, this.creds);
    let user: AuthenticatedUser | null = null;
    if (auth.ok) user = auth.user;
    else if (route.auth !== "optional") {
      return { status: 401, body: auth.body, headers: { "www-authenticate": 'Basic realm="kibana"' } };
    }

    const contractMatch = this.contract?.findOperation(method, path);
    const versionHeaders: Record<string, string> = { "elastic-api-version": PUBLIC_API_VERSION };
    let result: Outgoing;
    try {
      let body: unknown;
      let parts: MultipartPart[] | undefined;
      const type = mediaType(req.headers["content-type"]);
      if (route.multipart && type === "multipart/form-data") parts = parseMultipart(raw, req.headers["content-type"]);
      else if (route.multipart && raw.length > 0) throw boomError(415, "Unsupported Media Type");
      else body = parseJsonBody(raw, req.headers["content-type"]);

      if (!SAFE_METHODS.has(method) && route.xsrf !== false && req.headers["kbn-xsrf"] === undefined && req.headers["kbn-version"] === undefined) {
        throw boomError(400, "Request must contain a kbn-xsrf header.");
      }
      if (route.versioned) resolveVersion(method, route.path, req.headers, pending.query);

      if (this.contract && contractMatch) {
        const errors = this.contract.validateRequest(contractMatch, {
          query: pending.query,
          pathParams: contractMatch.pathParams,
          body,
          mediaType: raw.length ? type : "",
        });
        if (errors.length) return this.violation(pending, "request", undefined, errors, versionHeaders);
      }

      const ctx: RouteContext = {
        method: method as HttpMethod,
        path,
        rawPath,
        params: match.params,
        query: pending.query,
        headers: req.headers,
        body,
        parts,
        rawBody: raw,
        spaceId,
        user,
        username: user?.username ?? "elastic",
        stores: this.stores,
        version: this.version,
        now: () => this.now(),
        uuid: () => randomUUID(),
        route,
      };
      let out: HandlerResult = await route.handler(ctx);
      if (this.hooks.transformResponse) out = this.hooks.transformResponse({ method, path, route }, out);
      result = { status: out.status ?? 200, body: out.body, raw: out.raw, headers: { ...versionHeaders, ...(out.headers ?? {}) } };
      if (result.status < 400 && (route.mutates ?? !SAFE_METHODS.has(method))) this.persistence?.schedule();
    } catch (e) {
      const err = unexpectedError(route.family, e);
      result = { status: err.status, body: err.body, headers: { ...versionHeaders, ...err.headers } };
    }

    if (this.contract && contractMatch && result.raw === undefined) {
      result = this.checkResponse(pending, contractMatch, result, versionHeaders);
    }
    return result;
  }

  private checkResponse(pending: Pending, match: OperationMatch, result: Outgoing, versionHeaders: Record<string, string>): Outgoing {
    const type = mediaType(result.headers["content-type"] ?? "application/json");
    const errors = this.contract!.validateResponse(match, result.status, type, result.body);
    if (!errors?.length) return result;
    return this.violation(pending, "response", result.status, errors, versionHeaders);
  }

  private violation(
    pending: Pending,
    direction: "request" | "response",
    status: number | undefined,
    errors: string[],
    headers: Record<string, string>,
  ): Outgoing {
    const v: ContractViolation = { method: pending.method, path: pending.rawPath, direction, errors: errors.slice(0, MAX_VIOLATION_ERRORS) };
    if (status !== undefined) v.status = status;
    this.violationLog.push(v);
    const message = `Contract violation ${direction} ${pending.method} ${pending.rawPath}: ${errors.slice(0, 3).join("; ")}`;
    return { status: 500, body: boomBody(500, message), headers };
  }

  private record(p: Pending, status: number): void {
    const entry: RecordedRequest = {
      method: p.method,
      path: p.rawPath,
      query: p.query,
      status,
      spaceId: p.spaceId,
      durationMs: Math.round((performance.now() - p.started) * 1000) / 1000,
    };
    if (p.fired.length) {
      if (p.socket.destroyed) p.fired[p.fired.length - 1]!.clientClosed = true;
      entry.faulted = true;
      entry.faults = p.fired;
    }
    this.log.push(entry);
  }

  private send(res: ServerResponse, p: Pending, out: Outgoing): void {
    const headers: Record<string, string> = {
      "kbn-name": "kibana",
      "cache-control": "private, no-cache, no-store, must-revalidate",
      ...out.headers,
    };
    let payload: string | Buffer = "";
    if (out.raw !== undefined) {
      payload = out.raw;
      headers["content-type"] ??= "application/octet-stream";
    } else if (out.body !== undefined) {
      payload = JSON.stringify(out.body);
      headers["content-type"] ??= "application/json; charset=utf-8";
    }
    headers["content-length"] = String(Buffer.byteLength(payload));
    this.record(p, out.status);
    res.writeHead(out.status, headers);
    res.end(p.method === "HEAD" ? undefined : payload);
  }
}

function formatUrl(host: string, port: number): string {
  return host.includes(":") ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const creds: Credentials = {
    apiKey: opts.apiKey ?? generateApiKey((n) => randomBytes(n)),
    username: opts.username ?? "elastic",
    password: opts.password ?? "changeme",
  };
  const emu = new Emulator(opts, creds, FAMILIES);
  const server = createServer((req, res) => {
    emu.handle(req, res).catch((e: unknown) => {
      // Last resort: never leave a request hanging.
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(boomBody(500)));
      }
      process.emitWarning(`kibana-emulator: unhandled error: ${(e as Error)?.stack ?? String(e)}`);
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (s) => emu.trackSocket(s));
  emu.server = server;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: formatUrl(host, port),
    apiKey: creds.apiKey,
    username: creds.username,
    password: creds.password,
    requests: () => emu.requests(),
    clearRequests: () => emu.clearRequests(),
    reset: () => emu.reset(),
    setFaults: (rules) => emu.setFaults(rules),
    setLatency: (ms, jitterMs) => emu.setLatency(ms, jitterMs),
    violations: () => emu.violations(),
    setPrebuiltPackage: (version) => emu.setPrebuiltPackage(version),
    stop: () => emu.stop(),
  };
}

/** Starts an emulator, runs `fn`, always stops it. */
export async function withEmulator<T>(opts: EmulatorOptions, fn: (emulator: RunningEmulator) => Promise<T> | T): Promise<T> {
  const emulator = await startEmulator(opts);
  try {
    return await fn(emulator);
  } finally {
    await emulator.stop();
  }
}

export type { RouteDefinition };
