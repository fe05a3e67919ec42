import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, normalize } from "node:path";
import type { PackageManifest } from "./workspace";

/** Files that belong in no published package: tests, fixtures, test support, build and test configuration. */
const NOT_SHIPPED = [
  /\.test\.[cm]?[jt]s(\.map)?$/,
  /\.test\.d\.ts(\.map)?$/,
  /(^|\/)__tests__\//,
  /(^|\/)fixtures?\//,
  /(^|\/)test-support\//,
  /(^|\/)node_modules\//,
  /\.tsbuildinfo$/,
  /(^|\/)(jest\.config|tsconfig)[^/]*$/,
  /(^|\/)\.turbo\//,
];

export function unwantedFiles(files: string[]): string[] {
  return files.filter((file) => NOT_SHIPPED.some((pattern) => pattern.test(file)));
}

/** Every path package.json points at: main, types, bin, and the targets of exports. */
export function entryPoints(manifest: PackageManifest): string[] {
  const paths: string[] = [];
  if (manifest.main) paths.push(manifest.main);
  if (manifest.types) paths.push(manifest.types);
  paths.push(...(typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {})));
  const collect = (value: unknown): void => {
    if (typeof value === "string") paths.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  return [...new Set(paths.map((p) => normalize(p).split("\\").join("/")))];
}

/** Source maps that point at a file the tarball lacks: `sourceMappingURL` comments and the maps' `sources`. */
export function brokenSourceMaps(root: string, files: string[]): string[] {
  const shipped = new Set(files);
  const problems: string[] = [];
  for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(root, file), "utf8"))?.[1];
    if (url && !url.startsWith("data:") && !shipped.has(join(dirname(file), url))) problems.push(`${file} → ${url}`);
  }
  for (const file of files.filter((f) => f.endsWith(".map"))) {
    const map = JSON.parse(readFileSync(join(root, file), "utf8")) as { sources?: string[]; sourceRoot?: string };
    for (const source of map.sources ?? []) {
      const target = normalize(join(dirname(file), map.sourceRoot ?? "", source));
      if (!existsSync(join(root, target)) || !shipped.has(target)) problems.push(`${file} → ${source}`);
    }
  }
  return problems;
}

/** The package a bare module specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a relative path. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * Modules the shipped JavaScript requires that an installed copy could not load: neither Node built-ins, the package
 * itself, nor one of its dependencies (a devDependency is not installed for users).
 */
export function undeclaredRequires(root: string, files: string[], manifest: PackageManifest): string[] {
  const allowed = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const builtins = new Set(builtinModules);
  const bins = new Set(entryPoints({ name: manifest.name, version: manifest.version, bin: manifest.bin }));
  const problems: string[] = [];
  for (const file of files.filter((f) => f.endsWith(".js") || bins.has(f))) {
    const text = readFileSync(join(root, file), "utf8");
    // require("x") and require.resolve("x"); a resolve with `{ paths }` looks elsewhere on purpose, so it is left out.
    for (const match of text.matchAll(/\brequire(?:\.resolve)?\(\s*["']([^"']+)["']\s*\)/g)) {
      const name = packageOf(match[1]);
      if (name === undefined || name.startsWith("node:") || builtins.has(name) || allowed.has(name)) continue;
      problems.push(`${file}: require("${match[1]}")`);
    }
  }
  return problems;
}

/** Dependency specs a registry could not resolve once published: paths, links, workspace protocol, git, URLs. */
export function unpublishableSpecs(manifest: PackageManifest): string[] {
  const specs = { ...manifest.dependencies, ...manifest.peerDependencies };
  return Object.entries(specs)
    .filter(([, spec]) => /^(file:|link:|workspace:|git\+|git:|https?:|\.|\/)/.test(spec) || spec === "*")
    .map(([name, spec]) => `${name}@${spec}`);
}
