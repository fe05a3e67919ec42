import {
  compareKibanaVersions,
  formatKibanaVersion,
  getKibanaStatus,
  hasFeature,
  KIBANA_FEATURES,
  NEWEST_SUPPORTED_KIBANA,
  OLDEST_SUPPORTED_KIBANA,
  parseKibanaVersion,
  unsupportedVersionReason,
  type KibanaFeatureKey,
  type KibanaTransport,
  type KibanaVersion,
} from "@esac/kibana-client";
import { formatPath, type ArgumentPath, type CheckProblem } from "./check";
import { stackConfigValue } from "./config";

/** Stack config naming the target Kibana release (`pulumi config set kibana:version 8.19`), so preview can check offline. */
export const VERSION_CONFIG_KEY = "kibana:version";

/** The release the program is written for, as stack config names it; `precision` says whether a patch was given. */
export interface ConfiguredVersion {
  text: string;
  version: KibanaVersion;
  precision: "minor" | "patch";
}

/** Why `kibana:version` cannot be used (value and supported range), or undefined when it is unset or valid. */
export function versionConfigProblem(): string | undefined {
  const text = stackConfigValue(VERSION_CONFIG_KEY);
  if (text === undefined) return undefined;
  const reason = unsupportedVersionReason(text);
  return reason && `stack config ${VERSION_CONFIG_KEY} is ${JSON.stringify(text)}: ${reason} (supported: ${OLDEST_SUPPORTED_KIBANA} to ${supportedNewest()})`;
}

/** `kibana:version`, parsed; undefined when unset. Throws when it is set but unsupported. */
export function configuredVersion(): ConfiguredVersion | undefined {
  const text = stackConfigValue(VERSION_CONFIG_KEY);
  if (text === undefined) return undefined;
  const problem = versionConfigProblem();
  if (problem) throw new Error(problem);
  return { text, version: parseKibanaVersion(text)!, precision: /^\d+\.\d+\.\d+/.test(text) ? "patch" : "minor" };
}

/**
 * The release create and update write to: Kibana's own `GET /api/status` (read once per endpoint and process), which
 * must agree with `kibana:version` when that is set (at the precision it is given: `9.4` agrees with 9.4.2). Never
 * called at preview: check uses {@link configuredVersion} only.
 */
export async function targetVersion(transport: Pick<KibanaTransport, "endpoint" | "request">): Promise<KibanaVersion> {
  const configured = configuredVersion();
  const status = await getKibanaStatus(transport);
  const actual = parseKibanaVersion(status.version);
  if (!actual) throw new Error(`Kibana at ${transport.endpoint} reports version ${JSON.stringify(status.version)} in GET /api/status, which is not a version`);
  if (configured && !agrees(configured, actual)) {
    throw new Error(
      `stack config ${VERSION_CONFIG_KEY} is ${configured.text} but Kibana at ${transport.endpoint} reports ${status.version} (GET /api/status). ` +
        `Set \`pulumi config set ${VERSION_CONFIG_KEY} ${status.version}\` (or remove it) so that preview checks against the Kibana being changed.`,
    );
  }
  if (compareKibanaVersions(actual, parseKibanaVersion(OLDEST_SUPPORTED_KIBANA)!) < 0) {
    throw new Error(`Kibana at ${transport.endpoint} is ${status.version}; esac supports Kibana ${OLDEST_SUPPORTED_KIBANA} to ${supportedNewest()}`);
  }
  return actual;
}

function agrees(configured: ConfiguredVersion, actual: KibanaVersion): boolean {
  const v = configured.version;
  return v.major === actual.major && v.minor === actual.minor && (configured.precision === "minor" || v.patch === actual.patch);
}

function supportedNewest(): string {
  const v = parseKibanaVersion(NEWEST_SUPPORTED_KIBANA)!;
  return `${v.major}.${v.minor}.x`;
}

/** An argument a resource sets that needs a Kibana feature (a row of KIBANA_FEATURES). */
export interface FeatureUse {
  path: ArgumentPath;
  feature: KibanaFeatureKey;
}

/** One problem per use the release lacks: the argument, the release, and the first release that has it. */
export function missingFeatureProblems(version: KibanaVersion, uses: readonly FeatureUse[]): CheckProblem[] {
  return uses
    .filter((use) => !hasFeature(version, use.feature))
    .map((use) => ({
      path: use.path,
      reason: `not supported by Kibana ${formatKibanaVersion(version)}: ${KIBANA_FEATURES[use.feature].what} first appears in Kibana ${KIBANA_FEATURES[use.feature].since}`,
    }));
}

/** At check: the problems of `uses` against `kibana:version`, or none when it is unset (the write checks then). */
export function featureCheckProblems(uses: readonly FeatureUse[]): CheckProblem[] {
  const configured = stackConfigValue(VERSION_CONFIG_KEY) === undefined || versionConfigProblem() ? undefined : configuredVersion();
  return configured ? missingFeatureProblems(configured.version, uses) : [];
}

/**
 * Before a create or update writes: throws when the target Kibana lacks a feature `uses` needs, naming each
 * argument and the first release that has it, or when it is not the release `kibana:version` names. With no uses
 * and no `kibana:version`, no call is made.
 */
export async function refuseMissingFeatures(transport: Pick<KibanaTransport, "endpoint" | "request">, uses: readonly FeatureUse[]): Promise<void> {
  if (!uses.length && stackConfigValue(VERSION_CONFIG_KEY) === undefined) return;
  const problems = missingFeatureProblems(await targetVersion(transport), uses);
  if (problems.length) throw new Error(problems.map((p) => `${formatPath(p.path)}: ${p.reason}`).join("; "));
}
