import { unknownKeyProblems, type CheckProblem } from "./check";
import { isUnknown } from "./unknown";

export const DEFAULT_SPACE = "default";
const SPACE_ID = /^[a-z0-9_-]+$/;
const CONNECTION_KEYS = ["endpoint", "apiKey", "username", "password", "caCert", "insecure"];

/** Checks the arguments every esac resource shares: `space_id`, `connection`, `adopt`. */
export function validateResourceOptions(news: Record<string, unknown>): CheckProblem[] {
  const failures: CheckProblem[] = [];
  const space = news.space_id;
  if (space !== undefined && !isUnknown(space) && (typeof space !== "string" || !SPACE_ID.test(space))) {
    failures.push({ path: "space_id", reason: "must be a Kibana space id: lower case a-z, 0-9, '_' and '-'", value: space });
  }
  if (news.adopt !== undefined && !isUnknown(news.adopt) && typeof news.adopt !== "boolean") {
    failures.push({ path: "adopt", reason: "must be a boolean", value: news.adopt });
  }
  const conn = news.connection;
  if (conn !== undefined && !isUnknown(conn)) {
    if (!conn || typeof conn !== "object" || Array.isArray(conn)) {
      failures.push({ path: "connection", reason: "must be an object with endpoint and credentials", value: conn });
    } else {
      failures.push(...unknownKeyProblems(conn as Record<string, unknown>, CONNECTION_KEYS, [], ["connection"]));
      const endpoint = (conn as Record<string, unknown>).endpoint;
      if (endpoint !== undefined && !isUnknown(endpoint) && (typeof endpoint !== "string" || !/^https?:\/\/[^\s]+$/.test(endpoint))) {
        failures.push({ path: "connection.endpoint", reason: "must be an http(s) URL", value: endpoint });
      }
    }
  }
  return failures;
}
