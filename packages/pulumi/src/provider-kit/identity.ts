import { randomUUID } from "node:crypto";
import { deepEqual } from "./json";
import { DEFAULT_SPACE } from "./resource-options";
import { containsUnknown } from "./unknown";

type Obj = Record<string, unknown>;

/**
 * A natural key the program may leave out (`list_id`, `item_id`…). Kibana would generate one, but it has to be
 * known before create and stay stable, so it is kept from the previous inputs — unless one of `identity` (the
 * fields that force a replacement, compared after defaults) changed: then a fresh key lets the replacement be
 * created before the old object is deleted, and lets dependents see the change.
 */
export function naturalKey(news: Obj, olds: Obj, key: string, identity: readonly string[]): unknown {
  if (news[key] !== undefined) return news[key];
  const same = identity.every((k) => deepEqual(olds[k], news[k]));
  return same && typeof olds[key] === "string" ? olds[key] : randomUUID();
}

/** The keys among `keys` whose change forces a replacement (an unknown value might be a change). */
export function replacedKeys(olds: Obj, news: Obj, keys: readonly string[], defaults: Obj = {}): string[] {
  const withDefault = (o: Obj, k: string) => o[k] ?? defaults[k] ?? (k === "space_id" ? DEFAULT_SPACE : undefined);
  return keys.filter((k) => containsUnknown(news[k]) || !deepEqual(withDefault(olds, k), withDefault(news, k)));
}
