/**
 * Route-schema validation (kibana-behaviour.md §0.3 C / §0.4): failures are Boom 400 with a `[request body]: ` /
 * `[request query]: ` / `[request params]: ` prefix and Kibana's `stringifyZodError` text (shared implementation from
 * `@esac/kibana-client`), worded as the release served words it: Zod 3 up to 9.3, Zod 4 from 9.4
 * (`KIBANA_FEATURES.zod4Messages`).
 */
import { safeParseInWording, stringifyZodError, zodWordingOf, type KibanaVersion } from "@esac/kibana-client";
import type { z } from "zod";
import { boomError } from "./errors";

export type RequestPart = "body" | "query" | "params";

/** Parses `value` as Kibana `version` does; on failure, the `stringifyZodError` text in that release's words. */
export function parseAsKibana<S extends z.ZodType>(
  schema: S,
  value: unknown,
  version: KibanaVersion,
): { success: true; data: z.output<S> } | { success: false; message: string } {
  const wording = zodWordingOf(version);
  const res = safeParseInWording(schema, value, wording);
  return res.success ? { success: true, data: res.data } : { success: false, message: stringifyZodError(res.error, wording) };
}

export function validateRequestPart<S extends z.ZodType>(part: RequestPart, schema: S, value: unknown, version: KibanaVersion): z.output<S> {
  const res = parseAsKibana(schema, value, version);
  if (!res.success) throw boomError(400, `[request ${part}]: ${res.message}`);
  return res.data;
}

export const validateBody = <S extends z.ZodType>(schema: S, value: unknown, version: KibanaVersion) => validateRequestPart("body", schema, value, version);
export const validateQuery = <S extends z.ZodType>(schema: S, value: unknown, version: KibanaVersion) => validateRequestPart("query", schema, value, version);

/** Query-string boolean as Kibana's zod `BooleanFromString` accepts it. */
export function queryBoolean(v: unknown): boolean | undefined {
  const s: unknown = Array.isArray(v) ? v[v.length - 1] : v;
  if (s === undefined) return undefined;
  if (s === "true" || s === true) return true;
  if (s === "false" || s === false) return false;
  return undefined;
}
