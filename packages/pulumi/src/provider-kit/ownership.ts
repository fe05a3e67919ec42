import { isKibanaError } from "@esac/kibana-client";
import type { CheckProblem } from "./check";
import { derivedKey } from "./identity";
import { isUnknown } from "./unknown";

type Obj = Record<string, unknown>;

/**
 * The hidden input that carries the resource's owner id from `check` to `create` (the identity itself is dropped in
 * `check`). Never part of the outputs, never compared.
 */
export const OWNER_INPUT_KEY = "__esac_owner";

/**
 * The hidden input that carries, for objects that keep no free-form metadata (connectors, Fleet Server hosts), the id
 * this resource derives from its identity: an object at that id can only have been created by this resource, so the
 * id is the proof. A program-given id proves nothing.
 */
export const DERIVED_ID_INPUT_KEY = "__esac_derived_id";

/** `{ __esac_derived_id }` for `check`'s result (`parts` as the resource derives its id); empty without the identity. */
export function derivedIdInput(news: Obj, parts: readonly unknown[]): Obj {
  const id = derivedKey(news, parts);
  return id === undefined || isUnknown(id) ? {} : { [DERIVED_ID_INPUT_KEY]: id };
}

/** True when `id` is the id this resource derives: the object there is its own. */
export function isDerivedId(inputs: Obj, id: unknown): boolean {
  return typeof id === "string" && inputs[DERIVED_ID_INPUT_KEY] === id;
}

/** The key of esac's ownership marker in an object's free-form `meta`: `meta.esac = { owner }`. */
export const OWNER_META_KEY = "esac";

/**
 * `{ __esac_owner }` for `check`'s result: a name-based UUID of the resource's identity (project/stack/Type/name),
 * the same on every attempt and re-run of this resource, different for any other. Empty without the identity.
 */
export function ownerInput(news: Obj): Obj {
  const owner = derivedKey(news, [OWNER_INPUT_KEY]);
  return owner === undefined ? {} : { [OWNER_INPUT_KEY]: owner };
}

/** The owner id `check` put in the inputs; undefined when there is none (or it is still unknown). */
export function ownerOf(inputs: Obj): string | undefined {
  const owner = inputs[OWNER_INPUT_KEY];
  return typeof owner === "string" && !isUnknown(owner) ? owner : undefined;
}

/** The inputs without the owner id. */
export function withoutOwnerInput(inputs: Obj): Obj {
  const { [OWNER_INPUT_KEY]: _owner, ...rest } = inputs;
  return rest;
}

/** A program's own `meta.esac` would be hidden and overwritten by the marker: refused at preview, naming the key. */
export function reservedMetaProblems(news: Obj): CheckProblem[] {
  const meta = news.meta;
  if (!meta || typeof meta !== "object" || Array.isArray(meta) || isUnknown(meta) || !(OWNER_META_KEY in meta)) return [];
  return [
    {
      path: ["meta", OWNER_META_KEY],
      reason: "reserved: esac keeps its ownership marker there (which resource created the object); use another key",
      value: (meta as Obj)[OWNER_META_KEY],
    },
  ];
}

/** `meta` with the ownership marker of `owner` merged in (the user's own keys kept); unchanged without an owner. */
export function withOwnerMarker(meta: unknown, owner: string | undefined): Obj | undefined {
  const own = meta && typeof meta === "object" && !Array.isArray(meta) ? (meta as Obj) : undefined;
  if (owner === undefined) return own;
  return { ...own, [OWNER_META_KEY]: { owner } };
}

/**
 * `meta` as the user sees it: without the marker, and left out when empty (a program's `meta: {}` and the empty
 * object the marker leaves behind compare equal), so that the marker never shows as a change.
 */
export function withoutOwnerMarker(meta: unknown): unknown {
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return meta;
  const { [OWNER_META_KEY]: _marker, ...rest } = meta as Obj;
  return Object.keys(rest).length ? rest : undefined;
}

/** Sets `obj.meta` to `meta`, removing the key when `meta` is undefined. */
export function setMeta(obj: Obj, meta: unknown): Obj {
  const { meta: _old, ...rest } = obj;
  return meta === undefined ? rest : { ...rest, meta };
}

/** The proof of ownership for objects that keep `meta`: it carries `owner`'s marker. Never true without an owner. */
export function carriesOwnerMarker(owner: string | undefined): (found: { meta?: unknown }) => boolean {
  return (found) => {
    if (owner === undefined) return false;
    const marker = (found.meta as Obj | undefined)?.[OWNER_META_KEY];
    return !!marker && typeof marker === "object" && (marker as Obj).owner === owner;
  };
}

/** True for the error of an ambiguous create that found, under its key, an object it cannot prove its own. */
export function isForeignObject(error: unknown): boolean {
  return isKibanaError(error) && error.foreignObject;
}

/**
 * The error for an ambiguous create that found someone else's object under its key: `adopt` is the resource's
 * own sentence on what `adopt: true` does.
 */
export function foreignObjectError(label: string, adopt: string, cause: unknown): Error {
  return new Error(
    `${label}: the outcome of the create is unknown (its answer was lost) and an object with that key exists in Kibana ` +
      `that this resource cannot prove it created (it carries no ownership marker of this resource, or its id is one ` +
      `the program chose), so it was neither taken nor deleted. ${adopt}`,
    { cause },
  );
}

let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/**
 * Says that a create took back the object an earlier, interrupted create of the same resource made (to stderr: a
 * dynamic provider has no engine connection to log through; the CLI shows it with the resource's output).
 */
export function logTookBack(label: string): void {
  sink(
    `[esac] ${label} already existed and carries this resource's ownership marker: taken back as this resource's own (an earlier create of it was interrupted before Pulumi recorded it).`,
  );
}

/** Redirects the take-back lines (tests); returns the previous sink. */
export function setOwnershipLogSink(next: (line: string) => void): (line: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}
