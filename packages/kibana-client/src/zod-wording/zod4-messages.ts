/**
 * Zod 4's messages as Kibana 9.4 words them. Kibana 9.4 ships zod 4.3.6 (elastic/kibana PR #258854); the zod this
 * project installs may be newer, and newer releases reworded some issues. Only what a Kibana test pins is fixed here;
 * every other issue keeps the installed zod's English text.
 */
import type { z } from "zod";

export const zod4ErrorMap: z.core.$ZodErrorMap = (issue) => {
  // zod 4.3.6 says "Invalid input" for every union miss, a discriminated one included (newer zod names the options):
  // rule_request_schema.test.ts 'empty objects do not validate' expects `type: Invalid input` (elastic/kibana
  // x-pack/solutions/security/plugins/security_solution/common/api/detection_engine/model/rule_schema/, commit 0ec70a31).
  if (issue.code === "invalid_union") return "Invalid input";
  return undefined;
};
