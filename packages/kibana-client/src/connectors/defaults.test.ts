/**
 * Every entry of the defaults table the client and the emulator share, pinned to Kibana's own schema, so a wrong
 * default cannot hide behind agreement between our two packages. Each row states Kibana's value and where it is
 * declared (elastic/kibana path at the commit read). `KCS` = src/platform/packages/shared/kbn-connector-schemas;
 * `SC` = x-pack/platform/plugins/shared/stack_connectors/server/connector_types (config-schema era, before 9.3).
 */
import { canonicalConnectorConfig, CONNECTOR_CONFIG_DEFAULTS, connectorConfigDefaults, VERSIONED_CONNECTOR_CONFIG_DEFAULTS } from ".";
import { KIBANA_FEATURES, parseKibanaVersion } from "../versions";

interface Pin {
  type: string;
  key: string;
  kibana: unknown;
  source: string;
}

const pins: Pin[] = [
  // es_index: `refresh: z.boolean().default(false)`, `executionTimeField: z.string().nullable().default(null)`; AAI es_index.ts "should be created successfully".
  { type: ".index", key: "refresh", kibana: false, source: "KCS/es_index/schemas/v1.ts@34ab3873" },
  { type: ".index", key: "executionTimeField", kibana: null, source: "KCS/es_index/schemas/v1.ts@34ab3873" },
  // webhook: `method … .default(POST)`, `headers … .nullable().default(null)`, `hasAuth: z.boolean().default(true)`;
  // AAI connector_types/webhook.ts defaultValues {headers: null, method: 'post', hasAuth: true} (commit 010fdd29).
  { type: ".webhook", key: "method", kibana: "post", source: "KCS/webhook/schemas/v1.ts@41e8515b" },
  { type: ".webhook", key: "headers", kibana: null, source: "KCS/webhook/schemas/v1.ts@41e8515b" },
  { type: ".webhook", key: "hasAuth", kibana: true, source: "KCS/common/auth/schemas/v1.ts@11b9bae3 (hasAuthSchema)" },
  { type: ".email", key: "service", kibana: "other", source: "KCS/email/schemas/v1.ts@0ad9415f" },
  { type: ".email", key: "hasAuth", kibana: true, source: "KCS/email/schemas/v1.ts@0ad9415f" },
  ...["host", "port", "secure", "clientId", "tenantId", "oauthTokenUrl"].map((key) => ({
    type: ".email",
    key,
    kibana: null,
    source: "KCS/email/schemas/v1.ts@0ad9415f",
  })),
  { type: ".pagerduty", key: "apiUrl", kibana: null, source: "KCS/pagerduty/schemas/v1.ts@524c5f66" },
  ...[".servicenow", ".servicenow-sir", ".servicenow-itom"].flatMap((type) => [
    { type, key: "isOAuth", kibana: false, source: "KCS/servicenow/schemas/v1.ts@3ac3829e (ExternalIncidentServiceConfigurationBase)" },
    ...["userIdentifierValue", "clientId", "jwtKeyId"].map((key) => ({ type, key, kibana: null, source: "KCS/servicenow/schemas/v1.ts@3ac3829e" })),
  ]),
  // ITSM and SecOps use ExternalIncidentServiceConfiguration (with usesTableApi); ITOM the base without it.
  { type: ".servicenow", key: "usesTableApi", kibana: true, source: "KCS/servicenow/schemas/v1.ts@3ac3829e" },
  { type: ".servicenow-sir", key: "usesTableApi", kibana: true, source: "KCS/servicenow/schemas/v1.ts@3ac3829e" },
  // cases_webhook, same in both eras: KCS/cases_webhook/schemas/v1.ts@3659b62c and SC/cases_webhook/schema.ts@15b99338.
  {
    type: ".cases-webhook",
    key: "createIncidentMethod",
    kibana: "post",
    source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338",
  },
  { type: ".cases-webhook", key: "getIncidentMethod", kibana: "get", source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338" },
  {
    type: ".cases-webhook",
    key: "getIncidentJson",
    kibana: null,
    source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338 (schema.nullable)",
  },
  {
    type: ".cases-webhook",
    key: "updateIncidentMethod",
    kibana: "put",
    source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338",
  },
  { type: ".cases-webhook", key: "createCommentUrl", kibana: null, source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338" },
  { type: ".cases-webhook", key: "createCommentJson", kibana: null, source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338" },
  { type: ".cases-webhook", key: "headers", kibana: null, source: "KCS/cases_webhook/schemas/v1.ts@3659b62c; SC/cases_webhook/schema.ts@15b99338" },
  { type: ".cases-webhook", key: "hasAuth", kibana: true, source: "KCS/common/auth/schemas/v1.ts@11b9bae3 (hasAuthSchema)" },
  { type: ".xmatters", key: "configUrl", kibana: null, source: "KCS/xmatters/schemas/v1.ts@3dc5dbd0" },
  { type: ".xmatters", key: "usesBasic", kibana: true, source: "KCS/xmatters/schemas/v1.ts@3dc5dbd0" },
];

describe("connector config defaults, pinned to Kibana's schemas", () => {
  it.each(pins.map((p) => [`${p.type} ${p.key} = ${JSON.stringify(p.kibana)} (${p.source})`, p] as const))("%s", (_name, pin) => {
    expect(CONNECTOR_CONFIG_DEFAULTS[pin.type]?.[pin.key]).toEqual(pin.kibana);
  });

  it("the table holds nothing that is not pinned above", () => {
    const pinned = new Set(pins.map((p) => `${p.type} ${p.key}`));
    const table = Object.entries(CONNECTOR_CONFIG_DEFAULTS).flatMap(([type, d]) => Object.keys(d).map((key) => `${type} ${key}`));
    expect(table.filter((k) => !pinned.has(k))).toEqual([]);
  });

  it("webhook keys Kibana declares optional (maybe) are never filled: authType, certType, ca, verificationMode (AAI webhook.ts)", () => {
    for (const key of ["authType", "certType", "ca", "verificationMode"]) expect([key, key in CONNECTOR_CONFIG_DEFAULTS[".webhook"]!]).toEqual([key, false]);
  });

  it(".cases-webhook createCommentMethod: null before 9.3 (SC/cases_webhook/schema.ts@15b99338: schema.nullable(oneOf…) defaults to null), 'put' from 9.3 (KCS@3659b62c: .default('put').nullable())", () => {
    const d = VERSIONED_CONNECTOR_CONFIG_DEFAULTS[".cases-webhook"]!.createCommentMethod!;
    expect([d.feature, KIBANA_FEATURES[d.feature].since, d.before, d.since]).toEqual(["connectorSchemasZod", "9.3", null, "put"]);
    expect(connectorConfigDefaults(".cases-webhook", parseKibanaVersion("8.19.17")!).createCommentMethod).toBeNull();
    expect(connectorConfigDefaults(".cases-webhook", parseKibanaVersion("9.2.8")!).createCommentMethod).toBeNull();
    expect(connectorConfigDefaults(".cases-webhook", parseKibanaVersion("9.4.2")!).createCommentMethod).toBe("put");
  });

  it("a program that leaves createCommentMethod out agrees with Kibana's echo on every version; another method does not", () => {
    const program = { createIncidentUrl: "https://x" };
    const on819 = { ...connectorConfigDefaults(".cases-webhook", parseKibanaVersion("8.19.17")!), ...program };
    const on94 = { ...connectorConfigDefaults(".cases-webhook", parseKibanaVersion("9.4.2")!), ...program };
    expect(canonicalConnectorConfig(".cases-webhook", on819)).toEqual(canonicalConnectorConfig(".cases-webhook", program));
    expect(canonicalConnectorConfig(".cases-webhook", on94)).toEqual(canonicalConnectorConfig(".cases-webhook", program));
    expect(canonicalConnectorConfig(".cases-webhook", { ...program, createCommentMethod: "post" })).not.toEqual(
      canonicalConnectorConfig(".cases-webhook", on94),
    );
  });
});
