import { isKibanaError, REDACTED, Redactor } from "./transport";

/** Shorter strings are not scrubbed from error text: replacing "ab" everywhere would garble messages, not protect. */
const MIN_SCRUBBED_LENGTH = 4;

/** Every string leaf of a JSON-like value (the secret material to keep out of messages and logs). */
export function secretStrings(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.length >= MIN_SCRUBBED_LENGTH) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return out;
}

/** A copy of a JSON-like value with every string leaf replaced by `[REDACTED]` (structure kept, for debug logs). */
export function maskSecretValues<T>(value: T): T {
  if (typeof value === "string") return REDACTED as T;
  if (Array.isArray(value)) return value.map(maskSecretValues) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecretValues(v)])) as T;
  }
  return value;
}

/**
 * Removes secret values (connector secrets, TLS keys) from an error raised while they were being sent: Kibana
 * validation messages may quote a value. Rewrites the message, stack and, for a KibanaError, its Kibana message
 * and body in place, so the error keeps its class (`isNotFound`, `isConflict` still work).
 */
export function scrubSecrets<E>(error: E, secretValues: Iterable<string>): E {
  // JSON-escaped too: a PEM key quoted in a JSON error body shows its newlines as backslash-n.
  const redactor = new Redactor([...secretValues].flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]));
  if (!(error instanceof Error)) return (typeof error === "string" ? redactor.redact(error) : error) as E;
  error.message = redactor.redact(error.message);
  if (error.stack) error.stack = redactor.redact(error.stack);
  if (isKibanaError(error)) {
    const writable = error as unknown as { kibanaMessage: string; body: unknown };
    writable.kibanaMessage = redactor.redact(error.kibanaMessage);
    writable.body = redactor.redactDeep(error.body);
  }
  return error;
}
