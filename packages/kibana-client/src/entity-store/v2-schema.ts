import { z } from "zod";
import { ENGINE_STATUSES, ENTITY_TYPES } from "./schema";

/**
 * Entity Store v2 (`/api/security/entity_store`, Kibana 9.4+, the `entity_store` plugin), as its routes validate
 * requests: every body is checked with `buildStrictRouteValidationWithZod` (`DeepStrict`: an unknown key at any depth
 * is a 400), `logExtraction` is `LogExtractionBodyParams` (routes/constants.ts: the pick of filter,
 * fieldHistoryLength, additionalIndexPatterns, lookbackPeriod, frequency, delay, docsLimit) refined by
 * `install/validator.ts`. No Kibana OpenAPI bundle describes these routes, so these schemas are also the contract the
 * emulator checks its requests and answers against.
 */
export const ENTITY_STORE_V2_PATH = "/api/security/entity_store";

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `parseDurationToMs` of the plugin's `infra/time`: `<n><s|m|h|d>`; undefined when it is not one. */
export function v2DurationMs(value: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(value);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

/** `global_state/constants.ts` (commit 02f2a2de): what an unset delay / lookbackPeriod means in the delay rule. */
export const V2_LOG_EXTRACTION_DEFAULTS = { delay: "1m", lookbackPeriod: "30d" } as const;

/** The texts of `install/validator.ts` (commit 0096e7a2), verbatim. */
export const V2_MESSAGES = {
  frequency: "must be a valid duration of at least 30 seconds (e.g. 1m, 30s)",
  indexPattern: "must be a non-empty, valid index pattern (no spaces or illegal characters)",
  delay: "must be less than lookbackPeriod",
  historyFrequency: "must be a valid duration of at least 1 hour (e.g. 1h, 24h)",
  incompleteKql: "Incomplete KQL expression",
  fieldKql: "Field-based KQL is required",
} as const;

/** `@kbn/data-view-validation` ILLEGAL_CHARACTERS_VISIBLE. */
const ILLEGAL_INDEX_CHARACTERS = ["\\", "/", "?", '"', "<", ">", "|"];
const DURATION = /[smdh]$/;

/** `validateKql` of install/validator.ts, without the KQL parse itself. */
function kqlProblem(kql: string): string | undefined {
  if (kql.trim() === "") return undefined;
  if (/(\s+)(and|or)\s*$/i.test(kql)) return V2_MESSAGES.incompleteKql;
  if (!kql.includes(":")) return V2_MESSAGES.fieldKql;
  return undefined;
}

export const logExtractionSchema = z
  .strictObject({
    filter: z.string().optional(),
    fieldHistoryLength: z.number().int().optional(),
    additionalIndexPatterns: z.array(z.string()).optional(),
    lookbackPeriod: z.string().regex(DURATION).optional(),
    frequency: z.string().regex(DURATION).optional(),
    delay: z.string().regex(DURATION).optional(),
    docsLimit: z.number().int().min(1).optional(),
  })
  .superRefine((data, ctx) => {
    const kql = data.filter === undefined ? undefined : kqlProblem(data.filter);
    if (kql) ctx.addIssue({ code: "custom", path: ["filter"], message: kql });
    if (data.frequency !== undefined && (v2DurationMs(data.frequency) ?? 0) < 30_000) {
      ctx.addIssue({ code: "custom", path: ["frequency"], message: V2_MESSAGES.frequency });
    }
    data.additionalIndexPatterns?.forEach((pattern, i) => {
      if (pattern.trim() === "" || /\s/.test(pattern) || ILLEGAL_INDEX_CHARACTERS.some((c) => pattern.includes(c))) {
        ctx.addIssue({ code: "custom", path: ["additionalIndexPatterns", i], message: V2_MESSAGES.indexPattern });
      }
    });
    if (data.delay !== undefined || data.lookbackPeriod !== undefined) {
      const delay = v2DurationMs(data.delay ?? V2_LOG_EXTRACTION_DEFAULTS.delay);
      const lookback = v2DurationMs(data.lookbackPeriod ?? V2_LOG_EXTRACTION_DEFAULTS.lookbackPeriod);
      if (delay !== undefined && lookback !== undefined && delay >= lookback) ctx.addIssue({ code: "custom", path: ["delay"], message: V2_MESSAGES.delay });
    }
  });
export type LogExtraction = z.infer<typeof logExtractionSchema>;

const entityTypes = z.array(z.enum(ENTITY_TYPES));

/** `POST /api/security/entity_store/install` (install/validator.ts `BodySchema`); `entityTypes` defaults to all four. */
export const entityStoreInstallBodySchema = z.strictObject({
  entityTypes: entityTypes.optional(),
  logExtraction: logExtractionSchema.optional(),
  historySnapshot: z
    .strictObject({ frequency: z.string().regex(DURATION).optional() })
    .superRefine((data, ctx) => {
      if (data.frequency !== undefined && (v2DurationMs(data.frequency) ?? 0) < 3_600_000) {
        ctx.addIssue({ code: "custom", path: ["frequency"], message: V2_MESSAGES.historyFrequency });
      }
    })
    .optional(),
});
export type EntityStoreInstallBody = z.infer<typeof entityStoreInstallBodySchema>;

/** `PUT …/start`, `PUT …/stop`, `POST …/uninstall` (start.ts, stop.ts, uninstall.ts): `entityTypes`, default all. */
export const entityStoreTypesBodySchema = z.strictObject({ entityTypes: entityTypes.optional() });

/** `PUT /api/security/entity_store` (update.ts): `logExtraction` required. */
export const entityStoreUpdateBodySchema = z.strictObject({ logExtraction: logExtractionSchema });

/** Every v2 write answers `{ ok: true }` (200, or 201 from an install that installed something). */
export const entityStoreOkSchema = z.strictObject({ ok: z.literal(true) });

export const ENTITY_STORE_STATUSES = ["not_installed", "installing", "running", "stopped", "error"] as const;

/** An engine of `GET …/status` (status.ts `toPublicEngine`: the engine plus the v1 legacy keys, fixed or from the shared config). */
export const entityStoreStatusEngineSchema = z.object({
  type: z.enum(ENTITY_TYPES),
  status: z.enum(ENGINE_STATUSES),
  filter: z.literal(""),
  delay: z.string(),
  timeout: z.string(),
  frequency: z.string(),
  lookbackPeriod: z.string(),
  fieldHistoryLength: z.number(),
  maxLogsPerPage: z.number(),
  maxTimeWindowSize: z.string(),
  maxLogsPerWindow: z.number(),
  maxLogsPerWindowCapBehavior: z.enum(["defer", "drop"]),
  docsPerSecond: z.literal(-1),
  indexPattern: z.literal(""),
  enrichPolicyExecutionInterval: z.null(),
  timestampField: z.literal("@timestamp"),
  maxPageSearchSize: z.literal(10000),
  lastExecutionTimestamp: z.string().optional(),
});
export type EntityStoreStatusEngine = z.infer<typeof entityStoreStatusEngineSchema>;

export const entityStoreStatusSchema = z.object({ status: z.enum(ENTITY_STORE_STATUSES), engines: z.array(entityStoreStatusEngineSchema) });
export type EntityStoreStatus = z.infer<typeof entityStoreStatusSchema>;
