import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** A file under the `shared/` folder that sits next to the repository clone (never copied into it). */
export function findSharedFile(relative: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dirname(dir), "shared", relative);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`shared/${relative} not found next to any parent of ${__dirname}`);
}
