/** A Kibana release, `major.minor.patch` as `GET /api/status` reports it in `version.number`. */
export interface KibanaVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The oldest and newest Kibana esac supports; the emulator serves any release between them. */
export const OLDEST_SUPPORTED_KIBANA = "8.19.0";
export const NEWEST_SUPPORTED_KIBANA = "9.4.2";

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/;

/** Parses `8.19`, `8.19.17` or `9.4.0-SNAPSHOT` (the patch defaults to 0); undefined when it is not a version. */
export function parseKibanaVersion(text: string): KibanaVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareKibanaVersions(a: KibanaVersion, b: KibanaVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatKibanaVersion(v: KibanaVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** Whether `v` is at least `since` (`"9.4"` means 9.4.0). */
export function isAtLeast(v: KibanaVersion, since: string): boolean {
  const floor = parseKibanaVersion(since);
  if (!floor) throw new Error(`not a Kibana version: ${JSON.stringify(since)}`);
  return compareKibanaVersions(v, floor) >= 0;
}

/** Why `text` is not a supported Kibana version, or undefined when it is one. */
export function unsupportedVersionReason(text: string): string | undefined {
  const v = parseKibanaVersion(text);
  if (!v) return "must be a Kibana version such as 8.19.17 or 9.4";
  const oldest = parseKibanaVersion(OLDEST_SUPPORTED_KIBANA)!;
  const newestMinor = parseKibanaVersion(NEWEST_SUPPORTED_KIBANA)!;
  if (compareKibanaVersions(v, oldest) < 0) return `esac supports Kibana ${OLDEST_SUPPORTED_KIBANA} and later`;
  if (v.major > newestMinor.major || (v.major === newestMinor.major && v.minor > newestMinor.minor)) {
    return `esac knows Kibana up to ${newestMinor.major}.${newestMinor.minor}.x`;
  }
  return undefined;
}
