import { isIP } from "node:net";
import type { ValueListType } from "./schema";

const RANGE = /^(?<gte>.+)-(?<lte>.+)$/s;
const DATE_RANGE = /^(?<gte>.+),(?<lte>.+)$/s;
const GEO = /^(?<lat>.+),(?<lon>.+)$/s;

/**
 * The value Kibana reads back for a value sent to a list of `type`. Kibana parses every value with its default
 * serializer (trimmed; ranges split on "-", date ranges on ",", points on ",") and renders it again on read, so
 * `10.0.0.1` in an `ip_range` list comes back as `10.0.0.1-10.0.0.1` and ` a ` as `a`. Create and update
 * responses echo the value as sent; only reads show this form.
 */
export function normalizeListItemValue(type: ValueListType, value: string): string {
  const v = value.trim();
  switch (type) {
    case "ip_range": {
      const r = RANGE.exec(v)?.groups;
      if (r) return `${r.gte!.trim()}-${r.lte!.trim()}`;
      return v.includes("/") ? v : `${v}-${v}`;
    }
    case "double_range":
    case "float_range":
    case "integer_range":
    case "long_range": {
      const r = RANGE.exec(v)?.groups;
      return r ? `${r.gte!.trim()}-${r.lte!.trim()}` : `${v}-${v}`;
    }
    case "date_range": {
      const r = DATE_RANGE.exec(v)?.groups;
      return r ? `${r.gte!.trim()},${r.lte!.trim()}` : `${v},${v}`;
    }
    case "geo_point": {
      const g = GEO.exec(v)?.groups;
      return g ? `${g.lat!.trim()},${g.lon!.trim()}` : v;
    }
    case "geo_shape":
    case "shape": {
      const g = GEO.exec(v)?.groups;
      return g ? `POINT (${g.lon!.trim()} ${g.lat!.trim()})` : v;
    }
    default:
      return v;
  }
}

const INTEGER_RANGES: Partial<Record<ValueListType, [bigint, bigint]>> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

function numberError(type: ValueListType, v: string): string | undefined {
  const bounds = INTEGER_RANGES[type];
  if (bounds) {
    if (!/^[+-]?\d+$/.test(v)) return `"${v}" is not an integer`;
    const n = BigInt(v);
    if (n < bounds[0] || n > bounds[1]) return `"${v}" is out of range for a ${type}`;
    return undefined;
  }
  return v.trim() === "" || !Number.isFinite(Number(v)) ? `"${v}" is not a number` : undefined;
}

function ipError(v: string): string | undefined {
  return isIP(v) ? undefined : `"${v}" is not an IP address`;
}

function cidrError(v: string): string | undefined {
  const [ip, bits, extra] = v.split("/");
  const family = isIP(ip ?? "");
  const max = family === 4 ? 32 : 128;
  if (!family || extra !== undefined || !/^\d+$/.test(bits ?? "") || Number(bits) > max) return `"${v}" is not a CIDR block`;
  return undefined;
}

/**
 * Why Elasticsearch would refuse `value` for a list of `type` (undefined when it is accepted). A single
 * create answers 400 for such a value, while `_import` drops it silently, so callers check before sending.
 */
export function listItemValueError(type: ValueListType, value: string): string | undefined {
  if (value.trim() === "") return "empty values are not allowed";
  if (/[\r\n]/.test(value)) return "a value cannot contain a line break";
  const normal = normalizeListItemValue(type, value);
  switch (type) {
    case "ip":
      return ipError(normal);
    case "ip_range": {
      const r = RANGE.exec(value.trim())?.groups;
      if (r) return ipError(r.gte!.trim()) ?? ipError(r.lte!.trim());
      return normal.includes("/") ? cidrError(normal) : ipError(value.trim());
    }
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "double":
    case "float":
    case "half_float":
      return numberError(type, normal);
    case "integer_range":
    case "long_range":
    case "double_range":
    case "float_range": {
      const bound = type.replace("_range", "") as ValueListType;
      const r = RANGE.exec(value.trim())?.groups;
      const [gte, lte] = r ? [r.gte!.trim(), r.lte!.trim()] : [value.trim(), value.trim()];
      return numberError(bound, gte) ?? numberError(bound, lte);
    }
    case "boolean":
      return normal === "true" || normal === "false" ? undefined : `"${normal}" is not true or false`;
    case "date":
    case "date_nanos":
      return Number.isNaN(Date.parse(normal)) && !/^\d+$/.test(normal) ? `"${normal}" is not a date` : undefined;
    default:
      return undefined;
  }
}
