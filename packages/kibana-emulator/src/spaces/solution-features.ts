/**
 * What Kibana answers as `disabledFeatures` for a space with a `solution`
 * (`x-pack/platform/plugins/shared/spaces/server/lib/utils/space_solution_disabled_features.ts`,
 * `withSpaceSolutionDisabledFeatures`): for `classic` (or none) the stored list; otherwise only the features of the
 * categories that solution hides — the stored list is kept but not returned. `es` hides observability, security and
 * chat (but `observabilityAIAssistant`); `oblt` hides security and chat; `security` hides observability, enterprise
 * search and chat.
 *
 * The features per category are whatever plugins registered, so they change by version and build. The emulator uses
 * the ones Kibana's own test expects for `solution: "es"` (`x-pack/platform/test/spaces_api_integration/common/suites/
 * create.agnostic.ts`, "when solution is specified"); no enterprise-search or chat feature is modelled (that test
 * shows none).
 */
import type { SpaceSolution } from "@esac/kibana-client";

const OBSERVABILITY = ["apm", "infrastructure", "logs", "observabilityCasesV3", "slo", "streams", "uptime"];
const SECURITY = [
  "securitySolutionAssistant",
  "securitySolutionAttackDiscovery",
  "securitySolutionCasesV3",
  "securitySolutionNotes",
  "securitySolutionSiemMigrations",
  "securitySolutionTimeline",
  "siemV4",
];

const HIDDEN_BY_SOLUTION: Record<Exclude<SpaceSolution, "classic">, readonly string[]> = {
  es: [...OBSERVABILITY, ...SECURITY],
  oblt: SECURITY,
  security: OBSERVABILITY,
};

export function answeredDisabledFeatures(stored: readonly string[], solution: SpaceSolution | undefined): string[] {
  if (solution === undefined || solution === "classic") return [...stored];
  return [...HIDDEN_BY_SOLUTION[solution]];
}
