import * as pulumi from "@pulumi/pulumi";

/** True when `value` is itself an Output or a Promise (or any thenable): the program does not know it yet. */
export function isOutputOrPromise(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function");
}

/** True when `value` holds no Output or Promise anywhere inside: the program already knows all of it. */
export function holdsOnlyPlainValues(value: unknown): boolean {
  if (value === null || typeof value !== "object") return typeof value !== "function";
  if (isOutputOrPromise(value)) return false;
  return Object.values(value).every(holdsOnlyPlainValues);
}
