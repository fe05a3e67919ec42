/**
 * Reading resource props safely. During `pulumi preview` a value computed from another resource's output may be
 * unknown. `@pulumi/policy` hands resource policies a proxy that throws when such a value is read (the framework
 * then reports "can't run policy during preview" as advisory) — the right outcome for a resource check that needs
 * the value. Stack checks instead get plain copies in which unknown values are the `UNKNOWN` marker.
 */

/** Marks a value that is unknown during preview (in plain copies made by `toPlain`). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

/** `@pulumi/policy`'s sentinels for unknown values (`proxy.js`), stable across its releases. */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also the engine's own unknown sentinel)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN || (typeof v === "string" && UNKNOWN_SENTINELS.has(v));
}

const PROXY_TARGET = "__getSpecialProxyTarget";

/** A deep plain copy of props (unwrapping `@pulumi/policy`'s proxies), unknown values replaced by `UNKNOWN`. */
export function toPlain(value: unknown): any {
  if (value === null || typeof value !== "object") return isUnknown(value) ? UNKNOWN : value;
  const target = (value as Record<string, unknown>)[PROXY_TARGET];
  const obj = (target && typeof target === "object" ? target : value) as Record<string, unknown>;
  if (Array.isArray(obj)) return obj.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = toPlain(v);
  return out;
}

/** `value` if it is a non-empty string (after trimming), else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" && !isUnknown(value) ? value : undefined;
}

/** `value` if it is an array, else an empty array. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/**
 * How a rule is named in messages: `rule "Name" (rule_id x)`. Never throws, even if a field is unknown, so a
 * message can always be built.
 */
export function ruleLabel(r: { name: string; props: Record<string, any> }): string {
  const name = safe(() => text(r.props.name)?.trim());
  const ruleId = safe(() => text(r.props.rule_id));
  const parts = [`rule "${name ?? r.name}"`];
  if (ruleId) parts.push(`(rule_id ${ruleId})`);
  return parts.join(" ");
}

/** `${kind} "<resource name>"`, optionally with a Kibana id field. */
export function resourceLabel(kind: string, r: { name: string; props: Record<string, any> }, idField?: string): string {
  const id = idField ? safe(() => text(r.props[idField])) : undefined;
  return `${kind} "${r.name}"${id ? ` (${idField} ${id})` : ""}`;
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function isBuildingBlock(props: Record<string, any>): boolean {
  return text(props.building_block_type) !== undefined;
}
