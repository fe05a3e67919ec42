/**
 * The official Kibana OpenAPI bundles and the few in-memory adjustments (relaxations) the contract harness applies
 * after loading them — from the committed snapshot (snapshot.ts) or from the full bundle files
 * (`$ESAC_KIBANA_OPENAPI_DIR`). The bundle files themselves are never modified.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CONNECTOR_FLEET_RELAXATIONS } from "./connector-fleet-relaxations";

export interface BundleInfo {
  /** Ajv schema id of the whole document. */
  id: string;
  file: string;
}

export const BUNDLES: readonly BundleInfo[] = [
  { id: "detections", file: "security_solution_detections_api_2023_10_31.bundled.schema.yaml" },
  { id: "exceptions", file: "security_solution_exceptions_api_2023_10_31.bundled.schema.yaml" },
  { id: "endpoint-exceptions", file: "security_solution_endpoint_exceptions_api_2023_10_31.bundled.schema.yaml" },
  { id: "lists", file: "security_solution_lists_api_2023_10_31.bundled.schema.yaml" },
  { id: "entity-analytics", file: "security_solution_entity_analytics_api_2023_10_31.bundled.schema.yaml" },
  { id: "connectors", file: "connectors_actions_bundled.yaml" },
  { id: "fleet", file: "fleet_bundled.yaml" },
];

export type OpenApiDoc = {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Record<string, unknown>>; [k: string]: unknown };
  [k: string]: unknown;
};

/** One adjustment applied to a parsed bundle, with the reason (listed in the README). */
export interface Relaxation {
  bundle: string;
  description: string;
  apply(doc: OpenApiDoc): boolean;
}

/**
 * OpenAPI 3.0 `nullable: true` next to a `$ref` (no `type`) is meaningless to a JSON-schema validator (Ajv refuses
 * it), while the intent — "this reference or null" — is clear and matches Kibana (`frequency.throttle: null`).
 * Rewritten to `anyOf: [<schema>, {type: null}]`.
 */
function rewriteNullableWithoutType(node: unknown): number {
  let count = 0;
  if (Array.isArray(node)) {
    for (const v of node) count += rewriteNullableWithoutType(v);
    return count;
  }
  if (!node || typeof node !== "object") return 0;
  const obj = node as Record<string, unknown>;
  for (const v of Object.values(obj)) count += rewriteNullableWithoutType(v);
  if (obj.nullable === true && obj.type === undefined) {
    const inner: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) if (k !== "nullable") inner[k] = v;
    for (const k of Object.keys(obj)) delete obj[k];
    obj.anyOf = [inner, { type: "null" }];
    count++;
  }
  return count;
}

export const RELAXATIONS: readonly Relaxation[] = [
  {
    bundle: "fleet",
    description:
      "fleet_server_host lists `fleet_server_hosts` under `required` but defines no such property (real responses would all fail); that one entry is dropped.",
    apply(doc) {
      const s = doc.components?.schemas?.fleet_server_host as { required?: string[] } | undefined;
      if (!s?.required?.includes("fleet_server_hosts")) return false;
      s.required = s.required.filter((r) => r !== "fleet_server_hosts");
      return true;
    },
  },
  {
    bundle: "*",
    description:
      'SiemErrorResponse.message is declared as a string, but Kibana\'s buildSiemResponse also sends string arrays (e.g. `["either \\"id\\" or \\"rule_id\\" must be set"]`) and objects (kibana-behaviour.md §0.3 B); widened to string | string[] | object.',
    apply(doc) {
      const s = doc.components?.schemas?.SiemErrorResponse as { properties?: Record<string, unknown> } | undefined;
      if (!s?.properties?.message) return false;
      s.properties.message = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { type: "object" }] };
      return true;
    },
  },
  {
    bundle: "lists",
    description:
      'POST /api/lists/items declares its 404 (`list id: "x" does not exist`) as PlatformErrorResponse, but the handler answers through buildSiemResponse like every lists route (its own example is SIEM-shaped); the 404 schema is set to SiemErrorResponse.',
    apply(doc) {
      const r = (doc.paths["/api/lists/items"] as { post?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } })?.post
        ?.responses?.["404"];
      const json = r?.content?.["application/json"];
      if (!json) return false;
      json.schema = { $ref: "#/components/schemas/SiemErrorResponse" };
      return true;
    },
  },
  {
    bundle: "*",
    description:
      "`nullable: true` without `type` (next to a `$ref`, e.g. RuleActionFrequency.throttle) is rewritten to `anyOf: [<ref>, {type: null}]` — OpenAPI 3.0 intent, which Ajv cannot express otherwise.",
    apply(doc) {
      return rewriteNullableWithoutType(doc) > 0;
    },
  },
  {
    bundle: "detections",
    description:
      "ExternalRuleSource requires `has_base_version` and `customized_fields`, which a prebuilt rule's `rule_source` has only from Kibana 9.3 (kibana-client features.ts prebuiltRuleCustomizedFields: PR #234793); the bundle is a 9.3+ one, so releases before answer `{type, is_customized}`. The two are made optional.",
    apply(doc) {
      const s = doc.components?.schemas?.ExternalRuleSource as { required?: string[] } | undefined;
      if (!s?.required?.includes("has_base_version")) return false;
      s.required = s.required.filter((r) => r !== "has_base_version" && r !== "customized_fields");
      return true;
    },
  },
  ...CONNECTOR_FLEET_RELAXATIONS,
];

/** Applies, in order, every relaxation meant for `bundleId`; returns the descriptions of those that changed something. */
export function applyRelaxations(bundleId: string, doc: OpenApiDoc): string[] {
  const applied: string[] = [];
  for (const r of RELAXATIONS) if ((r.bundle === "*" || r.bundle === bundleId) && r.apply(doc)) applied.push(r.description);
  return applied;
}

/** A bundle's YAML text, as published (no relaxation). */
export function parseBundle(text: string): OpenApiDoc {
  return parse(text, { maxAliasCount: -1 }) as OpenApiDoc;
}

const cache = new Map<string, OpenApiDoc>();

/** Parses (once per process) and relaxes one full bundle file. */
export function loadBundle(dir: string, bundle: BundleInfo): OpenApiDoc {
  const key = join(dir, bundle.file);
  let doc = cache.get(key);
  if (!doc) {
    doc = parseBundle(readFileSync(key, "utf8"));
    applyRelaxations(bundle.id, doc);
    cache.set(key, doc);
  }
  return doc;
}
