import * as pulumi from "@pulumi/pulumi";

/** True when `value` holds no Output or Promise anywhere inside: the program already knows all of it. */
export function holdsOnlyPlainValues(value: unknown): boolean {
  if (value === null || typeof value !== "object") return typeof value !== "function";
  if (pulumi.Output.isInstance(value) || typeof (value as { then?: unknown }).then === "function") return false;
  return Object.values(value).every(holdsOnlyPlainValues);
}
