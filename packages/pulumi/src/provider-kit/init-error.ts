/**
 * Thrown when the object exists in Kibana but did not reach a usable state (an entity engine that ended in
 * `error`, or is still installing at the deadline). Pulumi's dynamic-provider host packs an error carrying `id`,
 * `properties` and `reasons` as `ErrorResourceInitFailed`: the resource is recorded with these outputs (so it is
 * neither orphaned nor re-created blindly) and the next `pulumi up` retries through `update`.
 */
export class ResourceInitError extends Error {
  readonly properties: Record<string, unknown>;

  /**
   * `inputs` are the operation's inputs: their `__provider` (the serialized provider) is copied into the recorded
   * outputs, which the host does not do for failures — without it, refresh and destroy could not load the provider.
   */
  constructor(
    message: string,
    readonly id: string,
    outputs: Record<string, unknown>,
    inputs: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.properties = inputs.__provider === undefined ? outputs : { ...outputs, __provider: inputs.__provider };
  }
}
Object.defineProperty(ResourceInitError.prototype, "name", { value: "ResourceInitError" });
