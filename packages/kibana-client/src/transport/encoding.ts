import { randomBytes } from "node:crypto";
import { KibanaConfigError } from "./errors";

/** Query parameters: undefined values are skipped, arrays are repeated (`?a=1&a=2`). */
export type QueryParams = Record<string, string | number | boolean | string[] | undefined>;

/** A file upload for Kibana's `_import` endpoints. */
export interface MultipartFile {
  /** Form field name, e.g. "file". */
  field: string;
  /** File name; Kibana checks the extension (e.g. "rules.ndjson"). */
  filename: string;
  content: string | Uint8Array;
  /** Default: "application/octet-stream". */
  contentType?: string;
}

const SPACE_ID = /^[a-z0-9_-]+$/;

/** Prefix for a Kibana space: "" for the default space, "/s/{spaceId}" otherwise. */
export function spacePrefix(spaceId: string | undefined): string {
  if (spaceId === undefined || spaceId === "default") return "";
  if (!SPACE_ID.test(spaceId)) {
    throw new KibanaConfigError(`Invalid space_id ${JSON.stringify(spaceId)}: a Kibana space id may only contain lowercase letters, digits, "_" and "-".`);
  }
  return `/s/${spaceId}`;
}

/** The API path with its space prefix, e.g. "/s/sec/api/detection_engine/rules". */
export function spacedPath(path: string, spaceId: string | undefined): string {
  return `${spacePrefix(spaceId)}${path.startsWith("/") ? path : `/${path}`}`;
}

/** "?a=1&b=x%20y", or "" when there is nothing to encode. */
export function encodeQuery(query: QueryParams | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : "";
}

export interface EncodedBody {
  body: Buffer;
  contentType: string;
}

/** Encodes a JSON body or a multipart upload; undefined when the request has neither. */
export function encodeBody(body: unknown, multipart: MultipartFile | undefined): EncodedBody | undefined {
  if (multipart) {
    if (body !== undefined) throw new TypeError("A Kibana request cannot have both `body` and `multipart`.");
    return encodeMultipart(multipart);
  }
  if (body === undefined) return undefined;
  return { body: Buffer.from(JSON.stringify(body), "utf8"), contentType: "application/json" };
}

function encodeMultipart(file: MultipartFile): EncodedBody {
  const boundary = `----esac-${randomBytes(12).toString("hex")}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${escapeFormValue(file.field)}"; filename="${escapeFormValue(file.filename)}"\r\n` +
    `Content-Type: ${file.contentType ?? "application/octet-stream"}\r\n\r\n`;
  const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content);
  return {
    body: Buffer.concat([Buffer.from(head, "utf8"), content, Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

// The escaping browsers apply to form-data names (WHATWG HTML "multipart/form-data encoding algorithm").
function escapeFormValue(value: string): string {
  return value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

/**
 * Decodes a response body: undefined when empty, parsed JSON for `application/json` (or `+json`),
 * otherwise text (ndjson exports, HTML error pages).
 */
export function decodeBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (!isJsonContentType(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return mediaType === "application/json" || mediaType.endsWith("+json");
}
