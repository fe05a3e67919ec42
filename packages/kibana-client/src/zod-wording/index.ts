/**
 * Kibana's validation wording by release: 8.19 … 9.3 validate with Zod 3 and say `name: Required`; 9.4 validates with
 * Zod 4 and says `name: Invalid input: expected string, received undefined` (KIBANA_FEATURES.zod4Messages). Parse with
 * `safeParseInWording` and print with `stringifyZodError(error, wording)` to answer as the chosen release does.
 */
import type { z } from "zod";
import { hasFeature, type KibanaVersion } from "../versions";
import { zod3ErrorMap } from "./zod3-messages";
import { zod4ErrorMap } from "./zod4-messages";

export type ZodWording = "zod3" | "zod4";

export function zodWordingOf(version: KibanaVersion): ZodWording {
  return hasFeature(version, "zod4Messages") ? "zod4" : "zod3";
}

const ERROR_MAPS: Record<ZodWording, z.core.$ZodErrorMap> = { zod3: zod3ErrorMap, zod4: zod4ErrorMap };

/** `schema.safeParse(value)` with the issue messages of `wording` (a schema's own messages are kept). */
export function safeParseInWording<S extends z.ZodType>(schema: S, value: unknown, wording: ZodWording): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { error: ERROR_MAPS[wording] });
}

export { zod3ErrorMap, zod3JoinValues, zod3ParsedType } from "./zod3-messages";
export { zod4ErrorMap } from "./zod4-messages";
