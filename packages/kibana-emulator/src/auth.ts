/**
 * Authentication (kibana-behaviour.md §0.5). One superuser: `Authorization: ApiKey <key>` (the configured key,
 * compared as an opaque string) or `Basic base64(username:password)`. API-key requests act as user "elastic".
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { boomBody, type BoomBody } from "./errors";

export interface Credentials {
  apiKey: string;
  username: string;
  password: string;
}

export interface AuthenticatedUser {
  username: string;
  authType: "api_key" | "basic";
}

export type AuthResult = { ok: true; user: AuthenticatedUser } | { ok: false; reason: "missing" | "invalid"; body: BoomBody };

/** The user Kibana reports as owner of the configured API key. */
export const API_KEY_USERNAME = "elastic";

function esSecurityException(text: string): string {
  return `[security_exception\n\tRoot causes:\n\t\tsecurity_exception: ${text}]: ${text}`;
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export function authenticate(headers: IncomingHttpHeaders, creds: Credentials): AuthResult {
  const header = headers.authorization;
  if (!header || !header.trim()) {
    return { ok: false, reason: "missing", body: boomBody(401, "Unauthorized") };
  }
  const m = /^(\S+)\s+(.*)$/.exec(header.trim());
  const scheme = m?.[1]?.toLowerCase();
  const value = m?.[2]?.trim() ?? "";
  if (scheme === "apikey") {
    if (safeEqual(value, creds.apiKey)) return { ok: true, user: { username: API_KEY_USERNAME, authType: "api_key" } };
    return {
      ok: false,
      reason: "invalid",
      body: boomBody(401, esSecurityException("unable to authenticate with provided credentials and anonymous access is not allowed for this request")),
    };
  }
  if (scheme === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const idx = decoded.indexOf(":");
    const user = idx >= 0 ? decoded.slice(0, idx) : decoded;
    const pass = idx >= 0 ? decoded.slice(idx + 1) : "";
    if (idx >= 0 && safeEqual(user, creds.username) && safeEqual(pass, creds.password)) {
      return { ok: true, user: { username: user, authType: "basic" } };
    }
    return {
      ok: false,
      reason: "invalid",
      body: boomBody(401, esSecurityException(`unable to authenticate user [${user}] for REST request [/_security/_authenticate]`)),
    };
  }
  return { ok: false, reason: "invalid", body: boomBody(401, "Unauthorized") };
}

/** `ApiKey` value in Elasticsearch's format: base64("<id>:<secret>"). */
export function generateApiKey(random: (n: number) => Buffer): string {
  const id = random(15).toString("base64url");
  const secret = random(16).toString("base64url");
  return Buffer.from(`${id}:${secret}`).toString("base64");
}
