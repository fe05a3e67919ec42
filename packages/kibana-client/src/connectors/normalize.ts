import { applyConnectorConfigDefaults, VERSIONED_CONNECTOR_CONFIG_DEFAULTS } from "./defaults";

/**
 * The one normal form of a connector config, whether written in a program or returned by Kibana, on any version:
 * the defaults every version shares applied, `null` (Kibana's "not set") removed, and a key whose default changed
 * between versions removed when it holds one of those defaults (`.cases-webhook` `createCommentMethod` omitted is
 * `null` on 8.19 and `"put"` on 9.4: both mean Kibana's default). Keys unknown to the tables are kept as they are.
 */
export function canonicalConnectorConfig(type: string, config: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const versioned = VERSIONED_CONNECTOR_CONFIG_DEFAULTS[type] ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(applyConnectorConfigDefaults(type, config ?? {}))) {
    if (value === null || value === undefined) continue;
    const d = versioned[key];
    if (d && (value === d.before || value === d.since)) continue;
    out[key] = value;
  }
  return out;
}
