type Obj = Record<string, unknown>;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Exception list PUT merges `meta` into the stored object (saved-object update: nested objects merge, other
 * values replace), so a key disappears only when it is sent as `null`. Returns the `meta` to send to go from
 * `stored` to `desired`: `desired`, plus `null` for every key that must go.
 */
export function metaMergePatch(stored: Obj | undefined, desired: Obj | undefined): Obj | undefined {
  if (!stored) return desired;
  const out: Obj = { ...(desired ?? {}) };
  for (const [key, old] of Object.entries(stored)) {
    if (old === null) continue;
    const next = desired?.[key];
    if (next === undefined || next === null) out[key] = null;
    else if (isPlainObject(old) && isPlainObject(next)) out[key] = metaMergePatch(old, next);
  }
  return out;
}

/** `meta` as a merge-updated object reads back: null-valued keys dropped; an empty object means none. */
export function normalizeMergedMeta(meta: unknown): Obj | undefined {
  if (!isPlainObject(meta)) return undefined;
  const out: Obj = {};
  for (const [key, value] of Object.entries(meta)) {
    if (value === null || value === undefined) continue;
    out[key] = isPlainObject(value) ? (normalizeMergedMeta(value) ?? {}) : value;
  }
  return Object.keys(out).length ? out : undefined;
}

export type CommentPlan = { ok: true; append: string[] } | { ok: false; index: number; reason: string };

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * Kibana keeps exception item comments append-only: stored comments are kept as they are whatever a PUT says,
 * and every comment sent without an `id` is appended — so re-sending a comment duplicates it. Given the stored
 * texts and the desired ones, returns the comments to append, or why the change cannot be made in place.
 */
export function planCommentUpdate(stored: readonly string[], desired: readonly string[]): CommentPlan {
  for (let i = 0; i < stored.length; i++) {
    if (i >= desired.length) {
      return { ok: false, index: i, reason: `the existing comment ${quote(stored[i]!)} would be removed` };
    }
    if (desired[i] !== stored[i]) {
      return { ok: false, index: i, reason: `the existing comment ${quote(stored[i]!)} would be changed to ${quote(desired[i]!)}` };
    }
  }
  return { ok: true, append: desired.slice(stored.length) };
}
