export {
  CONFIG_KEYS,
  ENV_VARS,
  loadCaCertificates,
  parseEndpoint,
  resolveConnection,
  resolveLimit,
  type ConnectionConfigSource,
  type ConnectionSources,
  type KibanaConnection,
} from "./connection";
export { describeLimitValue, LIMIT_DEFAULTS, LIMIT_FIELDS, parseDuration, parseLimit, type ConnectionLimits, type LimitField } from "./limits";
export { encodeQuery, spacedPath, spacePrefix, type MultipartFile, type QueryParams } from "./encoding";
export {
  extractKibanaMessage,
  ForeignObjectError,
  isConflict,
  isKibanaError,
  isNotFound,
  KibanaConfigError,
  KibanaError,
  type KibanaErrorInit,
} from "./errors";
export { credentialSecrets, REDACTED, redactSecrets, Redactor, type CredentialFields } from "./redact";
export { backoffDelay, classifyNetworkError, classifyStatus, isResendable, nextRetryDelay, parseRetryAfter, type FailureKind, type RetryPolicy } from "./retry";
export { clearKibanaStatusCache, getKibanaStatus, type KibanaStatus } from "./status";
export {
  closeAllTransports,
  getTransport,
  KIBANA_API_VERSION,
  KibanaTransport,
  type AttemptInfo,
  type HttpMethod,
  type KibanaRequest,
  type KibanaResponse,
  type TransportOptions,
} from "./transport";
