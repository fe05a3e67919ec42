import type { EntityType } from "@esac/kibana-client";

/** An init that fails in the background: the engine goes `installing` → `error` with this message. */
export interface EngineInitFailure {
  /** Engine type it applies to; any when omitted. */
  entityType?: EntityType;
  message: string;
  /** Fire at most this many times (per emulator); unlimited when omitted. */
  times?: number;
}

export interface EntityStoreEmulatorOptions {
  /** How long an engine stays `installing` after init before it is `started` (or `error`), in ms. Default 20. */
  installDurationMs?: number;
  initFailures?: EngineInitFailure[];
}
