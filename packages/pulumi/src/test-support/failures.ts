/** The argument path each check failure names (its reason starts with "<path>: "), e.g. `entries.0.value`. */
export function failurePaths(res: { failures?: { property: string; reason: string }[] }): string[] {
  return (res.failures ?? []).map((f) => {
    // The engine would print a nested or secret property wrongly (see provider-kit/check.ts): it stays empty.
    if (f.property !== "") throw new Error(`check failure with property "${f.property}": ${f.reason}`);
    return f.reason.slice(0, f.reason.indexOf(": "));
  });
}
