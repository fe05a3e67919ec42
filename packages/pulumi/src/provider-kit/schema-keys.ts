import type { z } from "zod";

/** The parts of a zod 4 schema definition this module reads. */
interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  options?: z.core.$ZodType[];
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  items?: z.core.$ZodType[];
  left?: z.core.$ZodType;
  right?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
  values?: unknown[];
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional", "success"]);

function def(schema: z.core.$ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/**
 * The keys the schema accepts for the object at `path` of `input` — the candidates for "did you mean".
 * Unions are narrowed to the branches whose literal fields (a discriminator such as a rule's `type`) agree with
 * the input, so a query rule is not offered a threshold rule's keys.
 */
export function knownKeysAt(schema: z.core.$ZodType, input: unknown, path: readonly PropertyKey[]): string[] {
  let schemas = concrete(schema, input);
  let value = input;
  for (const key of path) {
    const next: z.core.$ZodType[] = [];
    for (const s of schemas) {
      const d = def(s);
      if (d.type === "object" && typeof key === "string" && d.shape?.[key]) next.push(d.shape[key]);
      else if (d.type === "array" && d.element) next.push(d.element);
      else if (d.type === "record" && d.valueType) next.push(d.valueType);
      else if (d.type === "tuple" && d.items?.[Number(key)]) next.push(d.items[Number(key)]);
    }
    value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    schemas = next.flatMap((s) => concrete(s, value));
  }
  const keys = new Set<string>();
  for (const s of schemas) for (const k of Object.keys(def(s).shape ?? {})) keys.add(k);
  return [...keys];
}

/** The schemas a value is checked against once wrappers, pipes, lazies, intersections and unions are looked through. */
function concrete(schema: z.core.$ZodType, value: unknown): z.core.$ZodType[] {
  const d = def(schema);
  if (WRAPPERS.has(d.type) && d.innerType) return concrete(d.innerType, value);
  if (d.type === "pipe" && d.in) return concrete(d.in, value);
  if (d.type === "lazy" && d.getter) return concrete(d.getter(), value);
  if (d.type === "intersection" && d.left && d.right) return [...concrete(d.left, value), ...concrete(d.right, value)];
  if (d.type === "union" && d.options) {
    const branches = d.options.flatMap((option) => concrete(option, value));
    const matching = branches.filter((branch) => literalsAgree(branch, value));
    return matching.length ? matching : branches;
  }
  return [schema];
}

function literalsAgree(schema: z.core.$ZodType, value: unknown): boolean {
  const shape = def(schema).shape;
  if (!shape || value === null || typeof value !== "object") return true;
  return Object.entries(shape).every(([key, field]) => {
    const given = (value as Record<string, unknown>)[key];
    const literal = concrete(field, given).find((s) => def(s).type === "literal");
    return given === undefined || !literal || (def(literal).values ?? []).includes(given);
  });
}
