import type { CheckFailure } from "./check";
import { isUnknown } from "./unknown";

export const DEFAULT_SPACE = "default";
const SPACE_ID = /^[a-z0-9_-]+$/;
const CONNECTION_KEYS = ["endpoint", "apiKey", "username", "password", "caCert", "insecure"];

/** Checks the arguments every esac resource shares: `space_id`, `connection`, `adopt`. */
export function validateResourceOptions(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const space = news.space_id;
  if (space !== undefined && !isUnknown(space) && (typeof space !== "string" || !SPACE_ID.test(space))) {
    failures.push({ property: "space_id", reason: "must be a Kibana space id: lower case a-z, 0-9, '_' and '-'" });
  }
  if (news.adopt !== undefined && !isUnknown(news.adopt) && typeof news.adopt !== "boolean") {
    failures.push({ property: "adopt", reason: "must be a boolean" });
  }
  const conn = news.connection;
  if (conn !== undefined && !isUnknown(conn)) {
    if (!conn || typeof conn !== "object" || Array.isArray(conn)) {
      failures.push({ property: "connection", reason: "must be an object with endpoint and credentials" });
    } else {
      for (const key of Object.keys(conn)) {
        if (!CONNECTION_KEYS.includes(key)) {
          failures.push({ property: `connection.${key}`, reason: `unknown key (expected one of ${CONNECTION_KEYS.join(", ")})` });
        }
      }
      const endpoint = (conn as Record<string, unknown>).endpoint;
      if (endpoint !== undefined && !isUnknown(endpoint) && !/^https?:\/\/[^\s]+$/.test(String(endpoint))) {
        failures.push({ property: "connection.endpoint", reason: "must be an http(s) URL" });
      }
    }
  }
  return failures;
}
