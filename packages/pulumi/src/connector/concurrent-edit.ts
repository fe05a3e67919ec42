import type { ConnectorResponse } from "@esac/kibana-client";
import { deepEqual } from "../provider-kit/json";
import { SECRET_HASH_KEY } from "../provider-kit/secret-hash";
import { connectorState } from "./normalize";

type Obj = Record<string, unknown>;

/**
 * What of a connector changed in Kibana since the state (`olds`) recorded it, compared with `current` (this process's
 * listing): `name` and each managed `config` key, by name only (config values are not shown). Kibana's connectors
 * carry no version or update time, so the content is the marker; secrets are never returned, so a change of them
 * cannot be seen. Empty when nothing visible changed or the connector is gone (the PUT then says so).
 */
export function connectorChangesSinceRead(olds: Obj, current: ConnectorResponse | undefined): string[] {
  if (!current) return [];
  const before = (olds.config as Obj | undefined) ?? {};
  const now = connectorState(current, Object.keys(before), olds[SECRET_HASH_KEY]);
  const after = now.config as Obj;
  const changed = now.name === olds.name ? [] : ["name"];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!deepEqual(before[key], after[key])) changed.push(`config.${key}`);
  }
  return changed;
}
