import { describeLimitValue, LIMIT_FIELDS, parseLimit, Redactor } from "@esac/kibana-client";
import { unknownKeyProblems, type CheckProblem } from "./check";
import { versionConfigProblem } from "./kibana-version";
import { isUnknown } from "./unknown";

export const DEFAULT_SPACE = "default";
const SPACE_ID = /^[a-z0-9_-]+$/;
const CONNECTION_KEYS = ["endpoint", "apiKey", "username", "password", "caCert", "insecure", ...LIMIT_FIELDS];

/** Checks the arguments every esac resource shares (`space_id`, `connection`, `adopt`, `overwrite_concurrent_edits`) and `kibana:version`. */
export function validateResourceOptions(news: Record<string, unknown>): CheckProblem[] {
  const failures: CheckProblem[] = [];
  const versionProblem = versionConfigProblem();
  if (versionProblem) failures.push({ path: [], reason: versionProblem });
  const space = news.space_id;
  if (space !== undefined && !isUnknown(space) && (typeof space !== "string" || !SPACE_ID.test(space))) {
    failures.push({ path: "space_id", reason: "must be a Kibana space id: lower case a-z, 0-9, '_' and '-'", value: space });
  }
  for (const flag of ["adopt", "overwrite_concurrent_edits"]) {
    if (news[flag] !== undefined && !isUnknown(news[flag]) && typeof news[flag] !== "boolean") {
      failures.push({ path: flag, reason: "must be a boolean", value: news[flag] });
    }
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
      failures.push(...connectionLimitProblems(conn as Record<string, unknown>));
    }
  }
  return failures;
}

/**
 * A bad `connection.requestTimeout`, `maxRetries` or `retryBudget`, refused at preview. The connection is secret, so
 * check.ts would hide the value; it is shown in the reason instead, with any credential it might contain removed.
 */
function connectionLimitProblems(conn: Record<string, unknown>): CheckProblem[] {
  const credential = (key: string) => (typeof conn[key] === "string" ? (conn[key] as string) : undefined);
  const redactor = Redactor.forCredentials({ apiKey: credential("apiKey"), username: credential("username"), password: credential("password") });
  const problems: CheckProblem[] = [];
  for (const field of LIMIT_FIELDS) {
    const value = conn[field];
    if (value === undefined || value === null || isUnknown(value) || (typeof value === "string" && value.trim() === "")) continue;
    const parsed = parseLimit(field, value);
    if (!parsed.ok) problems.push({ path: `connection.${field}`, reason: `invalid value ${redactor.redact(describeLimitValue(value))}; ${parsed.reason}` });
  }
  return problems;
}
