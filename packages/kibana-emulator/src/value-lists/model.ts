/**
 * How Kibana stores a value-list item and reads it back (kibana-behaviour.md §3.3, lists plugin
 * `transformListItemToElasticQuery` / `findSourceValue`): the value is parsed with the type's default serializer
 * into the typed field of an `.items-<space>` document (trimmed; ranges → {gte,lte}; points → {lat,lon}), which
 * Elasticsearch validates against its mapping, and rendered again on read. Written independently of the client's
 * `normalizeListItemValue` so that tests can hold one against the other.
 */
import { isIP } from "node:net";
import type { ValueListType } from "@esac/kibana-client";

export type StoredValue = string | { gte: string; lte: string } | { lat: string; lon: string };

const LTE_GTE = /(?<gte>.+)-(?<lte>.+)|(?<value>.+)/;
const DATE_RANGE = /(?<gte>.+),(?<lte>.+)|(?<value>.+)/;
const GEO = /(?<lat>.+),(?<lon>.+)/;

/** The typed field's content for `value` (`transformListItemToElasticQuery`). */
export function serializeValue(type: ValueListType, value: string): StoredValue {
  const v = value.trim();
  switch (type) {
    case "shape":
    case "geo_shape": {
      const g = GEO.exec(v)?.groups;
      return g ? `POINT (${g.lon!.trim()} ${g.lat!.trim()})` : v;
    }
    case "geo_point": {
      const g = GEO.exec(v)?.groups;
      return g ? { lat: g.lat!.trim(), lon: g.lon!.trim() } : v;
    }
    case "ip_range": {
      const g = LTE_GTE.exec(v)!.groups!;
      if (g.gte != null && g.lte != null) return { gte: g.gte.trim(), lte: g.lte.trim() };
      return g.value!.includes("/") ? g.value!.trim() : { gte: g.value!.trim(), lte: g.value!.trim() };
    }
    case "date_range":
    case "double_range":
    case "float_range":
    case "integer_range":
    case "long_range": {
      const g = (type === "date_range" ? DATE_RANGE : LTE_GTE).exec(v)!.groups!;
      return g.gte != null && g.lte != null ? { gte: g.gte.trim(), lte: g.lte.trim() } : { gte: g.value!.trim(), lte: g.value!.trim() };
    }
    default:
      return (/(?<value>.+)/.exec(v)?.groups?.value ?? v).trim();
  }
}

/** The value a read returns (`findSourceValue` with the default templates). */
export function deserializeValue(type: ValueListType, stored: StoredValue): string {
  if (typeof stored === "string") return stored;
  if ("lat" in stored) return `${stored.lat},${stored.lon}`;
  return type === "date_range" ? `${stored.gte},${stored.lte}` : `${stored.gte}-${stored.lte}`;
}

function isNumber(v: string, integer: boolean): boolean {
  return integer ? /^[+-]?\d+$/.test(v) : v.trim() !== "" && Number.isFinite(Number(v));
}

