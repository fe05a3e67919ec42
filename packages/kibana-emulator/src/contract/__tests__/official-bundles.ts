/**
 * Tests that need the full official bundle files (not in a clone: they live in ../shared/kibana-openapi or
 * `$ESAC_KIBANA_OPENAPI_DIR`). Found: the tests run. Missing with `CI` set: one failing test (a skip would leave CI
 * green without the check). Missing otherwise: skipped, with one line on stderr saying what and how to get them.
 */
import { findBundlesDir } from "../snapshot";

const WHERE = "put Kibana's OpenAPI bundle files in ../shared/kibana-openapi next to the clone, or set ESAC_KIBANA_OPENAPI_DIR to their folder";

function ciIsSet(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

export function describeWithOfficialBundles(title: string, body: (dir: string) => void): void {
  const dir = findBundlesDir();
  if (dir) {
    describe(title, () => body(dir));
    return;
  }
  if (ciIsSet()) {
    describe(title, () => {
      it("finds the official bundles (required when CI is set)", () => {
        throw new Error(`The Kibana OpenAPI bundles are required in CI (CI=${process.env.CI}) and were not found: ${WHERE}.`);
      });
    });
    return;
  }
  process.stderr.write(`skipped: "${title}" (Kibana OpenAPI bundles not found; to run it, ${WHERE})\n`);
  describe.skip(title, () => {
    it("needs the official bundles", () => undefined);
  });
}
