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
