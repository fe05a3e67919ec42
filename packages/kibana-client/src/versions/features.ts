import { isAtLeast, type KibanaVersion } from "./kibana-version";

/**
 * A behaviour of Kibana that starts at a release. The one table both the provider (to refuse, before any write, what
 * the target Kibana does not have) and the emulator (to serve each version as Kibana does) read; every row cites the
 * Kibana source that shows the release.
 */
export interface KibanaFeature {
  /** The first release that has it. */
  since: string;
  /** What it is, as a user would look for it. */
  what: string;
  /** Kibana source (path, PR) showing the release. */
  source: string;
}

export const KIBANA_FEATURES = {
  /** Zod 4 validation messages (`Invalid input: expected …`); before, Zod 3 (`Required`, `Expected …, received …`). */
  zod4Messages: {
    since: "9.4",
    what: "validation messages in Zod 4 wording",
    source: "elastic/kibana PR #258854 (Zod 4 upgrade, label v9.4.0); rule_request_schema.test.ts at both commits",
  },
  /** `/api/security/entity_store/*` (Entity Store v2); the v1 engines API stays, deprecated. */
  entityStoreV2: {
    since: "9.4",
    what: "Entity Store v2 (/api/security/entity_store)",
    source: "x-pack/solutions/security/plugins/entity_store (ENTITY_STORE_ROUTES); PR #262680 'Enable entity store v2 FF for 9.4'",
  },
  /** A threat_match mapping entry's `negate` ("does not match"); 8.19 drops it silently, making the entry a positive match. */
  threatMappingNegate: {
    since: "9.2",
    what: "threat_mapping[].entries[].negate",
    source: "elastic/kibana PR #227084; elastic/detection-rules PR #5041 (min_stack_version 9.2.0 for negate)",
  },
  /** Connector ids chosen by the client are validated (lower-case letters, digits, `_`, `-`, at most 36). */
  connectorIdRules: {
    since: "9.4",
    what: "connector id validation",
    source: "x-pack/platform/plugins/shared/actions/common/routes/connector/apis/create/schemas/v1.ts (validateConnectorId); PR #255922 (v9.4.0)",
  },
} as const satisfies Record<string, KibanaFeature>;

export type KibanaFeatureKey = keyof typeof KIBANA_FEATURES;

/** Whether Kibana `version` has `feature`. */
export function hasFeature(version: KibanaVersion, feature: KibanaFeatureKey): boolean {
  return isAtLeast(version, KIBANA_FEATURES[feature].since);
}
