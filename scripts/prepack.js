#!/usr/bin/env node
"use strict";
/*
 * `prepack` of every published package (npm runs it on `npm pack` and `npm publish`, in the package's folder):
 * builds the package with `tsc -b` (and, through project references, the packages it depends on), then checks that
 * the build is complete, so that packing never yields a tarball without its code. Exits non-zero with the reason.
 *
 * Checks: every source module (src/**\/*.ts, tests excluded) has its .js and .d.ts in dist/; dist/ has no module
 * whose source is gone (a stale file would be published); every file package.json points at (main, types, bin,
 * exports) exists.
 */
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join, relative } = require("node:path");

const pkgDir = process.cwd();
const manifest = require(join(pkgDir, "package.json"));

function fail(message) {
  console.error(`prepack ${manifest.name}: ${message}`);
  process.exit(1);
}

function runTsc(args) {
  let tsc;
  try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [pkgDir] });
  } catch {
    fail("cannot find TypeScript; run `npm install` at the repository root first");
  }
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd: pkgDir, stdio: "inherit" });
  if (result.status !== 0) fail(`the build (tsc ${args.join(" ")}) failed with exit code ${result.status}; nothing was packed`);
}

function isTestPath(path) {
  return /\.test\.ts$/.test(path) || path.split("/").includes("__tests__");
}

/** Paths below `dir`, relative to it, with "/" separators. */
function walk(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path).split("\\").join("/")];
  });
}

/** Missing and stale build outputs: modules of src/ without their .js/.d.ts, and .js/.d.ts without a source. */
function distProblems() {
  const sources = walk(join(pkgDir, "src"))
    .filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts") && !isTestPath(p))
    .map((p) => p.slice(0, -".ts".length));
  if (sources.length === 0) fail("src/ has no TypeScript modules");
  const built = new Set(walk(join(pkgDir, "dist")));
  const missing = sources.flatMap((m) => [`${m}.js`, `${m}.d.ts`]).filter((f) => !built.has(f));
  const known = new Set(sources);
  const stale = [...built].filter((f) => /\.(js|d\.ts)$/.test(f)).filter((f) => !known.has(f.replace(/\.(js|d\.ts)$/, "")));
  return { missing, stale };
}

const listed = (files) =>
  files
    .slice(0, 5)
    .map((f) => `dist/${f}`)
    .join(", ") + (files.length > 5 ? ` and ${files.length - 5} more` : "");

function build() {
  runTsc(["-b"]);
  // tsc -b trusts its .tsbuildinfo: with dist/ deleted it reports "up to date" and writes nothing.
  if (distProblems().missing.length) runTsc(["-b", "--force"]);
  const { missing, stale } = distProblems();
  if (missing.length) fail(`the build left out ${listed(missing)}`);
  if (stale.length) {
    fail(`dist/ has files with no source in src/ (${listed(stale)}); delete this package's dist/ and pack again`);
  }
}

/** Every file named by main, types, bin and exports. */
function declaredEntryPoints() {
  const paths = [manifest.main, manifest.types];
  const bin = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  paths.push(...bin);
  const collect = (value) => {
    if (typeof value === "string") paths.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  return paths.filter(Boolean);
}

function checkEntryPoints() {
  const absent = declaredEntryPoints().filter((p) => !existsSync(join(pkgDir, p)));
  if (absent.length) fail(`package.json names files that do not exist: ${absent.join(", ")}`);
}

build();
checkEntryPoints();
