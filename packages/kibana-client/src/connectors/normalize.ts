import { applyConnectorConfigDefaults } from "./defaults";

/**
 * The one normal form of a connector config, whether written in a program or returned by Kibana: Kibana's
 * defaults applied, `null` (Kibana's "not set") removed. Keys unknown to this table are kept as they are.
 */
export function canonicalConnectorConfig(type: string, config: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(applyConnectorConfigDefaults(type, config ?? {}))) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}
