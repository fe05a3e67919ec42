import { setTimeout as sleep } from "node:timers/promises";
import { importListItems, isConflict, isKibanaError, type ValueListType } from "@esac/kibana-client";
import type { KibanaTarget } from "../provider-kit/kibana-target";
import { ListGoneError, readContents } from "./contents";
import { canonicalValues } from "./normalize";

/** Imports tried for one set of values: the first, then one per read-back after an answer was lost. */
export const IMPORT_ATTEMPTS = 3;

/**
 * Wait before reading back after a lost `_import` answer: Elasticsearch makes new documents searchable within its
 * 1 s refresh interval, so a read sooner could miss values the import did write and import them a second time.
 */
export const READ_BACK_DELAY_MS = 1000;

/** The values present in the list, as a set of canonical values, and the list's type when known. */
export interface Present {
  type: ValueListType | undefined;
  values: ReadonlySet<string>;
}

async function importOnce(target: KibanaTarget, listId: string, values: string[]): Promise<ValueListType | undefined> {
  try {
    return (await importListItems(target, listId, values))?.type;
  } catch (error) {
    // `_import` answers 409 when the list does not exist.
    if (isConflict(error) || (isKibanaError(error) && error.status === 404)) throw new ListGoneError(listId);
    throw error;
  }
}

/** `desired` minus what is present, in the program's own spelling, each value once. */
function missingValues(desired: readonly string[], present: Present): string[] {
  const seen = new Set<string>();
  return desired.filter((value) => {
    const canonical = canonicalValues([value], present.type)[0]!;
    if (present.values.has(canonical) || seen.has(canonical)) return false;
    seen.add(canonical);
    return true;
  });
}

function lostAnswersError(last: Error): Error {
  return new Error(
    `the answers of ${IMPORT_ATTEMPTS} imports were lost, so they may or may not have been applied (last: ${last.message}). ` +
      "Nothing is imported twice: the next `pulumi up` reads the list and imports only the values still missing",
  );
}

/**
 * Imports the values of `desired` that are not `present`, so an import never adds a second copy of a value.
 * `_import` is not idempotent and has no key to look an import up by: when its answer is lost (connection reset
 * after sending, timeout, 502/504 — the import may or may not have been applied, in part or in full), the list is
 * read back and only what is still missing is imported. Returns the list's type when known.
 */
export async function importMissing(target: KibanaTarget, listId: string, desired: readonly string[], present: Present): Promise<ValueListType | undefined> {
  let current = present;
  for (let attempt = 1; ; attempt++) {
    const missing = missingValues(desired, current);
    if (!missing.length) return current.type;
    try {
      return (await importOnce(target, listId, missing)) ?? current.type;
    } catch (error) {
      if (!(isKibanaError(error) && error.outcomeUnknown)) throw error;
      if (attempt >= IMPORT_ATTEMPTS) throw lostAnswersError(error);
    }
    await sleep(READ_BACK_DELAY_MS);
    const contents = await readContents(target, listId, current.type);
    if (!contents) throw new ListGoneError(listId);
    current = { type: contents.type, values: new Set(contents.byValue.keys()) };
  }
}
