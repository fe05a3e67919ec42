import { z } from "zod";
import { hasFeature, type KibanaVersion } from "../versions";

/**
 * Fleet Server hosts (`/api/fleet/fleet_server_hosts`), field names verbatim, after Kibana's config-schema
 * (`fleet/server/types/models/fleet_server_host.ts`): unknown keys are rejected in both modes, since Kibana
 * rejects them too. `check` (what `pulumi preview` runs) adds: URLs must parse as http(s), secret key material is
 * plain text (not a `{id}` reference to an existing Fleet secret), strings must not be blank.
 */
export const FLEET_CLIENT_AUTH = ["optional", "required", "none"] as const;
export const FLEET_ID_MAX_LENGTH = 255;

/** Fleet's saved-object id rule (9.x `validateFleetSavedObjectId`). */
export function fleetIdProblem(id: string): string | undefined {
  if (id.length < 1 || id.length > FLEET_ID_MAX_LENGTH) return `must be 1–${FLEET_ID_MAX_LENGTH} characters`;
  if (id.includes("/") || id.includes("..")) return 'must not contain path separators ("/") or ".."';
  if (/^(__proto__|constructor|prototype)$/.test(id)) return "must not be __proto__, constructor or prototype";
  if (/["';\\()]/.test(id)) return `must not contain any of " ' ; \\ ( )`;
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

type Mode = "kibana" | "check";

/** `bounded`: Kibana's length caps (`fleetServerHostBounds`; 8.19 has none). */
function build(mode: Mode, bounded = true) {
  const capped = (max: number) => (bounded ? z.string().max(max) : z.string());
  const text = (max: number) => (mode === "check" ? capped(max).refine((v) => v.trim() !== "", "must not be blank") : capped(max));
  const pem = text(100_000);
  const cas = z.array(pem).max(10);
  const ssl = z.strictObject({
    certificate_authorities: cas.optional(),
    certificate: pem.optional(),
    key: pem.optional(),
    es_certificate_authorities: cas.optional(),
    es_certificate: pem.optional(),
    es_key: pem.optional(),
    agent_certificate_authorities: cas.optional(),
    agent_certificate: pem.optional(),
    agent_key: pem.optional(),
    client_auth: z.enum(FLEET_CLIENT_AUTH).optional(),
  });
  const secretRef = mode === "check" ? text(10_000) : z.union([z.null(), z.strictObject({ id: capped(FLEET_ID_MAX_LENGTH) }), capped(10_000)]);
  const secrets = z.strictObject({
    ssl: z.strictObject({ key: secretRef.optional(), es_key: secretRef.optional(), agent_key: secretRef.optional() }).optional(),
  });
  const hostUrl = mode === "check" ? capped(2048).refine(isHttpUrl, "must be an http(s) URL") : capped(2048);
  // Kibana's route schema only caps the length; the id rule runs in the handler (400 "id is not valid: …").
  const id =
    mode === "check"
      ? z.string().superRefine((v, ctx) => {
          const problem = fleetIdProblem(v);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
      : capped(FLEET_ID_MAX_LENGTH);
  const base = {
    name: text(255),
    host_urls: z.array(hostUrl).min(1).max(10),
    is_default: z.boolean().optional(),
    is_internal: z.boolean().optional(),
    allow_edit: z.array(z.string().max(100)).max(100).optional(),
    proxy_id: capped(FLEET_ID_MAX_LENGTH).nullable().optional(),
    ssl: ssl.nullable().optional(),
    secrets: secrets.optional(),
  };
  return {
    ssl,
    create: z.strictObject({ ...base, id: id.optional(), is_preconfigured: z.boolean().optional() }),
    update: z.strictObject({ ...base, name: base.name.optional(), host_urls: base.host_urls.optional() }),
  };
}

const kibana = build("kibana");
const kibanaUnbounded = build("kibana", false);
const check = build("check");

/** The POST and PUT body schemas Kibana `version` validates with (8.19: no length caps). */
export function fleetServerHostBodySchemas(version: KibanaVersion): { create: typeof kibana.create; update: typeof kibana.update } {
  return hasFeature(version, "fleetServerHostBounds") ? kibana : (kibanaUnbounded as unknown as typeof kibana);
}

/**
 * Fleet's `ensureNoDuplicateSecrets` (server/routes/fleet_server_hosts/handler.ts, POST and PUT): the same key in
 * `ssl` and `secrets.ssl` is refused; Kibana's text, or undefined.
 */
export function duplicateSecretProblem(body: { ssl?: Record<string, unknown> | null; secrets?: { ssl?: Record<string, unknown> } }): string | undefined {
  for (const key of ["key", "es_key", "agent_key"]) {
    if (body.ssl?.[key] && body.secrets?.ssl?.[key]) return `Cannot specify both ssl.${key} and secrets.ssl.${key}`;
  }
  return undefined;
}

/** `POST /api/fleet/fleet_server_hosts` body as Kibana validates it. */
export const fleetServerHostCreateBodySchema = kibana.create;
/** `PUT /api/fleet/fleet_server_hosts/{itemId}` body as Kibana validates it (`id`, `is_preconfigured` not allowed). */
export const fleetServerHostUpdateBodySchema = kibana.update;
/** A host as a program writes it, checked at preview. */
export const fleetServerHostCheckSchema = check.create.omit({ is_preconfigured: true, allow_edit: true });

export type FleetServerHostSsl = z.infer<typeof kibana.ssl>;
export type FleetServerHostCreateBody = z.infer<typeof kibana.create>;
export type FleetServerHostUpdateBody = z.infer<typeof kibana.update>;

/** A Fleet Server host as Fleet returns it. */
export interface FleetServerHost {
  id: string;
  name: string;
  host_urls: string[];
  is_default: boolean;
  is_preconfigured: boolean;
  is_internal?: boolean;
  proxy_id?: string | null;
  ssl?: FleetServerHostSsl | null;
  /** References to Fleet's secret store (`{ssl: {key: {id}}}`) when secret storage is enabled. */
  secrets?: { ssl?: Record<string, { id: string } | string | null> };
  [k: string]: unknown;
}
