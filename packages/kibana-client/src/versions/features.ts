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
  /**
   * Per-type connector schemas in zod (`@kbn/connector-schemas`) instead of config-schema: type validation errors read
   * `error validating connector type config: ✖ …\n  → at <field>` (before: `error validating action type config: [field]: …`),
   * and `.cases-webhook` `createCommentMethod` omitted is stored as `"put"` (zod `.default('put').nullable()`; before,
   * config-schema `schema.nullable(…)` stored `null`).
   */
  connectorSchemasZod: {
    since: "9.3",
    what: "connector type schemas in zod (message wording, .cases-webhook createCommentMethod default)",
    source:
      "src/platform/packages/shared/kbn-connector-schemas/cases_webhook/schemas/v1.ts (commit 3659b62c) vs x-pack/platform/plugins/shared/stack_connectors/server/connector_types/cases_webhook/schema.ts (commit 15b99338); PRs #240186, #240315 (v9.3.0)",
  },
  /** Fleet Server host string bounds: `name` ≤ 255, `host_urls[]` ≤ 2048, ssl strings ≤ 100000 (none in 8.19.0–8.19.20). */
  fleetServerHostBounds: {
    since: "9.4",
    what: "Fleet Server host length bounds (name 255, host_urls 2048)",
    source:
      "elastic/kibana PR #247093 (bounds, backported to 9.1–9.4 patches: the earliest 9.1–9.3 patch is not pinned, so 9.4 is used); PR #288283 (8.19.21, open)",
  },
  /** Connector ids chosen by the client are validated (lower-case letters, digits, `_`, `-`, at most 36). */
  connectorIdRules: {
    since: "9.4",
    what: "connector id validation",
    source: "x-pack/platform/plugins/shared/actions/common/routes/connector/apis/create/schemas/v1.ts (validateConnectorId); PR #255922 (v9.4.0)",
  },
  /**
   * An installed prebuilt rule's `rule_source` carries `has_base_version` and `customized_fields` (`[{field_name}]`)
   * besides `type` and `is_customized`. Customising prebuilt rules itself is older (8.18, Enterprise licence).
   */
  prebuiltRuleCustomizedFields: {
    since: "9.3",
    what: "rule_source.has_base_version and rule_source.customized_fields on prebuilt rules",
    source:
      "elastic/kibana PR #234793 (opened 2025-09-11, so 9.3 is taken; 9.0–9.2 unverified); detections bundle ExternalRuleSource required [type,is_customized,has_base_version,customized_fields]; calculate_is_customized.ts",
  },
} as const satisfies Record<string, KibanaFeature>;

export type KibanaFeatureKey = keyof typeof KIBANA_FEATURES;

/** Whether Kibana `version` has `feature`. */
export function hasFeature(version: KibanaVersion, feature: KibanaFeatureKey): boolean {
  return isAtLeast(version, KIBANA_FEATURES[feature].since);
}