function isCidr(v: string): boolean {
  const [ip, bits] = v.split("/");
  const family = isIP(ip ?? "");
  return family > 0 && /^\d+$/.test(bits ?? "") && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Elasticsearch's mapping check: undefined when the document indexes, else the part that failed to parse. */
export function mappingError(type: ValueListType, stored: StoredValue): string | undefined {
  const parts = typeof stored === "string" ? [stored] : "lat" in stored ? [stored.lat, stored.lon] : [stored.gte, stored.lte];
  const ok = (p: string): boolean => {
    switch (type) {
      case "ip":
        return isIP(p) > 0;
      case "ip_range":
        return typeof stored === "string" ? isCidr(p) : isIP(p) > 0;
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "integer_range":
      case "long_range":
        return isNumber(p, true);
      case "double":
      case "float":
      case "half_float":
      case "double_range":
      case "float_range":
      case "geo_point":
        return isNumber(p, false) || (type === "geo_point" && typeof stored === "string");
      case "boolean":
        return p === "true" || p === "false";
      case "date":
      case "date_nanos":
      case "date_range":
        return !Number.isNaN(Date.parse(p)) || /^\d+$/.test(p);
      default:
        return true;
    }
  };
  return parts.find((p) => !ok(p));
}

/** Elasticsearch's `document_parsing_exception`, as `transformError` passes it on (a 400). */
export function mappingErrorMessage(type: ValueListType, id: string, part: string): string {
  return `document_parsing_exception\n\tRoot causes:\n\t\tdocument_parsing_exception: [1:2] failed to parse field [${type}] of type [${type}] in document with id '${id}'. Preview of field's value: '${part}'`;
}

/** `_find` cursor: base64 of `[index, searchAfter?]` (lists plugin `encodeCursor` / `decodeCursor`). */
export function encodeCursor(page: number, perPage: number, searchAfter: string[] | undefined): string {
  const cursor = searchAfter != null ? [page * perPage, searchAfter] : [0];
  return Buffer.from(JSON.stringify(cursor)).toString("base64");
}

export type DecodedCursor = { ok: true; index: number; searchAfter: string[] | undefined } | { ok: false; message: string };

export function decodeCursor(cursor: string | undefined, page: number, perPage: number, sortField: string | undefined): DecodedCursor {
  if (cursor == null) return { ok: true, index: 0, searchAfter: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64").toString());
  } catch {
    return { ok: false, message: "Error parsing JSON from base64 encoded cursor" };
  }
  const valid =
    Array.isArray(parsed) &&
    (parsed.length === 1 || parsed.length === 2) &&
    typeof parsed[0] === "number" &&
    (parsed[1] === undefined || (Array.isArray(parsed[1]) && parsed[1].every((s: unknown) => typeof s === "string")));
  if (!valid) return { ok: false, message: "Error decoding cursor structure" };
  const [index, searchAfter] = parsed as [number, string[] | undefined];
  const start = (page - 1) * perPage;
  if (index < 0) return { ok: false, message: "index of cursor cannot be less 0" };
  if (index > start) return { ok: false, message: `index: ${index} of cursor cannot be greater than the start page index: ${start}` };
  if (searchAfter != null && searchAfter.length > 1 && sortField == null) return { ok: false, message: "" };
  return { ok: true, index, searchAfter };
}

/**
 * One `_find` page over documents sorted by (sort field, tie_breaker_id): with a cursor, continue after its
 * `search_after` position (hopping forward when pages were skipped); without, from `(page - 1) * perPage`.
 */
export function findPage<T extends { tie_breaker_id: string }>(
  sorted: T[],
  sortKey: ((doc: T) => string) | undefined,
  cursor: { index: number; searchAfter: string[] | undefined },
  page: number,
  perPage: number,
  dir: 1 | -1 = 1,
): { data: T[]; cursor: string } {
  const start = (page - 1) * perPage;
  let from = start;
  if (cursor.searchAfter != null) {
    const after = cursor.searchAfter;
    const key = (doc: T) => (sortKey ? [sortKey(doc), doc.tie_breaker_id] : [doc.tie_breaker_id]);
    const pos = sorted.findIndex((doc) => compareKeys(key(doc), after) * dir > 0);
    from = pos < 0 ? sorted.length : pos + (start - cursor.index);
  }
  const data = sorted.slice(from, from + perPage);
  const lastDoc = data[data.length - 1];
  const searchAfter = lastDoc ? (sortKey ? [sortKey(lastDoc), lastDoc.tie_breaker_id] : [lastDoc.tie_breaker_id]) : undefined;
  return { data, cursor: encodeCursor(page, perPage, searchAfter) };
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Lines of an uploaded file as Kibana's `BufferLines` yields them: blank lines skipped, duplicates dropped per 1,000-line buffer. */
export function importLines(text: string, bufferSize = 1000): string[] {
  const out: string[] = [];
  let buffer = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    buffer.add(line);
    if (buffer.size > bufferSize) {
      out.push(...buffer);
      buffer = new Set();
    }
  }
  out.push(...buffer);
  return out;
}
