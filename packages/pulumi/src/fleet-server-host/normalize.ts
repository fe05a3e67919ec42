import { normalizeFleetHostUrl, type FleetServerHost } from "@esac/kibana-client";
import { deepEqual } from "../provider-kit/json";
import { secretDigest, SECRET_HASH_KEY, SECRET_SALT_KEY } from "../provider-kit/secret-hash";

type Obj = Record<string, unknown>;

/** `ssl` fields holding private keys: never kept in state, covered by the secret hash instead. */
export const SSL_KEY_FIELDS = ["key", "es_key", "agent_key"] as const;

/** Host URLs as Fleet stores them; a URL that does not parse is left as is (check reports it). */
export function normalizeHostUrls(urls: unknown): unknown {
  if (!Array.isArray(urls)) return urls;
  return urls.map((u: unknown) => {
    try {
      return normalizeFleetHostUrl(String(u));
    } catch {
      return u;
    }
  });
}

/** `ssl` without key material and unset members; `undefined` when nothing is left. */
export function publicSsl(ssl: unknown): Obj | undefined {
  if (!ssl || typeof ssl !== "object") return undefined;
  const out: Obj = {};
  for (const [k, v] of Object.entries(ssl)) {
    if (v !== undefined && v !== null && !(SSL_KEY_FIELDS as readonly string[]).includes(k)) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Everything secret a program gives for a host: `secrets.ssl.*` and any key put directly in `ssl`. */
export function keyMaterial(inputs: Obj): Obj {
  const ssl = (inputs.ssl ?? {}) as Obj;
  return { secrets: inputs.secrets ?? {}, ssl: Object.fromEntries(SSL_KEY_FIELDS.map((k) => [k, ssl[k]])) };
}

export function keyMaterialHash(inputs: Obj): string {
  return secretDigest(inputs[SECRET_SALT_KEY] as string, keyMaterial(inputs));
}

/** True when the state's hash (made with `salt`) covers some key material, i.e. the host had keys. */
export function stateHadKeyMaterial(state: Obj, salt: string): boolean {
  return state[SECRET_HASH_KEY] !== secretDigest(salt, keyMaterial({}));
}

/** The managed fields in one normal form, from the program's inputs or from state. */
export function canonicalHost(fields: Obj): Obj {
  return {
    name: fields.name,
    host_urls: normalizeHostUrls(fields.host_urls),
    is_default: fields.is_default ?? false,
    is_internal: fields.is_internal ?? false,
    proxy_id: fields.proxy_id ?? null,
    ssl: publicSsl(fields.ssl) ?? null,
  };
}

/** State from Fleet's answer: never the key material (Fleet returns it in plain `ssl` without secret storage). */
export function hostState(item: FleetServerHost, hash: unknown): Obj {
  const state: Obj = {
    host_id: item.id,
    name: item.name,
    host_urls: item.host_urls,
    is_default: item.is_default,
    is_internal: item.is_internal ?? false,
    is_preconfigured: item.is_preconfigured,
    [SECRET_HASH_KEY]: hash,
  };
  if (item.proxy_id) state.proxy_id = item.proxy_id;
  const ssl = publicSsl(item.ssl);
  if (ssl) state.ssl = ssl;
  return state;
}

export function changedHostFields(olds: Obj, news: Obj): string[] {
  const before = canonicalHost(olds);
  const after = canonicalHost(news);
  const changed = Object.keys(after).filter((k) => !deepEqual(before[k], after[k]));
  if (olds[SECRET_HASH_KEY] !== keyMaterialHash(news)) changed.push("secrets");
  return changed;
}
