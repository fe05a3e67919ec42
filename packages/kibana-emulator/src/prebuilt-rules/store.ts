/** Which prebuilt rule package Fleet has installed (global, like a Fleet package) and where its timelines are installed. */
import type { FamilyStore } from "../stores";
import { DEFAULT_PREBUILT_PACKAGE, PREBUILT_PACKAGES, syntheticPrebuiltRules, type PrebuiltRuleAsset } from "./fixture";

export interface PrebuiltRulesEmulatorOptions {
  /** Package version served at start: "8.19.1" (default) or "8.19.2". */
  packageVersion?: string;
  /** Generated rules added to every package version (`esac-synthetic-0001`…, tag `Synthetic`), for benches. Default 0. */
  syntheticRules?: number;
}

export function assertKnownPackage(version: string): void {
  if (!PREBUILT_PACKAGES[version]) {
    throw new Error(`Unknown prebuilt rule package "${version}"; the emulator ships ${Object.keys(PREBUILT_PACKAGES).join(", ")}`);
  }
}

export class PrebuiltRulesStore implements FamilyStore {
  private packageVersion: string;
  private timelineSpaces = new Set<string>();
  private readonly synthetic: PrebuiltRuleAsset[];

  constructor(
    private readonly initial: string = DEFAULT_PREBUILT_PACKAGE,
    syntheticRules = 0,
  ) {
    assertKnownPackage(initial);
    this.packageVersion = initial;
    this.synthetic = syntheticPrebuiltRules(syntheticRules);
  }

  get version(): string {
    return this.packageVersion;
  }

  /** "Publishes" another package, as Fleet installing a newer `security_detection_engine`. */
  setPackage(version: string): void {
    assertKnownPackage(version);
    this.packageVersion = version;
  }

  /** Every asset (all shipped versions) of the current package. */
  assets(): PrebuiltRuleAsset[] {
    return this.synthetic.length ? [...PREBUILT_PACKAGES[this.packageVersion]!, ...this.synthetic] : PREBUILT_PACKAGES[this.packageVersion]!;
  }

  /** The newest asset of each rule_id, in package order. */
  latest(): PrebuiltRuleAsset[] {
    const out = new Map<string, PrebuiltRuleAsset>();
    for (const a of this.assets()) if ((out.get(a.rule_id)?.version ?? -1) < a.version) out.set(a.rule_id, a);
    return [...out.values()];
  }

  asset(ruleId: string, version: number): PrebuiltRuleAsset | undefined {
    return this.assets().find((a) => a.rule_id === ruleId && a.version === version);
  }

  timelinesInstalled(spaceId: string): boolean {
    return this.timelineSpaces.has(spaceId);
  }

  /** Returns true when this call installed them. */
  installTimelines(spaceId: string): boolean {
    if (this.timelineSpaces.has(spaceId)) return false;
    this.timelineSpaces.add(spaceId);
    return true;
  }

  toJSON(): unknown {
    return { packageVersion: this.packageVersion, timelineSpaces: [...this.timelineSpaces] };
  }

  load(data: unknown): void {
    const d = data as { packageVersion?: string; timelineSpaces?: string[] } | undefined;
    if (d?.packageVersion && PREBUILT_PACKAGES[d.packageVersion]) this.packageVersion = d.packageVersion;
    this.timelineSpaces = new Set(d?.timelineSpaces ?? []);
  }

  deleteSpace(spaceId: string): void {
    this.timelineSpaces.delete(spaceId);
  }

  reset(): void {
    this.packageVersion = this.initial;
    this.timelineSpaces.clear();
  }
}
