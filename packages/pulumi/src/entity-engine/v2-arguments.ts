import { logExtractionSchema, type LogExtraction } from "@esac/kibana-client";
import { zodProblems, type CheckProblem } from "../provider-kit/check";
import { isUnknown } from "../provider-kit/unknown";

type Obj = Record<string, unknown>;

/** v1 init fields Entity Store v2 has no equivalent for (research §6.7: not in `LogExtractionBodyParams`). */
export const V1_ONLY_ARGUMENTS = ["timestampField", "timeout", "docsPerSecond", "maxPageSearchSize", "enrichPolicyExecutionInterval"] as const;
/** v1 fields v2 keeps under `logExtraction` with the same name. */
const SAME_NAME = ["filter", "fieldHistoryLength", "lookbackPeriod", "frequency", "delay"] as const;

/** The v2 `logExtraction` the arguments ask for: same-named fields, and v1 `indexPattern` as `additionalIndexPatterns`. */
export function logExtractionOf(inputs: Obj): LogExtraction {
  const out: Obj = {};
  for (const k of SAME_NAME) if (inputs[k] !== undefined) out[k] = inputs[k];
  if (typeof inputs.indexPattern === "string" && inputs.indexPattern !== "") out.additionalIndexPatterns = [inputs.indexPattern];
  return out as LogExtraction;
}

/**
 * What Kibana 9.4+ (Entity Store v2) cannot take from these arguments: the v1-only fields, `delete_data` (v2's
 * uninstall has no such choice), and the v2 validator's rules on the mapped fields (paths in the program's terms).
 */
export function v2ArgumentProblems(news: Obj): CheckProblem[] {
  const noEquivalent = (what: string) =>
    `has no Entity Store v2 equivalent: Kibana 9.4 and later run engines with Entity Store v2 (/api/security/entity_store), ${what}; ` +
    "remove it, or target Kibana 9.3 or older";
  const problems: CheckProblem[] = V1_ONLY_ARGUMENTS.filter((k) => news[k] !== undefined).map((k) => ({
    path: k,
    reason: noEquivalent(`whose log extraction settings have no \`${k}\``),
    value: news[k],
  }));
  if (news.delete_data === true) problems.push({ path: "delete_data", reason: noEquivalent("whose uninstall takes no delete_data"), value: true });
  const known = Object.fromEntries(Object.entries(news).filter(([, v]) => !isUnknown(v)));
  const logExtraction = logExtractionOf(known);
  const parsed = logExtractionSchema.safeParse(logExtraction);
  if (!parsed.success) {
    for (const p of zodProblems(logExtractionSchema, parsed.error, logExtraction)) {
      const path = typeof p.path === "string" ? p.path.split(".") : p.path.map(String);
      problems.push({ ...p, path: path[0] === "additionalIndexPatterns" ? ["indexPattern"] : path });
    }
  }
  return problems;
}
