import { z } from "zod";
import { hasFeature, type KibanaVersion } from "../versions";

/**
 * Kibana connectors (`/api/actions/connector`), field names verbatim. One definition, built twice:
 * - `kibana`: config/secrets objects reject unknown keys, like Kibana's per-type config-schema (the emulator uses it);
 * - `check`: unknown keys pass through (newer Kibana versions add keys; Kibana itself is the judge of those), URLs
 *   must parse and strings must not be blank — what `pulumi preview` checks before any HTTP call.
 * Types without a schema here pass through unchecked.
 */
export const VALIDATED_CONNECTOR_TYPES = [
  ".index",
  ".server-log",
  ".webhook",
  ".email",
  ".slack",
  ".slack_api",
  ".pagerduty",
  ".jira",
  ".servicenow",
  ".servicenow-sir",
  ".servicenow-itom",
  ".teams",
  ".cases-webhook",
] as const;
export type ValidatedConnectorType = (typeof VALIDATED_CONNECTOR_TYPES)[number];

/** Kibana's `CONNECTOR_ID_MAX_LENGTH` (x-pack/platform/plugins/shared/actions/common/index.ts, 9.4). */
export const CONNECTOR_ID_MAX_LENGTH = 36;

/**
 * Kibana 9.4's rule for a client-chosen connector id (`validateConnectorId`, PR #255922, v9.4.0: `isValidSlugIdentifier`
 * of @kbn/std — lower-case letters, digits, `_` and `-`, not starting or ending with `-`), at most 36 characters. A
 * UUID passes it. Before 9.4 Kibana takes any string (`id: schema.maybe(schema.string())`); an id that passes this
 * rule is valid on every supported version.
 */
