import { ForeignObjectError, type KibanaResponse } from "./transport";

/** Options of the create calls. */
export interface CreateOptions<T> {
  /**
   * The proof that an object found under the create's key after an ambiguous failure (the answer was lost) was made by
   * this create: e.g. it carries the caller's ownership marker, or its id can only have come from the caller. When it
   * returns false the create fails (`KibanaError` with `outcomeUnknown` and `foreignObject`) instead of taking someone
   * else's object. Without it, whatever is found under the key is taken as the result.
   */
  isOwn?: (found: T) => boolean;
}

/**
 * What a `recover` callback returns for the lookup `found` of `what` (e.g. `rule_id "x"`): the object when it exists
 * and is provably the create's own, undefined when it does not exist (the create is re-sent).
 */
export function ownRecovered<T>(found: KibanaResponse<T>, what: string, options: CreateOptions<T> = {}): KibanaResponse<T> | undefined {
  if (found.status !== 200) return undefined;
  if (options.isOwn && !options.isOwn(found.body)) {
    throw new ForeignObjectError(
      `The outcome of the create is unknown: an object with ${what} exists, but nothing shows that this create made it, so it was not taken`,
    );
  }
  return found;
}
