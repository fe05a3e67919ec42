/**
 * The contract snapshot generator (`npm run contract:snapshot`). From the official bundle files it keeps the
 * operations the emulator serves and every component they reach through `$ref`, reduced to structure
 * (snapshot-structure.ts), and writes them as sorted JSON, so the same bundles and route table give the same bytes.
 * Relaxations are not baked in: the harness applies them after loading (source.ts).
 */
import { NEWEST_SUPPORTED_KIBANA, OLDEST_SUPPORTED_KIBANA, parseKibanaVersion } from "@esac/kibana-client";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAMILIES } from "../families";
import { Router, type RouteDefinition } from "../router";
import { findOpenApiDir, findSharedDir } from "../shared-dir";
import { registerStatusRoute } from "../status";
import { BUNDLES, type OpenApiDoc, parseBundle } from "./bundles";
import { type ContractSnapshot, SNAPSHOT_FILE, type SnapshotSourceFile } from "./source";
import { stableJson, stripToStructure, type StructureKind } from "./snapshot-structure";
import { bundleTemplates, METHODS, templatesOverlap } from "./templates";

export const REGENERATE_HINT = "run `npm run contract:snapshot`";

/**
 * `$ESAC_KIBANA_OPENAPI_DIR` (an error when it does not exist), else `shared/kibana-openapi` found upwards; undefined
 * when neither is there.
 */
export function findBundlesDir(): string | undefined {
  if (process.env.ESAC_KIBANA_OPENAPI_DIR) return findOpenApiDir();
  return findSharedDir("kibana-openapi");
}

/** The emulator's route table, as the server builds it (status route + every family), over every Kibana release it serves. */
export function emulatorRoutes(): RouteDefinition[] {
  const routes = new Map<string, RouteDefinition>();
  for (const release of [OLDEST_SUPPORTED_KIBANA, NEWEST_SUPPORTED_KIBANA]) {
    const version = parseKibanaVersion(release)!;
    const router = new Router();
    registerStatusRoute(router, 0, version);
    for (const family of FAMILIES) family.registerRoutes?.(router, version);
    for (const route of router.routes()) routes.set(`${route.method} ${route.path}`, routes.get(`${route.method} ${route.path}`) ?? route);
  }
  return [...routes.values()];
}

const COMPONENT_KINDS: Record<string, StructureKind> = {
  schemas: "schema",
  parameters: "parameter",
  responses: "response",
  requestBodies: "requestBody",
  headers: "header",
};

type Components = Record<string, Record<string, unknown>>;

/** Every `$ref` (and discriminator `mapping` target) under `node`. */
function referencesIn(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const v of node) referencesIn(v, out);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.add(value);
      else if (key === "discriminator" && typeof (value as { propertyName?: unknown })?.propertyName === "string") {
        for (const target of Object.values((value as { mapping?: Record<string, string> }).mapping ?? {})) out.add(target);
      } else referencesIn(value, out);
    }
  }
  return out;
}

/** `#/components/<kind>/<name>[/…]` → [kind, name]. */
function componentOf(ref: string): [string, string] {
  const tokens = ref.split("/").map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"));
  if (tokens[0] !== "#" || tokens[1] !== "components" || tokens.length < 4 || !(tokens[2]! in COMPONENT_KINDS)) {
    throw new Error(`contract snapshot: unsupported $ref ${ref} (only #/components/{${Object.keys(COMPONENT_KINDS).join(",")}}/… are followed)`);
  }
  return [tokens[2]!, tokens[3]!];
}

/** The components reachable from `roots`, transitively, each reduced to structure. */
function reachableComponents(doc: OpenApiDoc, roots: unknown): Components {
  const out: Components = {};
  const pending = [...referencesIn(roots)];
  while (pending.length) {
    const [kind, name] = componentOf(pending.pop()!);
    if (out[kind] && name in out[kind]) continue;
    const raw = (doc.components?.[kind] as Record<string, unknown> | undefined)?.[name];
    if (raw === undefined) throw new Error(`contract snapshot: #/components/${kind}/${name} is referenced but not defined`);
    const reduced = stripToStructure(raw, COMPONENT_KINDS[kind]!, `#/components/${kind}/${name}`);
    (out[kind] ??= {})[name] = reduced;
    pending.push(...referencesIn(reduced));
  }
  return out;
}

/** The path items of `doc` with only the methods some emulator route can send to them. */
function servedPaths(doc: OpenApiDoc, routes: readonly RouteDefinition[]): { paths: Record<string, unknown>; operations: number } {
  const paths: Record<string, unknown> = {};
  let operations = 0;
  for (const { original, template } of bundleTemplates(doc.paths)) {
    const item = doc.paths[original]!;
    const served = new Set(METHODS.filter((m) => item[m] && routes.some((r) => r.method.toLowerCase() === m && templatesOverlap(r.path, template))));
    if (served.size === 0) continue;
    const kept = Object.fromEntries(
      Object.entries(item).filter(([key]) => !/^(get|put|post|delete|options|head|patch|trace)$/.test(key) || served.has(key as never)),
    );
    paths[original] = stripToStructure(kept, "pathItem", `#/paths/${original.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    operations += served.size;
  }
  return { paths, operations };
}

/** Builds the snapshot from the bundle files in `dir`. */
export function buildSnapshot(dir: string, routes: readonly RouteDefinition[] = emulatorRoutes()): ContractSnapshot {
  const sources: SnapshotSourceFile[] = [];
  const bundles: Record<string, OpenApiDoc> = {};
  for (const bundle of BUNDLES) {
    const bytes = readFileSync(join(dir, bundle.file));
    const doc = parseBundle(bytes.toString("utf8"));
    const { paths, operations } = servedPaths(doc, routes);
    sources.push({ bundle: bundle.id, file: bundle.file, sha256: createHash("sha256").update(bytes).digest("hex"), operations });
    if (operations === 0) continue;
    const reduced: OpenApiDoc = { openapi: doc.openapi, paths: paths as OpenApiDoc["paths"] };
    const components = reachableComponents(doc, paths);
    if (Object.keys(components).length) reduced.components = components;
    bundles[bundle.id] = reduced;
  }
  return {
    generatedBy: `packages/kibana-emulator/src/contract/snapshot.ts — do not edit; ${REGENERATE_HINT}`,
    license: "Derived from Kibana's OpenAPI bundles (Elastic License 2.0): the operations the emulator serves, structure only.",
    sources,
    bundles,
  };
}

export function serializeSnapshot(snapshot: ContractSnapshot): string {
  return stableJson(snapshot) + "\n";
}

/** Regenerates the committed snapshot; returns its path and size. */
export function writeSnapshot(dir: string, file: string = SNAPSHOT_FILE): { file: string; bytes: number; operations: number } {
  const snapshot = buildSnapshot(dir);
  const text = serializeSnapshot(snapshot);
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text), operations: snapshot.sources.reduce((n, s) => n + s.operations, 0) };
}
