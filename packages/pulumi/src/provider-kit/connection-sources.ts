import { CONFIG_KEYS, ENV_VARS, type ConnectionConfigSource } from "@esac/kibana-client";

/** What a resource cannot reach Kibana without. */
export type MissingPart = "endpoint" | "credentials";

/** The three places a connection is looked up, as kibana-client's `resolveConnection` does (highest first). */
export interface ConnectionPlaces {
  /** The resource's `connection` argument; on the program side its fields may still be outputs. */
  connection?: unknown;
  /** Stack config (`kibana:*`). */
  config?: ConnectionConfigSource;
  env: NodeJS.ProcessEnv;
}

const CREDENTIAL_FIELDS = ["apiKey", "username", "password"] as const;

/**
 * Which of endpoint and credentials no place sets. A `connection` that is an output as a whole (e.g. a secret
 * config object) cannot be looked into before apply and counts as setting both.
 */
export function missingConnectionParts({ connection, config, env }: ConnectionPlaces): MissingPart[] {
  if (connection !== undefined && connection !== null && (typeof connection !== "object" || isOutputLike(connection))) return [];
  const explicit = (connection ?? {}) as Record<string, unknown>;
  const isSet = (field: keyof typeof CONFIG_KEYS) => present(explicit[field]) || present(config?.get(CONFIG_KEYS[field])) || present(env[ENV_VARS[field]]);
  const missing: MissingPart[] = [];
  if (!isSet("endpoint")) missing.push("endpoint");
  if (!CREDENTIAL_FIELDS.some(isSet)) missing.push("credentials");
  return missing;
}

/** "No Kibana endpoint or credentials configured", and the three places to set them. */
export function connectionHelp(missing: readonly MissingPart[]): string {
  const what = missing.length === 2 ? "endpoint or credentials" : missing[0] === "endpoint" ? "endpoint" : "credentials";
  const plural = missing.includes("credentials");
  const connection = [missing.includes("endpoint") ? 'endpoint: "https://…"' : "", missing.includes("credentials") ? "apiKey: …" : ""]
    .filter(Boolean)
    .join(", ");
  const config = [
    missing.includes("endpoint") ? `\`pulumi config set ${CONFIG_KEYS.endpoint} https://…\`` : "",
    missing.includes("credentials") ? `\`pulumi config set --secret ${CONFIG_KEYS.apiKey} …\` (or ${CONFIG_KEYS.username} and ${CONFIG_KEYS.password})` : "",
  ].filter(Boolean);
  const env = [
    missing.includes("endpoint") ? ENV_VARS.endpoint : "",
    missing.includes("credentials") ? `${ENV_VARS.apiKey} (or ${ENV_VARS.username} and ${ENV_VARS.password})` : "",
  ].filter(Boolean);
  return (
    `No Kibana ${what} configured. Set ${plural ? "them" : "it"} in one of three places: ` +
    `1. the resource's \`connection\` argument ({ ${connection} }); ` +
    `2. stack config: ${config.join(" and ")}; ` +
    `3. the environment variable${plural ? "s" : ""} ${env.join(" and ")}.`
  );
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

/** A Pulumi output or a promise: set, but not readable before apply. */
function isOutputLike(value: object): boolean {
  return "apply" in value || "then" in value;
}
