/** The resource argument that lets an update overwrite a change made in Kibana since Pulumi last read the object. */
export const OVERWRITE_OPTION = "overwrite_concurrent_edits";

/** The refusal of an update over a change made in Kibana since Pulumi last read the object; `what` says what changed. */
export function concurrentEditError(label: string, what: string): Error {
  return new Error(
    `${label} was changed in Kibana since Pulumi last read it (${what}). The update was refused so that change is not ` +
      "silently overwritten. Run `pulumi refresh` to take Kibana's copy into the state, then `pulumi up` to apply the " +
      `program over it; or set \`${OVERWRITE_OPTION}: true\` on the resource to let updates overwrite such changes.`,
  );
}

/**
 * The `_version` an update sends: the state's, so that Kibana refuses (409) a write over a change made since the last
 * read; none when the resource opts in to overwriting such changes.
 */
export function versionGuard(olds: Record<string, unknown>, news: Record<string, unknown>): string | undefined {
  return news[OVERWRITE_OPTION] === true ? undefined : (olds._version as string | undefined);
}

/** For a resource with no concurrent-edit check: the opt-out is refused at preview instead of being ignored. */
export function unsupportedOverwriteProblems(news: Record<string, unknown>, type: string, why: string): { path: string; reason: string; value: unknown }[] {
  const value = news[OVERWRITE_OPTION];
  return value === undefined ? [] : [{ path: OVERWRITE_OPTION, reason: `not supported by ${type}: ${why}`, value }];
}
