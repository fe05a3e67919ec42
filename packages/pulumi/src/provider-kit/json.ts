/** Structural equality of JSON-like values; a key holding `undefined` counts as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ak.length !== bk.length) return false;
    return ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * Pulumi state must be plain JSON: `undefined` values throw "Unexpected struct type" (pulumi/pulumi#2205). The copy
 * follows `JSON.stringify` (members holding undefined, a function or a symbol dropped, such array elements and
 * non-finite numbers made null, `toJSON` honoured) without the text round trip, which cost 30 µs per rule.
 */
export function toPlainJson<T>(value: T): T {
  return value === undefined ? value : (plain(value) as T);
}

const droppable = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

function plain(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
  if (typeof value === "bigint") throw new TypeError("Do not know how to serialize a BigInt");
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return plain((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return value.map((v) => (droppable(v) ? null : plain(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!droppable(v)) out[k] = plain(v);
  return out;
}

/** Keys (of the union of both objects' keys within `keys`) whose values differ. */
export function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((k) => !deepEqual(olds[k], news[k]));
}

export function pick<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out as Partial<T>;
}

/**
 * JSON with object keys sorted, so equal values always give the same text. `dropNulls` leaves out members that are
 * null or undefined (for digests, where an absent and a null member mean the same); otherwise only undefined ones go,
 * as in `JSON.stringify`.
 */
export function canonicalJson(value: unknown, options: { dropNulls?: boolean } = {}): string {
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (Array.isArray(v)) return `[${v.map(text).join(",")}]`;
    if (typeof v === "object") {
      const entries = Object.entries(v)
        .filter(([, m]) => m !== undefined && !(options.dropNulls && m === null))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, m]) => `${JSON.stringify(k)}:${text(m)}`).join(",")}}`;
    }
    return JSON.stringify(v);
  };
  return text(value);
}
