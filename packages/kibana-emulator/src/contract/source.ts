/**
 * Where contract mode gets its OpenAPI documents: the committed snapshot (default, shipped with the package), or the
 * full official bundle files when `$ESAC_KIBANA_OPENAPI_DIR` is set. Either way the relaxations are applied after
 * loading, so both sources are checked with the same adjustments.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findOpenApiDir } from "../shared-dir";
import { applyRelaxations, BUNDLES, type BundleInfo, loadBundle, type OpenApiDoc } from "./bundles";

/** `<package>/contract/kibana-openapi.snapshot.json` (the same from `src/contract` and `dist/contract`). */
export const SNAPSHOT_FILE = join(__dirname, "..", "..", "contract", "kibana-openapi.snapshot.json");

export type ContractSource = { kind: "snapshot"; file: string } | { kind: "bundles"; dir: string };

export interface SnapshotSourceFile {
  bundle: string;
  file: string;
  sha256: string;
  /** Operations of this file kept in the snapshot. */
  operations: number;
}

/** The committed file's shape (written by snapshot.ts). */
export interface ContractSnapshot {
  generatedBy: string;
  license: string;
  sources: SnapshotSourceFile[];
  /** Bundle id → the reduced document (only bundles with at least one operation the emulator serves). */
  bundles: Record<string, OpenApiDoc>;
}

export interface LoadedBundle {
  bundle: BundleInfo;
  doc: OpenApiDoc;
}

/** The snapshot, unless `$ESAC_KIBANA_OPENAPI_DIR` is set (then the full bundles from there). */
export function defaultContractSource(): ContractSource {
  if (process.env.ESAC_KIBANA_OPENAPI_DIR) return { kind: "bundles", dir: findOpenApiDir() };
  return { kind: "snapshot", file: SNAPSHOT_FILE };
}

export function describeSource(source: ContractSource): string {
  return source.kind === "snapshot" ? `snapshot ${source.file}` : `bundles ${source.dir}`;
}

export function readSnapshot(file: string = SNAPSHOT_FILE): ContractSnapshot {
  if (!existsSync(file)) {
    throw new Error(
      `kibana-emulator contract mode: the contract snapshot ${file} is missing; run \`npm run contract:snapshot\` with the Kibana OpenAPI bundles at hand`,
    );
  }
  return JSON.parse(readFileSync(file, "utf8")) as ContractSnapshot;
}

/** The documents of a source, relaxed, in BUNDLES order (a snapshot holds only the bundles it needs). */
export function loadContractDocs(source: ContractSource): LoadedBundle[] {
  if (source.kind === "bundles") return BUNDLES.map((bundle) => ({ bundle, doc: loadBundle(source.dir, bundle) }));
  const snapshot = readSnapshot(source.file);
  const out: LoadedBundle[] = [];
  for (const bundle of BUNDLES) {
    const doc = snapshot.bundles[bundle.id];
    if (!doc) continue;
    applyRelaxations(bundle.id, doc);
    out.push({ bundle, doc });
  }
  return out;
}
