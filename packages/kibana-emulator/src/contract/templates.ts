/**
 * Which path templates of a bundle the contract harness matches requests against. Requests reach it with any
 * `/s/{space}` prefix already stripped, so a bundle's `/s/{spaceId}/…` variant stands for the plain path — unless the
 * bundle also has the plain path, which then describes the same operation (the prefixed copy is not used).
 */
export const SPACE_PREFIX = "/s/{spaceId}";

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export interface BundleTemplate {
  /** As written in the bundle. */
  original: string;
  /** As matched (space prefix removed). */
  template: string;
}

export function bundleTemplates(paths: Record<string, unknown>): BundleTemplate[] {
  const all = Object.keys(paths);
  const plain = new Set(all.filter((p) => !p.startsWith(SPACE_PREFIX)));
  const out: BundleTemplate[] = [];
  for (const original of all) {
    if (!original.startsWith(SPACE_PREFIX + "/")) {
      out.push({ original, template: original });
      continue;
    }
    const template = original.slice(SPACE_PREFIX.length);
    if (!plain.has(template)) out.push({ original, template });
  }
  return out;
}

export function isPathParam(segment: string): boolean {
  return /^\{.+\}$/.test(segment);
}

/**
 * True when some concrete path matches both templates (same length; each segment pair equal or either a parameter):
 * only then can a request routed by the emulator to one be checked against the other.
 */
export function templatesOverlap(a: string, b: string): boolean {
  const sa = a.split("/");
  const sb = b.split("/");
  return sa.length === sb.length && sa.every((s, i) => s === sb[i] || isPathParam(s) || isPathParam(sb[i]!));
}
