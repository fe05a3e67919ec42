import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder relative to the repository root, e.g. `packages/pulumi`. */
  dir: string;
  manifest: PackageManifest;
}

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
}

/** The packages this repository publishes: every non-private package under packages/. */
export function publicPackages(): WorkspacePackage[] {
  return readdirSync(join(REPO_ROOT, "packages"))
    .map((name) => ({ dir: `packages/${name}`, manifest: readManifest(join(REPO_ROOT, "packages", name)) }))
    .filter((p) => !p.manifest.private)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** `name-version.tgz` as `npm pack` names a tarball (`@scope/name` → `scope-name`). */
export function tarballName(manifest: PackageManifest): string {
  return `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command in its own process group; on failure the error carries everything it printed. A command still
 * running after `timeoutMs` is killed with all its children (an `npm install` under a timed-out bash included).
 */
export async function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, "SIGKILL");
  }, options.timeoutMs ?? 600_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  }).finally(() => clearTimeout(timer));
  if (code === 0) return { stdout, stderr };
  const why = timedOut ? `timed out after ${options.timeoutMs ?? 600_000} ms` : `exited with ${code}`;
  throw new Error(`${file} ${args.join(" ")} ${why} in ${options.cwd}\n${stdout}\n${stderr}`);
}
