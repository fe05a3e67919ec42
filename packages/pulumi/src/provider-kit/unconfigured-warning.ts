import * as pulumi from "@pulumi/pulumi";
import { connectionHelp, missingConnectionParts } from "./connection-sources";

let warned = false;

/**
 * Program side, at preview: a warning when a resource has no way to reach Kibana, once per program. Preview never
 * calls Kibana, so without this a missing endpoint or API key would pass preview and fail only at `up`. A dynamic
 * provider cannot raise a warning from `check`: its process has no engine connection (the shim in
 * @pulumi/pulumi/cmd/dynamic-provider never sets one up), so `pulumi.log.warn` there falls back to `console.warn`
 * and the CLI shows it as a plain stderr message of the stack, not as a warning.
 */
export function warnIfKibanaUnreachable(connection: unknown): void {
  if (warned || !pulumi.runtime.isDryRun()) return;
  const missing = missingConnectionParts({ connection, config: { get: (key) => pulumi.runtime.getConfig(key) }, env: process.env });
  if (!missing.length) return;
  warned = true;
  void pulumi.log.warn(`${connectionHelp(missing)} Preview does not contact Kibana; \`pulumi up\` will fail until then.`);
}

/** Tests: allow the next resource to warn again. */
export function resetUnreachableWarning(): void {
  warned = false;
}