export const CONNECTOR_ID_PATTERN = /^(?=.{1,36}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/**
 * Why Kibana `version` refuses `id` as a connector id, in Kibana's words (undefined when it takes it). Without a
 * version, the newest rule (valid on every version).
 */
export function connectorIdProblem(id: string, version?: KibanaVersion): string | undefined {
  if (version && !hasFeature(version, "connectorIdRules")) return undefined;
  if (id.length > CONNECTOR_ID_MAX_LENGTH) return `value has length [${id.length}] but it must have a maximum length of [${CONNECTOR_ID_MAX_LENGTH}].`;
  if (!CONNECTOR_ID_PATTERN.test(id)) return "Connector ID must contain only lowercase letters, numbers, underscores, and hyphens.";
  return undefined;
}

export type ConnectorMode = "kibana" | "check";

const HTTP_METHODS = ["post", "put"] as const;
const INCIDENT_METHODS = ["patch", "post", "put"] as const;
/** `.cases-webhook` `createIncidentMethod` (cases_webhook/schema.ts: post | put only). */
const CREATE_INCIDENT_METHODS = ["post", "put"] as const;
/** `.cases-webhook` `getIncidentMethod` (cases_webhook/schema.ts: get | post, default get). */
const GET_INCIDENT_METHODS = ["get", "post"] as const;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** A cross-field rule of a connector type (Kibana's `validateConnector`), reported on `path`. */
export interface ConnectorRuleIssue {
  path: (string | number)[];
  message: string;
}

export interface ConnectorTypeSchema {
  config: z.ZodType<Record<string, unknown>>;
  secrets: z.ZodType<Record<string, unknown>>;
  /** Rules spanning config and secrets; run after both parsed. Messages follow Kibana's wording [I]. */
  rules?(config: Record<string, unknown>, secrets: Record<string, unknown>): ConnectorRuleIssue[];
}

function buildTypeSchemas(mode: ConnectorMode): Record<ValidatedConnectorType, ConnectorTypeSchema> {
  const obj = (mode === "kibana" ? z.strictObject : z.looseObject) as typeof z.object;
  const str = mode === "check" ? z.string().refine((v) => v.trim() !== "", "must not be blank (Kibana rejects empty strings)") : z.string();
  const url = mode === "check" ? z.string().refine(isHttpUrl, "must be an http(s) URL") : z.string();
  const optStr = str.nullable().optional();
  const optUrl = url.nullable().optional();
  const optBool = z.boolean().nullable().optional();
  const headers = z.record(z.string(), z.string()).nullable().optional();
  const none = obj({});

  const serviceNowConfig = {
    apiUrl: url,
    isOAuth: optBool,
    userIdentifierValue: optStr,
    clientId: optStr,
    jwtKeyId: optStr,
  };
  const serviceNowSecrets = obj({
    username: optStr,
    password: optStr,
    clientSecret: optStr,
    privateKey: optStr,
    privateKeyPassword: optStr,
  });
  const serviceNowRules: ConnectorTypeSchema["rules"] = (config, secrets) => {
    if (config.isOAuth === true) {
      return [
        ...(["clientId", "userIdentifierValue", "jwtKeyId"] as const)
          .filter((k) => !config[k])
          .map((k) => ({ path: ["config", k], message: `${k} must be provided when isOAuth = true` })),
        ...(["clientSecret", "privateKey"] as const)
          .filter((k) => !secrets[k])
          .map((k) => ({ path: ["secrets", k], message: "clientSecret and privateKey must both be specified" })),
      ];
    }
    return (["username", "password"] as const)
      .filter((k) => !secrets[k])
      .map((k) => ({ path: ["secrets", k], message: "username and password must both be specified" }));
  };
  const webhookSecrets = obj({ user: optStr, password: optStr, crt: optStr, key: optStr, pfx: optStr });
  const sslConfig = {
    certType: z.enum(["ssl-crt-key", "ssl-pfx"]).nullable().optional(),
    ca: optStr,
    verificationMode: z.enum(["none", "certificate", "full"]).nullable().optional(),
  };

  return {
    ".index": {
      config: obj({ index: str, refresh: optBool, executionTimeField: optStr }),
      secrets: none,
    },
    ".server-log": { config: none, secrets: none },
    ".webhook": {
      config: obj({
        url,
        method: z.enum(HTTP_METHODS).nullable().optional(),
        headers,
        hasAuth: optBool,
        authType: z.enum(["webhook-authentication-basic", "webhook-authentication-ssl"]).nullable().optional(),
        ...sslConfig,
      }),
      secrets: webhookSecrets,
    },
    ".email": {
      config: obj({
        from: str,
        service: optStr,
        host: optStr,
        port: z.number().int().min(1).max(65535).nullable().optional(),
        secure: optBool,
        hasAuth: optBool,
        clientId: optStr,
        tenantId: optStr,
        oauthTokenUrl: optUrl,
      }),
      secrets: obj({ user: optStr, password: optStr, clientSecret: optStr }),
      rules(config, secrets) {
        const service = (config.service as string | null | undefined) ?? "other";
        const issues: ConnectorRuleIssue[] = [];
        if (service === "other") {
          for (const k of ["host", "port"] as const) {
            if (config[k] == null) issues.push({ path: ["config", k], message: `[${k}] is required if [service] is not provided` });
          }
        }
        if (service === "exchange_server") {
          if (!secrets.clientSecret) issues.push({ path: ["secrets", "clientSecret"], message: "[clientSecret] is required" });
        } else if (config.hasAuth !== false) {
          for (const k of ["user", "password"] as const) {
            if (secrets[k] == null) issues.push({ path: ["secrets", k], message: `[${k}] is required when [hasAuth] is true` });
          }
        }
        return issues;
      },
    },
    ".slack": { config: none, secrets: obj({ webhookUrl: url }) },
    ".slack_api": {
      config: obj({
        allowedChannels: z
          .array(obj({ id: str, name: str }))
          .max(25)
          .optional(),
      }),
      secrets: obj({ token: str }),
    },
    ".pagerduty": { config: obj({ apiUrl: optUrl }), secrets: obj({ routingKey: str }) },
    ".jira": { config: obj({ apiUrl: url, projectKey: str }), secrets: obj({ email: str, apiToken: str }) },
    ".servicenow": { config: obj({ ...serviceNowConfig, usesTableApi: optBool }), secrets: serviceNowSecrets, rules: serviceNowRules },
    ".servicenow-sir": { config: obj({ ...serviceNowConfig, usesTableApi: optBool }), secrets: serviceNowSecrets, rules: serviceNowRules },
    ".servicenow-itom": { config: obj(serviceNowConfig), secrets: serviceNowSecrets, rules: serviceNowRules },
    ".teams": { config: none, secrets: obj({ webhookUrl: url }) },
    ".cases-webhook": {
      config: obj({
        createIncidentJson: str,
        createIncidentResponseKey: str,
        createIncidentUrl: url,
        createIncidentMethod: z.enum(CREATE_INCIDENT_METHODS).nullable().optional(),
        getIncidentMethod: z.enum(GET_INCIDENT_METHODS).nullable().optional(),
        getIncidentJson: optStr,
        getIncidentResponseExternalTitleKey: str,
        getIncidentUrl: url,
        updateIncidentJson: str,
        updateIncidentUrl: url,
        updateIncidentMethod: z.enum(INCIDENT_METHODS).nullable().optional(),
        viewIncidentUrl: url,
        createCommentJson: optStr,
        createCommentUrl: optUrl,
        createCommentMethod: z.enum(INCIDENT_METHODS).nullable().optional(),
        headers,
        hasAuth: optBool,
        authType: z.enum(["webhook-authentication-basic", "webhook-authentication-ssl"]).nullable().optional(),
        ...sslConfig,
      }),
      secrets: webhookSecrets,
    },
  };
}

const kibanaTypeSchemas = buildTypeSchemas("kibana");
const checkTypeSchemas = buildTypeSchemas("check");

export function isValidatedConnectorType(type: unknown): type is ValidatedConnectorType {
  return typeof type === "string" && (VALIDATED_CONNECTOR_TYPES as readonly string[]).includes(type);
}

/** The config/secrets schemas of a connector type; undefined for types that pass through. */
export function connectorTypeSchema(type: string, mode: ConnectorMode): ConnectorTypeSchema | undefined {
  if (!isValidatedConnectorType(type)) return undefined;
  return (mode === "kibana" ? kibanaTypeSchemas : checkTypeSchemas)[type];
}

const record = z.record(z.string(), z.unknown());

/** Route-level create body (`POST /api/actions/connector[/{id}]`); unknown keys are rejected, as Kibana does. */
export const connectorCreateBodySchema = z.strictObject({
  name: z.string(),
  connector_type_id: z.string(),
  config: record.optional(),
  secrets: record.optional(),
});

/** Route-level update body (`PUT /api/actions/connector/{id}`): `connector_type_id` is not allowed. */
export const connectorUpdateBodySchema = z.strictObject({
  name: z.string(),
  config: record.optional(),
  secrets: record.optional(),
});

/** A connector definition as a program writes it (checked at preview): any type, known types validated. */
export const connectorCheckSchema = z
  .object({
    connector_type_id: z
      .string()
      .min(1, "must be a connector type id such as .webhook or .slack")
      .refine((v) => v.startsWith("."), "connector type ids start with a dot, e.g. .webhook"),
    name: z.string().refine((v) => v.trim() !== "", "must not be blank"),
    config: record.optional(),
    secrets: record.optional(),
  })
  .superRefine(
    (value, ctx) => {
      const schema = typeof value.connector_type_id === "string" ? connectorTypeSchema(value.connector_type_id, "check") : undefined;
      if (!schema) return;
      const config = schema.config.safeParse(value.config ?? {});
      const secrets = schema.secrets.safeParse(value.secrets ?? {});
      for (const [part, result] of [
        ["config", config],
        ["secrets", secrets],
      ] as const) {
        // A part that is not an object at all has been reported already.
        if (!result.success && isRecordOrAbsent(value[part])) {
          for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: [part, ...issue.path] } as never);
        }
      }
      if (config.success && secrets.success && schema.rules) {
        for (const issue of schema.rules(config.data, secrets.data)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      }
    },
    // Also when another field failed (a blank name): every problem of a connector is reported at once.
    { when: (payload) => isRecord(payload.value) },
  );

function isRecord(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isRecordOrAbsent(value: unknown): boolean {
  return value === undefined || isRecord(value);
}

export type ConnectorCreateBody = z.infer<typeof connectorCreateBodySchema>;
export type ConnectorUpdateBody = z.infer<typeof connectorUpdateBodySchema>;

/** A connector as Kibana returns it (never with secrets). */
export interface ConnectorResponse {
  id: string;
  name: string;
  connector_type_id: string;
  config?: Record<string, unknown> | null;
  is_preconfigured: boolean;
  is_deprecated: boolean;
  is_missing_secrets?: boolean;
  is_system_action?: boolean;
  is_connector_type_deprecated?: boolean;
  referenced_by_count?: number;
  [k: string]: unknown;
}
