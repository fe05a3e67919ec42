import { z } from "zod";

/**
 * Entity store engines, v1 API (`/api/entity_store/engines/{entityType}`, Kibana 8.15–9.x), field names verbatim,
 * patterns from the API reference (`InitEntityEngine`): transform durations end in s/m/d/h, the enrich policy
 * interval is `^[1-9]\d*[smh]$` and at most half the lookback period. Kibana's zod route strips unknown keys
 * (`kibana`); `pulumi preview` rejects them (`strict`).
 */
export const ENTITY_TYPES = ["user", "host", "service", "generic"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ENGINE_STATUSES = ["installing", "started", "stopped", "updating", "error"] as const;
export type EngineStatus = (typeof ENGINE_STATUSES)[number];

const TRANSFORM_DURATION = /[smdh]$/;
const ENRICH_INTERVAL = /^[1-9]\d*[smh]$/;

/** Kibana's default lookback when none is sent (used by the interval rule). */
export const DEFAULT_LOOKBACK_PERIOD = "3h";

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "3h", "1d" → milliseconds; undefined when it is not `<integer><s|m|h|d>`. */
export function entityDurationMs(value: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(value);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

export const ENRICH_INTERVAL_MESSAGE = "The enrich policy execution interval must be less than or equal to half the duration of the lookback period.";

function build(mode: "kibana" | "strict") {
  const obj = (mode === "strict" ? z.strictObject : z.object) as typeof z.object;
  // Kibana-mode messages are zod's own, as Kibana's route answers them; strict mode says what to write instead.
  const duration = (what: string) =>
    mode === "strict" ? z.string().regex(TRANSFORM_DURATION, `${what} must end in s, m, d or h (e.g. 1m, 3h)`) : z.string().regex(TRANSFORM_DURATION);
  return obj({
    indexPattern: z.string().optional(),
    filter: z.string().optional(),
    fieldHistoryLength: z.number().int().min(0).optional(),
    lookbackPeriod: duration("lookbackPeriod").optional(),
    timestampField: z.string().optional(),
    frequency: duration("frequency").optional(),
    delay: duration("delay").optional(),
    timeout: duration("timeout").optional(),
    docsPerSecond: z.number().int().optional(),
    maxPageSearchSize: z.number().int().min(1).optional(),
    enrichPolicyExecutionInterval: (mode === "strict"
      ? z.string().regex(ENRICH_INTERVAL, "must be a positive whole number followed by s, m or h (e.g. 1h)")
      : z.string().regex(ENRICH_INTERVAL)
    ).optional(),
  }).superRefine((body, ctx) => {
    if (body.enrichPolicyExecutionInterval === undefined) return;
    const interval = entityDurationMs(body.enrichPolicyExecutionInterval);
    const lookback = entityDurationMs(body.lookbackPeriod ?? DEFAULT_LOOKBACK_PERIOD);
    if (interval !== undefined && lookback !== undefined && interval > lookback / 2) {
      ctx.addIssue({ code: "custom", path: ["enrichPolicyExecutionInterval"], message: ENRICH_INTERVAL_MESSAGE });
    }
  });
}

/** `POST /api/entity_store/engines/{entityType}/init` body, as Kibana parses it. */
export const engineInitBodySchema = build("kibana");
/** The same body, rejecting unknown keys (used at `pulumi preview`). */
export const engineInitStrictSchema = build("strict");

export type EngineInitBody = z.infer<typeof engineInitBodySchema>;
/** The init fields a resource manages (all optional, Kibana fills defaults). */
export const ENGINE_INIT_FIELDS = [
  "indexPattern",
  "filter",
  "fieldHistoryLength",
  "lookbackPeriod",
  "timestampField",
  "frequency",
  "delay",
  "timeout",
  "docsPerSecond",
  "maxPageSearchSize",
  "enrichPolicyExecutionInterval",
] as const;

/** An engine descriptor as Kibana returns it. */
export interface EngineDescriptor {
  type: EntityType;
  status: EngineStatus;
  indexPattern: string;
  fieldHistoryLength: number;
  filter?: string;
  timestampField?: string;
  error?: { message: string; action: string };
  [k: string]: unknown;
}
