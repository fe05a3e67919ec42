/** Public types of the emulator's programmatic API. */
import type { ConnectorsEmulatorOptions } from "./connectors/options";
import type { EntityStoreEmulatorOptions } from "./entity-store/options";
import type { FleetEmulatorOptions } from "./fleet-server-hosts/options";

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
  /** Seed for the pseudo-random generator used by faults (rate) and latency jitter. */
  seed?: number;
  /** Connectors family: preconfigured connectors (kibana.yml `xpack.actions.preconfigured`). */
  connectors?: ConnectorsEmulatorOptions;
  /** Fleet family: preconfigured Fleet Server hosts, secret storage on/off. */
  fleet?: FleetEmulatorOptions;
  /** Entity store family: install duration, injected init failures. */
  entityStore?: EntityStoreEmulatorOptions;
}

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
  /** Status to answer with; default 503 (ignored when `reset`). */
  status?: 429 | 500 | 502 | 503 | 504;
  /** Adds a `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Fire at most this many times, then stop. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** As received, including any `/s/{space}` prefix, without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Response status; 0 when the connection was reset by a fault. */
  status: number;
  spaceId: string;
  durationMs: number;
  faulted?: boolean;
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
  stop(): Promise<void>;
}
