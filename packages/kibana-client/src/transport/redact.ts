/** Replacement text for a scrubbed secret. */
export const REDACTED = "[REDACTED]";

/** The credential fields of a connection; the only values a {@link Redactor} derives secrets from. */
export interface CredentialFields {
  apiKey?: string;
  username?: string;
  password?: string;
}

/**
 * Every spelling of the credentials that could plausibly be echoed back to us: the raw values,
 * the Authorization header values we send, the decoded parts of an encoded API key
 * (Kibana issues `base64(id:key)`, and some error paths print the decoded id:key), the key without its
 * base64 padding, and the URL-encoded and JSON-escaped forms of each (a proxy page or a header dump in a
 * text body shows them that way).
 */
export function credentialSecrets(credentials: CredentialFields): string[] {
  const secrets: string[] = [];
  const { apiKey, username, password } = credentials;
  if (apiKey) {
    secrets.push(apiKey, `ApiKey ${apiKey}`, ...unpadded(apiKey));
    const decoded = decodeBase64Printable(apiKey);
    if (decoded) {
      secrets.push(decoded);
      const separator = decoded.indexOf(":");
      if (separator >= 0 && separator < decoded.length - 1) secrets.push(decoded.slice(separator + 1));
    }
  }
  if (password) {
    const basic = Buffer.from(`${username ?? ""}:${password}`, "utf8").toString("base64");
    secrets.push(password, `${username ?? ""}:${password}`, basic, `Basic ${basic}`, ...unpadded(basic));
  }
  return secrets.flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
}

// A value from `Authorization: <scheme> <token>` echoed in some serialisation (header dump, JSON, query-ish).
const AUTHORIZATION_VALUE = /(authorization["']?\s*[:=]\s*["']?)(?:(ApiKey|Basic|Bearer)\s+)?([^\s"',;{}[\]]+)/gi;
const AUTH_SCHEME = /^(ApiKey|Basic|Bearer)$/i;

/** Scrubs a fixed set of secret values from strings and from parsed JSON values. */
export class Redactor {
  readonly #secrets: readonly string[];

  constructor(secrets: Iterable<string | undefined>) {
    const unique = new Set<string>();
    for (const secret of secrets) if (secret) unique.add(secret);
    this.#secrets = [...unique];
  }

  /** A redactor for the credentials of a connection. */
  static forCredentials(credentials: CredentialFields): Redactor {
    return new Redactor(credentialSecrets(credentials));
  }

  redact(text: string): string {
    return scrubSpans(text, this.#secrets).replace(AUTHORIZATION_VALUE, (match, prefix: string, scheme: string | undefined, token: string) => {
      // "authorization: ApiKey [REDACTED]" is already clean; don't eat the scheme.
      if (!scheme && AUTH_SCHEME.test(token)) return match;
      return `${prefix}${scheme ? `${scheme} ` : ""}${REDACTED}`;
    });
  }

  /** Returns a copy of a JSON-like value with every string (keys included) redacted. */
  redactDeep<T>(value: T): T {
    return redactValue(value, this, new WeakSet()) as T;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Redactor { secrets: ${this.#secrets.length} }`;
  }

  toJSON(): string {
    return "Redactor";
  }
}

/**
 * Replaces every stretch of `text` covered by an occurrence of any secret with one {@link REDACTED}.
 * Occurrences are found in the original text and overlapping ones merged, so two secrets that overlap
 * ("ApiKey abc" and "abcdef" in "ApiKey abcdef") cannot leave a fragment of either behind.
 */
function scrubSpans(text: string, secrets: readonly string[]): string {
  const spans: Array<[number, number]> = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) spans.push([at, at + secret.length]);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let result = "";
  let cursor = 0;
  let [start, end] = spans[0];
  for (const [spanStart, spanEnd] of spans.slice(1)) {
    if (spanStart < end) {
      end = Math.max(end, spanEnd);
      continue;
    }
    result += text.slice(cursor, start) + REDACTED;
    cursor = end;
    [start, end] = [spanStart, spanEnd];
  }
  return result + text.slice(cursor, start) + REDACTED + text.slice(end);
}

/** Scrubs the given secret values from `text`. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  return new Redactor(secrets).redact(text);
}

function redactValue(value: unknown, redactor: Redactor, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactor.redact(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redactor, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[redactor.redact(key)] = redactValue(item, redactor, seen);
  return copy;
}

// A `%3D`-encoded or stripped base64 padding would otherwise leave all of a token but its "=" visible.
function unpadded(token: string): string[] {
  const stripped = token.replace(/=+$/, "");
  return stripped && stripped !== token ? [stripped] : [];
}

function decodeBase64Printable(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return /^[\x20-\x7e]+$/.test(decoded) && decoded.length >= 4 ? decoded : undefined;
}
