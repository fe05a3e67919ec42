/**
 * Locates the project's shared, read-only reference data (`<X>/shared/...` next to the repo clone `<X>/esac`).
 * Nothing from there is copied into this package; it is read at run time.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Walks up from `from` and returns the first `<ancestor>/shared/<sub>` directory found. */
export function findSharedDir(sub: string, from: string = __dirname): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, "shared", sub);
    if (isDir(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The Kibana OpenAPI bundles: `$ESAC_KIBANA_OPENAPI_DIR`, else `shared/kibana-openapi` found upwards. */
export function findOpenApiDir(): string {
  const env = process.env.ESAC_KIBANA_OPENAPI_DIR;
  if (env) {
    if (!existsSync(env)) throw new Error(`ESAC_KIBANA_OPENAPI_DIR=${env} does not exist`);
    return resolve(env);
  }
  const found = findSharedDir("kibana-openapi");
  if (!found) {
    throw new Error(
      "kibana-emulator contract mode: cannot find the Kibana OpenAPI bundles. Set ESAC_KIBANA_OPENAPI_DIR or place them in <repo>/../shared/kibana-openapi.",
    );
  }
  return found;
}
