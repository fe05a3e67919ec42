import { TYPES } from "../tokens";
import type { ResourcePolicyDefinition } from "../types";
import { list, resourceLabel } from "../util/props";
import { checkHttps } from "../util/url";

export interface FleetServerHostHttpsConfig {
  allowHttpHosts: string[];
}

/** 9. Elastic Agents enrol and check in with Fleet Server over https only. */
export const fleetServerHostHttps: ResourcePolicyDefinition<FleetServerHostHttpsConfig> = {
  kind: "resource",
  name: "fleet-server-host-https",
  description:
    "Fleet Server hosts use https: every entry of `host_urls` is an https URL (agents send enrolment tokens and " +
    "receive policies, including secrets, over it).",
  remediation: "Use https://<fleet-server>:8220 and give Fleet Server a certificate (`ssl` on the host, or a trusted CA on the agents).",
  enforcementLevel: "mandatory",
  types: [TYPES.FleetServerHost],
  config: {
    allowHttpHosts: {
      type: "array",
      items: { type: "string" },
      description: "Host names (globs) that may be reached over plain http (local test setups).",
      default: [],
    },
  },
  defaults: { allowHttpHosts: [] },
  check(host, config) {
    const label = resourceLabel("Fleet Server host", host, "name");
    const urls = list(host.props.host_urls);
    if (urls.length === 0) return [`${label} has no host_urls.`];
    const problems: string[] = [];
    urls.forEach((url, i) => {
      const verdict = typeof url === "string" ? checkHttps(url, config.allowHttpHosts) : { ok: false as const, reason: "is not a string" };
      if (!verdict.ok) problems.push(`${label}: host_urls[${i}] ${JSON.stringify(url)} ${verdict.reason}; use https.`);
    });
    return problems;
  },
};
