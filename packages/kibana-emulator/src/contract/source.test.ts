import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultContractSource, SNAPSHOT_FILE } from "./source";

describe("which contract source is used", () => {
  const saved = process.env.ESAC_KIBANA_OPENAPI_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.ESAC_KIBANA_OPENAPI_DIR;
    else process.env.ESAC_KIBANA_OPENAPI_DIR = saved;
  });

  it("is the committed snapshot by default, whether or not ../shared/kibana-openapi exists", () => {
    delete process.env.ESAC_KIBANA_OPENAPI_DIR;
    expect(defaultContractSource()).toEqual({ kind: "snapshot", file: SNAPSHOT_FILE });
  });

  it("is the full bundles in ESAC_KIBANA_OPENAPI_DIR when it is set", () => {
    const dir = mkdtempSync(join(tmpdir(), "openapi-"));
    try {
      process.env.ESAC_KIBANA_OPENAPI_DIR = dir;
      expect(defaultContractSource()).toEqual({ kind: "bundles", dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails naming ESAC_KIBANA_OPENAPI_DIR when it points nowhere", () => {
    process.env.ESAC_KIBANA_OPENAPI_DIR = "/nonexistent/openapi";
    expect(() => defaultContractSource()).toThrow("ESAC_KIBANA_OPENAPI_DIR=/nonexistent/openapi does not exist");
  });
});
