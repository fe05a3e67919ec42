/** Request-body and query-string helpers (no framework). */
import type { IncomingMessage } from "node:http";
import { boomError } from "./errors";

export type Query = Record<string, string | string[]>;

/** Repeated keys become arrays, like Hapi's query parser. */
export function parseQuery(search: URLSearchParams): Query {
  const out: Query = {};
  for (const [k, v] of search) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

export const MAX_BODY_BYTES = 100 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(boomError(413, "Payload content length greater than maximum allowed: " + MAX_BODY_BYTES));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Hapi payload parsing: JSON when the content type is JSON (or absent), else 415 unless the route takes multipart.
 * Invalid JSON → `400 Invalid request payload JSON format`.
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = mediaType(contentType);
  if (type !== "" && type !== "application/json" && !type.endsWith("+json")) {
    throw boomError(415, "Unsupported Media Type");
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw boomError(400, "Invalid request payload JSON format");
  }
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Minimal multipart/form-data parser (RFC 7578), enough for `_import` uploads. */
export function parseMultipart(raw: Buffer, contentType: string | undefined): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  const boundary = m?.[1] ?? m?.[2]?.trim();
  if (!boundary) throw boomError(400, "Invalid multipart payload format");
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = raw.indexOf(delimiter);
  if (pos < 0) throw boomError(400, "Invalid multipart payload format");
  for (;;) {
    pos += delimiter.length;
    if (raw.subarray(pos, pos + 2).toString() === "--") break; // closing delimiter
    if (raw.subarray(pos, pos + 2).toString() === "\r\n") pos += 2;
    const next = raw.indexOf(delimiter, pos);
    if (next < 0) throw boomError(400, "Invalid multipart payload format");
    let part = raw.subarray(pos, next);
    if (part.subarray(part.length - 2).toString() === "\r\n") part = part.subarray(0, part.length - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headerText = headerEnd >= 0 ? part.subarray(0, headerEnd).toString("utf8") : "";
    const data = headerEnd >= 0 ? part.subarray(headerEnd + 4) : Buffer.alloc(0);
    const headers: Record<string, string> = {};
    for (const line of headerText.split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const disposition = headers["content-disposition"] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? "";
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    parts.push({ name, filename, contentType: headers["content-type"], data: Buffer.from(data) });
    pos = next;
  }
  return parts;
}

export function firstQueryValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}
