import { createHash, randomUUID } from "node:crypto";
import { deepEqual } from "./json";
import { DEFAULT_SPACE } from "./resource-options";
import { containsUnknown, UNKNOWN } from "./unknown";

type Obj = Record<string, unknown>;

/**
 * The input through which every resource class tells its provider who it is (`project/stack/Type/name`): the
 * engine passes providers no URN, and a key generated at random is lost when the process dies between the create
 * and the state write. The providers never keep it in state.
 */
export const RESOURCE_IDENTITY_KEY = "__esac_identity";

/** Fixed once for esac: the keys of every resource are name-based UUIDs in this namespace. */
const ESAC_NAMESPACE = "39a1bcbc-0b6b-4113-9715-3933468d21b9";

/** A name-based UUID (RFC 9562 version 5: SHA-1 of a namespace and the name), lower-case like Kibana's own ids. */
export function nameBasedUuid(name: string, namespace: string = ESAC_NAMESPACE): string {
  const space = Buffer.from(namespace.replaceAll("-", ""), "hex");
  const bytes = createHash("sha1").update(space).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The key of a new object when the program gives none: the same on every attempt, crash and re-run of the same
 * resource (so a create whose answer was lost meets its own object with a 409 instead of making a second one),
 * different for every project, stack, type, resource name and `parts` (the fields a replacement may change).
 * `news` are the inputs the resource class passed. Unknown while a part is unknown (preview). Undefined when the
 * provider is called without the identity, which the resource classes always pass.
 */
export function derivedKey(news: Obj, parts: readonly unknown[] = []): string | undefined {
  const identity = news[RESOURCE_IDENTITY_KEY];
  if (typeof identity !== "string") return undefined;
  if (containsUnknown(identity) || containsUnknown(parts)) return UNKNOWN;
  return nameBasedUuid(JSON.stringify([identity, ...parts]));
}

/**
 * A natural key the program may leave out (`list_id`, `item_id`…). Kibana would generate one, but it has to be
 * known before create and stay stable, so it is kept from the previous inputs — unless one of `identity` (the
 * fields that force a replacement, compared after defaults) changed: then a different key lets the replacement be
 * created before the old object is deleted, and lets dependents see the change. A new key is derived from the
 * resource (`inputs`, the inputs as the resource class passed them) and the identity fields.
 */
export function naturalKey(news: Obj, olds: Obj, key: string, identity: readonly string[], inputs: Obj): unknown {
  if (news[key] !== undefined) return news[key];
  const same = identity.every((k) => deepEqual(olds[k], news[k]));
  if (same && typeof olds[key] === "string") return olds[key];
  return derivedKey(inputs, [key, ...identity.map((k) => news[k] ?? null)]) ?? randomUUID();
}

/** The keys among `keys` whose change forces a replacement (an unknown value might be a change). */
export function replacedKeys(olds: Obj, news: Obj, keys: readonly string[], defaults: Obj = {}): string[] {
  const withDefault = (o: Obj, k: string) => o[k] ?? defaults[k] ?? (k === "space_id" ? DEFAULT_SPACE : undefined);
  return keys.filter((k) => containsUnknown(news[k]) || !deepEqual(withDefault(olds, k), withDefault(news, k)));
}
