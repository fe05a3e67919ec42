/** Pulumi `customTimeouts` strings (Go durations: "10m", "1h30m", "90s", "500ms") → milliseconds; undefined if invalid. */
export function parseDuration(value: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  part.lastIndex = 0;
  for (let m = part.exec(value); m; m = part.exec(value)) total += Number(m[1]) * units[m[2]!]!;
  return total;
}
