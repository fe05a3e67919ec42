/**
 * Adjustments to the connectors and Fleet bundles — the last hand-maintained ones Kibana published, which lag the
 * live API (shared/kibana-openapi/README.md). Applied to the parsed copy only; each one says why.
 */
import type { OpenApiDoc, Relaxation } from "./bundles";

type Schema = Record<string, unknown>;

const schemas = (doc: OpenApiDoc) => (doc.components?.schemas ?? {}) as Record<string, Schema>;

const BOOM_ERROR: Schema = {
  type: "object",
  properties: { statusCode: { type: "integer" }, error: { type: "string" }, message: { type: "string" } },
  required: ["statusCode", "error", "message"],
};

/** Fleet's server-side `ssl` shape (`fleet/server/types/models/fleet_server_host.ts`). */
const FLEET_SSL: Schema = {
  type: "object",
  nullable: true,
  additionalProperties: false,
  properties: {
    certificate_authorities: { type: "array", items: { type: "string" }, maxItems: 10 },
    certificate: { type: "string" },
    key: { type: "string" },
    es_certificate_authorities: { type: "array", items: { type: "string" }, maxItems: 10 },
    es_certificate: { type: "string" },
    es_key: { type: "string" },
    agent_certificate_authorities: { type: "array", items: { type: "string" }, maxItems: 10 },
    agent_certificate: { type: "string" },
    agent_key: { type: "string" },
    client_auth: { type: "string", enum: ["optional", "required", "none"] },
  },
};

const SECRET_REF: Schema = {
  anyOf: [{ type: "string" }, { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false }, { type: "null" }],
};

const FLEET_SECRETS: Schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    ssl: { type: "object", additionalProperties: false, properties: { key: SECRET_REF, es_key: SECRET_REF, agent_key: SECRET_REF } },
  },
};

function requestBodySchema(doc: OpenApiDoc, path: string, method: string): Schema | undefined {
  const op = doc.paths[path]?.[method] as { requestBody?: { content?: Record<string, { schema?: Schema }> } } | undefined;
  return op?.requestBody?.content?.["application/json"]?.schema;
}

export const CONNECTOR_FLEET_RELAXATIONS: readonly Relaxation[] = [
  {
    bundle: "connectors",
    description:
      "update_connector_request is a `oneOf` without a discriminator whose `.server-log` branch ({name}) matches every update body, so no valid PUT body matches exactly one branch; rewritten to `anyOf`.",
    apply(doc) {
      const s = schemas(doc).update_connector_request;
      if (!s?.oneOf) return false;
      s.anyOf = s.oneOf;
      delete s.oneOf;
      return true;
    },
  },
  {
    bundle: "connectors",
    description:
      "config_properties_* declare their optional keys as non-nullable, but Kibana stores and returns every unset nullable config key as `null` (webhook `headers`/`ca`/`certType`…, email `host`/`port`/`secure`…, kibana-behaviour.md §4.2); each property is made nullable (enums gain `null`).",
    apply(doc) {
      let count = 0;
      for (const [name, s] of Object.entries(schemas(doc))) {
        if (!name.startsWith("config_properties_")) continue;
        for (const prop of Object.values((s.properties ?? {}) as Record<string, Schema>)) {
          if (prop.type === undefined || prop.nullable === true) continue;
          prop.nullable = true;
          if (Array.isArray(prop.enum) && !prop.enum.includes(null)) prop.enum = [...(prop.enum as unknown[]), null];
          count++;
        }
      }
      return count > 0;
    },
  },
  {
    bundle: "connectors",
    description:
      "PUT /api/actions/connector/{connectorId} declares its `400` response with the `401` schema (statusCode/error enums 401/Unauthorized), which no real 400 matches; replaced by the Boom error shape.",
    apply(doc) {
      let count = 0;
      for (const path of ["/api/actions/connector/{connectorId}", "/s/{spaceId}/api/actions/connector/{connectorId}"]) {
        const responses = (doc.paths[path]?.put as { responses?: Record<string, unknown> } | undefined)?.responses;
        if (!responses?.["400"]) continue;
        responses["400"] = { description: "Bad request", content: { "application/json": { schema: BOOM_ERROR } } };
        count++;
      }
      return count > 0;
    },
  },
  {
    bundle: "connectors",
    description:
      "The `connector_types` and `features` enums are closed lists that lag Kibana: system action types (`.cases`) and newer features (`generativeAIForSecurity`) are missing; widened to strings.",
    apply(doc) {
      const all = schemas(doc);
      if (!all.connector_types?.enum || !all.features?.enum) return false;
      delete all.connector_types.enum;
      delete all.features.enum;
      return true;
    },
  },
  {
    bundle: "fleet",
    description:
      "fleet_server_host and the POST/PUT bodies lack `ssl` and `secrets` (and POST lacks `is_preconfigured`, `allow_edit`) which Fleet accepts and returns; extended with Fleet's server-side schema so those fields are checked too.",
    apply(doc) {
      const host = schemas(doc).fleet_server_host as { properties?: Record<string, Schema> } | undefined;
      const post = requestBodySchema(doc, "/api/fleet/fleet_server_hosts", "post") as { properties?: Record<string, Schema> } | undefined;
      const put = requestBodySchema(doc, "/api/fleet/fleet_server_hosts/{itemId}", "put") as { properties?: Record<string, Schema> } | undefined;
      if (!host?.properties || !post?.properties || !put?.properties) return false;
      const allowEdit = { type: "array", items: { type: "string" } };
      for (const target of [host.properties, post.properties, put.properties]) {
        target.ssl = FLEET_SSL;
        target.secrets = FLEET_SECRETS;
      }
      post.properties.is_preconfigured = { type: "boolean" };
      post.properties.proxy_id = { type: "string", nullable: true };
      post.properties.allow_edit = allowEdit;
      put.properties.allow_edit = allowEdit;
      return true;
    },
  },
];
