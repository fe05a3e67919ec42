/** Public types of the emulator's programmatic API. */
import type { ConnectorsEmulatorOptions } from "./connectors/options";
import type { EntityStoreEmulatorOptions } from "./entity-store/options";
import type { FleetEmulatorOptions } from "./fleet-server-hosts/options";
import type { PrebuiltRulesEmulatorOptions } from "./prebuilt-rules/store";

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** Accepted `Authorization: ApiKey <apiKey>`; default: a random key. */
  apiKey?: string;
  /** Accepted basic-auth user; default "elastic". */
  username?: string;
  /** Accepted basic-auth password; default "changeme". */
  password?: string;
  /** Fixed latency injected into every request, in ms. */
  latencyMs?: number;
  /** Extra uniform random latency in [0, latencyJitterMs) ms. */
  latencyJitterMs?: number;
  /** JSON persistence: loaded at start, saved (debounced) after each write and at stop. */
  dataFile?: string;
  /**
   * Validate every request and response against the official Kibana OpenAPI bundles: the committed snapshot, or the
   * full bundle files in `$ESAC_KIBANA_OPENAPI_DIR` when that is set.
   */
  contract?: boolean;
  /** Injected failures. */
  faults?: FaultRule[];
  /**
   * Appends one JSON line (a `FaultEvent`) per fired fault, synchronously, before its hook, delay and answer: lets
   * another process see the moment (e.g. to kill a client while an after-processing `delayMs` holds the answer).
   */
  faultEventsFile?: string;
  /**
   * The Kibana release to behave as (`"8.19"`, `"8.19.17"`, `"9.4.2"`…), from 8.19.0 to the newest 9.x esac knows;
   * default the newest. `/api/status` reports it, and every version-dependent behaviour follows it (routes served,
   * validation wording, …; see `KIBANA_FEATURES` in `@esac/kibana-client`).
   */
  version?: string;
  /** Seed for the pseudo-random generator used by faults (rate) and latency jitter. */
  seed?: number;
  /** Connectors family: preconfigured connectors (kibana.yml `xpack.actions.preconfigured`). */
  connectors?: ConnectorsEmulatorOptions;
  /** Fleet family: preconfigured Fleet Server hosts, secret storage on/off. */
  fleet?: FleetEmulatorOptions;
  /** Entity store family: install duration, injected init failures. */
  entityStore?: EntityStoreEmulatorOptions;
  /** Prebuilt rules family: the rule package version served at start (`"8.19.1"` default, `"8.19.2"`). */
  prebuiltRules?: PrebuiltRulesEmulatorOptions;
}

/** When a fault acts: before Kibana processes the request (nothing applied) or after (the handler has applied it). */
export type FaultPhase = "before" | "after";

export interface FaultRule {
  /** HTTP method to match (case-insensitive); any when omitted. */
  method?: string;
  /**
   * Path to match: a string matches exactly (or as a prefix when it ends with `*`), a RegExp is tested.
   * Both forms are tried against the path as received and with the `/s/{space}` prefix stripped.
   */
  path?: string | RegExp;
  /** Probability of firing, 0..1; default 1. */
  rate?: number;
  /** Fire at most this many times, then stop. */
  times?: number;
  /**
   * `"before"` (default): the fault acts before routing and authentication; the handler never runs.
   * `"after"`: the handler runs first (the write is applied and flushed to `dataFile`), then the fault acts on the
   * answer — every request that got an answer from Kibana matches, whatever its status.
   */
  phase?: FaultPhase;
  /** Answer with this status instead of Kibana's answer; default 503 when the rule neither delays nor hooks. */
  status?: 429 | 500 | 502 | 503 | 504;
  /** Adds a `Retry-After` header (with `status`). */
  retryAfterSeconds?: number;
  /** Destroy the socket instead of answering (after processing: the write is applied, the client sees no answer). */
  reset?: boolean;
  /** Wait this long (ms): before processing, the handler runs late; after processing, the answer is held. */
  delayMs?: number;
  /**
   * Called when the rule fires, before the delay and the answer (after processing: the write is applied and the
   * client has no answer yet). The answer waits for a returned promise. A throwing hook is reported as a process
   * warning and the fault goes on.
   */
  hook?: (event: FaultEvent) => void | Promise<void>;
}

/** What a fault hook receives, and what `faultEventsFile` records (one JSON line each). */
export interface FaultEvent {
  /** Index of the rule in the list given to `faults` / `setFaults`. */
  rule: number;
  phase: FaultPhase;
  method: string;
  /** As received, including any `/s/{space}` prefix. */
  path: string;
  spaceId: string;
  /** After processing: the status of Kibana's own answer (a write with a status below 400 was applied). */
  status?: number;
  /** ISO time the fault fired. */
  at: string;
}

/** A fault that fired on a recorded request. */
export interface FiredFault {
  rule: number;
  phase: FaultPhase;
  /** `status`: an injected error answer; `reset`: no answer; `pass`: Kibana's own answer (possibly late). */
  outcome: "status" | "reset" | "pass";
  delayMs?: number;
  /** The rule had a hook, called for this request. */
  hook?: true;
  /** After processing: the status of Kibana's own answer, which the client got only when `outcome` is `pass`. */
  appliedStatus?: number;
  /** The client had closed the connection before the answer could be sent (e.g. its timeout fired during the delay). */
  clientClosed?: true;
}

export interface RecordedRequest {
  method: string;
  /** As received, including any `/s/{space}` prefix, without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Status sent (the injected one when a fault replaced the answer); 0 when the connection was reset. */
  status: number;
  spaceId: string;
  durationMs: number;
  /** A fault rule fired on this request. */
  faulted?: boolean;
  /** Which rules fired, and when: at most one per phase. */
  faults?: FiredFault[];
}

export interface ContractViolation {
  method: string;
  path: string;
  direction: "request" | "response";
  status?: number;
  errors: string[];
}

export interface RunningEmulator {
  url: string;
  apiKey: string;
  username: string;
  password: string;
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Wipe all data (faults and latency are kept). */
  reset(): void;
  setFaults(rules: FaultRule[]): void;
  setLatency(ms: number, jitterMs?: number): void;
  violations(): ContractViolation[];
  /** "Publishes" another prebuilt rule package on the running emulator (as Fleet installing a newer one). */
  setPrebuiltPackage(version: string): void;
  stop(): Promise<void>;
}
