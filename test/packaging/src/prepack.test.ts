/*
 * `prepack` (scripts/prepack.js) in a copy of @esac/kibana-client laid out like the repository, so the checkout's
 * own dist/ is never touched: packing builds what is missing, and a failed build packs nothing.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO_ROOT, readManifest, tarballName } from "./workspace";

const PACKAGE = "kibana-client";
let root: string;
let pkgDir: string;
let outDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "esac-prepack-"));
  pkgDir = join(root, "packages", PACKAGE);
  outDir = join(root, "out");
  mkdirSync(join(root, "scripts"));
  mkdirSync(outDir);
  cpSync(join(REPO_ROOT, "tsconfig.base.json"), join(root, "tsconfig.base.json"));
  cpSync(join(REPO_ROOT, "scripts", "prepack.js"), join(root, "scripts", "prepack.js"));
  // The package as a clone has it, plus the build info of an earlier build whose dist/ was then deleted: tsc -b
  // trusts that file and would report "up to date" without writing anything.
  const source = join(REPO_ROOT, "packages", PACKAGE);
  for (const entry of ["package.json", "tsconfig.json", "README.md", "LICENSE", "src", "tsconfig.tsbuildinfo"]) {
    if (existsSync(join(source, entry))) cpSync(join(source, entry), join(pkgDir, entry), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function npmPack(): Promise<{ code: number; output: string; files: string[] }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("npm", ["pack", "--json", "--pack-destination", outDir], {
      cwd: pkgDir,
      maxBuffer: 64 << 20,
    });
    const json = stdout.slice(stdout.indexOf("[")); // prepack's own output comes first
    const [result] = JSON.parse(json) as { files: { path: string }[] }[];
    return { code: 0, output: stdout + stderr, files: result.files.map((f) => f.path) };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}`, files: [] };
  }
}

test("packing a package whose dist/ is missing builds it first", async () => {
  expect(existsSync(join(pkgDir, "dist"))).toBe(false);
  const { code, output, files } = await npmPack();
  expect({ code, output: code === 0 ? "" : output }).toEqual({ code: 0, output: "" });
  const manifest = readManifest(pkgDir);
  expect(files).toEqual(expect.arrayContaining([manifest.main, manifest.types, "README.md", "LICENSE", "package.json"]));
  expect(files.filter((f) => f.startsWith("dist/") && f.endsWith(".js")).length).toBeGreaterThan(10);
  expect(existsSync(join(outDir, tarballName(manifest)))).toBe(true);
});

test("a build that fails packs nothing and says why", async () => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir);
  writeFileSync(join(pkgDir, "src", "broken.ts"), 'export const broken: number = "not a number";\n');
  const { code, output } = await npmPack();
  expect(code).not.toBe(0);
  expect(output).toContain("broken.ts");
  expect(output).toContain("prepack @esac/kibana-client: the build (tsc -b");
  expect(readdirSync(outDir)).toEqual([]);
});
