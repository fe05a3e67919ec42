/**
 * Route-schema validation (kibana-behaviour.md §0.3 C / §0.4): failures are Boom 400 with a `[request body]: ` /
 * `[request query]: ` / `[request params]: ` prefix and Kibana's `stringifyZodError` text (shared implementation from
 * `@esac/kibana-client`).
 */
import { stringifyZodError } from "@esac/kibana-client";
import type { z } from "zod";
import { boomError } from "./errors";

export type RequestPart = "body" | "query" | "params";

export function validateRequestPart<S extends z.ZodType>(part: RequestPart, schema: S, value: unknown): z.output<S> {
  const res = schema.safeParse(value);
  if (!res.success) throw boomError(400, `[request ${part}]: ${stringifyZodError(res.error)}`);
  return res.data;
}

export const validateBody = <S extends z.ZodType>(schema: S, value: unknown) => validateRequestPart("body", schema, value);
export const validateQuery = <S extends z.ZodType>(schema: S, value: unknown) => validateRequestPart("query", schema, value);

/** Query-string boolean as Kibana's zod `BooleanFromString` accepts it. */
export function queryBoolean(v: unknown): boolean | undefined {
  const s: unknown = Array.isArray(v) ? v[v.length - 1] : v;
  if (s === undefined) return undefined;
  if (s === "true" || s === true) return true;
  if (s === "false" || s === false) return false;
  return undefined;
}
