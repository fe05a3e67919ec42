/**
 * Fleet's `normalizeHostsForAgents` (fleet/common/services/hosts_utils.ts): the default port made explicit
 * (`https://h` → `https://h:443`, `http://h` → `http://h:80`), path kept unless it is `/`, query and fragment dropped.
 * Fleet stores and returns host URLs in this form, so a program's URLs are compared in it too.
 */
export function normalizeFleetHostUrl(host: string): string {
  const url = new URL(host);
  const port = url.port !== "" ? url.port : url.protocol === "http:" ? "80" : url.protocol === "https:" ? "443" : undefined;
  return `${url.protocol}//${url.hostname}:${port}${url.pathname === "/" ? "" : url.pathname}`;
}
