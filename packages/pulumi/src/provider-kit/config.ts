import {
  resolveConnection,
  getTransport,
  type ConnectionConfigSource,
  type KibanaConnection,
  type KibanaTransport,
} from "@esac/kibana-client";

/**
 * Stack configuration handed to the dynamic providers' `configure` by the engine (the whole stack config,
 * namespaced keys such as `kibana:endpoint`). Kept in this module, never in the serialized provider.
 */
let stackConfig: ConnectionConfigSource | undefined;

export function setStackConfig(config: ConnectionConfigSource | undefined): void {
  stackConfig = config;
}

/** A resource's `connection` arg > stack config (`kibana:*`) > environment (`KIBANA_*`). */
export function transportFor(connection?: Partial<KibanaConnection>): KibanaTransport {
  const resolved = resolveConnection({ explicit: connection, config: stackConfig, env: process.env });
  return getTransport(resolved);
}
