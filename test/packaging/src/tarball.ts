import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { run } from "./workspace";

/** Unpacks a tarball made by `npm pack` into `dir` and lists its files (paths below the tarball's `package/`). */
export async function unpack(tarball: string, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", dir], { cwd: dir });
  const root = join(dir, "package");
  return walk(root)
    .map((path) => relative(root, path).split("\\").join("/"))
    .sort();
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
