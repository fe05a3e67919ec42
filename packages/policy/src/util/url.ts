/** URL checks shared by the connector and Fleet policies. */
import { matchesAnyGlob } from "./match";

export type UrlVerdict = { ok: true } | { ok: false; reason: string };

/**
 * A URL must use https; plain http is accepted only for hosts listed in `allowHttpHosts` (globs, e.g.
 * "localhost", "*.internal"). Returns why not otherwise. Never echoes the URL (it may carry a token).
 */
export function checkHttps(value: string, allowHttpHosts: readonly string[]): UrlVerdict {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, reason: "is not a valid URL" };
  }
  if (url.protocol === "https:") return { ok: true };
  if (url.protocol === "http:") {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (matchesAnyGlob(host, allowHttpHosts)) return { ok: true };
    return { ok: false, reason: `uses plain http (host ${host})` };
  }
  return { ok: false, reason: `uses the ${url.protocol.replace(/:$/, "")} scheme, not https` };
}
