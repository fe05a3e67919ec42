import { createHmac, randomBytes } from "node:crypto";
import { canonicalJson } from "./json";

/**
 * Change detection for write-only secrets (connector secrets, Fleet TLS keys). Kibana never returns them, so the
 * state keeps a keyed hash instead: HMAC-SHA256 of the secret values, keyed with a per-resource random salt.
 *
 * Where the key lives: the salt is generated once (program side, as a Pulumi secret), kept in the resource's
 * *inputs* — encrypted in the state like every secret input — and carried from the previous inputs by `check`,
 * so hashes are stable across runs. It is never in the outputs. Without the salt, the plain-text hash cannot be
 * used to test guesses of a low-entropy secret (a password); with it, a changed secret gives a different hash
 * (→ update) and an unchanged one the same hash (→ no diff). Out-of-band changes to a secret in Kibana are
 * invisible: Kibana never returns secrets.
 */
export const SECRET_SALT_KEY = "secrets_salt";
export const SECRET_HASH_KEY = "secrets_hash";

export function newSecretSalt(): string {
  return randomBytes(32).toString("base64url");
}

/** `hmac-sha256:<base64url>` of the secret values. */
export function secretDigest(salt: string, secrets: unknown): string {
  return `hmac-sha256:${createHmac("sha256", salt)
    .update(canonicalJson(secrets ?? {}, { dropNulls: true }))
    .digest("base64url")}`;
}

/** The salt to use: the one already in the previous inputs, else the program's, else a fresh one. */
export function carriedSalt(olds: Record<string, unknown>, news: Record<string, unknown>): string {
  const valid = (v: unknown): v is string => typeof v === "string" && v.length >= 16;
  if (valid(olds[SECRET_SALT_KEY])) return olds[SECRET_SALT_KEY];
  if (valid(news[SECRET_SALT_KEY])) return news[SECRET_SALT_KEY];
  return newSecretSalt();
}
