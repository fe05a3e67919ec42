/** Rule fields a Kibana release does not know: its Zod schemas strip unknown keys, so they are dropped, not refused. */
import { hasFeature, type KibanaVersion } from "@esac/kibana-client";

type ThreatMapping = { entries?: Record<string, unknown>[] }[];

/**
 * `threat_mapping[].entries[].negate` exists from 9.2 (KIBANA_FEATURES.threatMappingNegate); before, the entry
 * schema has no such key and Kibana drops it silently, turning a "does not match" entry into a match.
 */
export function dropFieldsUnknownTo<T extends Record<string, unknown>>(body: T, version: KibanaVersion): T {
  if (hasFeature(version, "threatMappingNegate") || !Array.isArray(body.threat_mapping)) return body;
  const threat_mapping = (body.threat_mapping as ThreatMapping).map((m) => ({
    ...m,
    entries: m.entries?.map(({ negate: _negate, ...entry }) => entry),
  }));
  return { ...body, threat_mapping };
}
