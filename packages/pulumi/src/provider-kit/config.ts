import {
  resolveConnection,
  getTransport,
  KibanaConfigError,
  type ConnectionConfigSource,
  type KibanaConnection,
  type KibanaTransport,
} from "@esac/kibana-client";
import { connectionHelp, missingConnectionParts } from "./connection-sources";

/**
 * Stack configuration handed to the dynamic providers' `configure` by the engine (the whole stack config,
 * namespaced keys such as `kibana:endpoint`). Kept in this module, never in the serialized provider.
 */
let stackConfig: ConnectionConfigSource | undefined;

export function setStackConfig(config: ConnectionConfigSource | undefined): void {
  stackConfig = config;
}

/** One stack config value (`kibana:version`…), undefined when unset or blank. */
export function stackConfigValue(key: string): string | undefined {
  const value = stackConfig?.get(key);
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * A resource's `connection` arg > stack config (`kibana:*`) > environment (`KIBANA_*`). Used by create, read,
 * update and delete only: without an endpoint or credentials they fail here, naming the three places to set them
 * (preview only warns, see unconfigured-warning.ts).
 */
export function transportFor(connection?: Partial<KibanaConnection>): KibanaTransport {
  const missing = missingConnectionParts({ connection, config: stackConfig, env: process.env });
  if (missing.length) throw new KibanaConfigError(connectionHelp(missing));
  const resolved = resolveConnection({ explicit: connection, config: stackConfig, env: process.env });
  return getTransport(resolved);
}
