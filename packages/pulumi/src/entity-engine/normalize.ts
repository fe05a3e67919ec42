import { ENGINE_DESCRIPTOR_DEFAULTS, ENGINE_INIT_FIELDS, type EngineDescriptor, type EngineInitBody } from "@esac/kibana-client";
import { deepEqual } from "../provider-kit/json";

type Obj = Record<string, unknown>;

type Echoed = keyof typeof ENGINE_DESCRIPTOR_DEFAULTS;
const isEchoed = (k: string): k is Echoed => k in ENGINE_DESCRIPTOR_DEFAULTS;

/** The init body a program's inputs ask for (only the fields it sets: Kibana fills the rest). */
export function initBody(inputs: Obj): EngineInitBody {
  const body: Obj = {};
  for (const k of ENGINE_INIT_FIELDS) if (inputs[k] !== undefined) body[k] = inputs[k];
  return body as EngineInitBody;
}

/**
 * Init settings in one normal form: the fields the descriptor echoes get Kibana's defaults; the others are compared
 * only when set (Kibana does not return them, so the state holds what was last sent).
 */
export function canonicalSettings(fields: Obj): Obj {
  const out: Obj = {};
  for (const k of ENGINE_INIT_FIELDS) {
    const v = fields[k] !== undefined ? fields[k] : isEchoed(k) ? ENGINE_DESCRIPTOR_DEFAULTS[k] : undefined;
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The init settings that differ between state and program: any of them needs a re-init. */
export function changedSettings(olds: Obj, news: Obj): string[] {
  const before = canonicalSettings(olds);
  const after = canonicalSettings(news);
  return ENGINE_INIT_FIELDS.filter((k) => !deepEqual(before[k], after[k]));
}

/**
 * Settings as state, from a descriptor: a field Kibana echoes is taken from it when the resource manages it (it
 * was sent, or it is one of the always-echoed four); other fields keep the value last sent. Newer Kibana versions
 * echo more fields (the API reference lists `lookbackPeriod`, `frequency`…); those are taken only when managed.
 */
export function settingsState(descriptor: EngineDescriptor, managed: Obj): Obj {
  const out: Obj = {};
  for (const k of ENGINE_INIT_FIELDS) {
    const isManaged = managed[k] !== undefined || isEchoed(k);
    const v = isManaged && descriptor[k] !== undefined ? descriptor[k] : managed[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** `enabled` as observed: running or about to run → true, stopped → false; in error, the intent is kept. */
export function enabledFromStatus(status: string, previous: unknown): boolean {
  if (status === "stopped") return false;
  if (status === "error") return previous !== false;
  return true;
}
