/*
 * The release workflow and the versioning set-up agree with the workspace: every public package is published, in an
 * order where its @esac dependencies come first, with provenance, from a tag whose version the packages carry.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parse } from "yaml";
import { publicPackages, REPO_ROOT } from "./workspace";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, ".github", "workflows", "release.yml"), "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const script = steps.map((s) => s.run ?? "").join("\n");
const packages = publicPackages();

test("runs on a v* tag with Node 22 and an OIDC token, installs, builds and tests before publishing", () => {
  expect(workflow.on.push.tags).toEqual(["v*"]);
  expect(workflow.permissions["id-token"]).toBe("write");
  expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe(22);
  const order = ["npm ci", "npm run build", "npm test", "npm publish"].map((command) => script.indexOf(command));
  expect(order.every((index) => index >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  expect(script).toContain("node scripts/check-release-tag.js");
});

test("publishes every public package with provenance, each after the packages it depends on", () => {
  expect(script).toMatch(/npm publish --workspace "\$dir" --provenance --access public/);
  const loop = /for dir in ([^;]+); do/.exec(script);
  const published = (loop?.[1] ?? "").trim().split(/\s+/);
  expect([...published].sort()).toEqual(packages.map((p) => p.dir).sort());
  const outOfOrder = packages.flatMap(({ dir, manifest }) =>
    Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
      .map((dep) => packages.find((p) => p.manifest.name === dep))
      .filter((sibling) => sibling !== undefined && published.indexOf(sibling.dir) > published.indexOf(dir))
      .map((sibling) => `${dir} is published before its dependency ${sibling!.dir}`),
  );
  expect(outOfOrder).toEqual([]);
});

test("changesets versions the public packages together and leaves the private ones unpublished", () => {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, ".changeset", "config.json"), "utf8")) as {
    fixed: string[][];
    access: string;
    privatePackages: { version: boolean; tag: boolean };
  };
  expect(config.fixed.map((group) => [...group].sort())).toEqual([packages.map((p) => p.manifest.name).sort()]);
  expect(config.access).toBe("public");
  expect(config.privatePackages).toEqual({ version: false, tag: false });
  const versions = new Set(packages.map((p) => p.manifest.version));
  expect(versions.size).toBe(1);
});

test("the tag check accepts the packages' version and refuses another", async () => {
  const check = (tag: string) =>
    promisify(execFile)(process.execPath, [join(REPO_ROOT, "scripts", "check-release-tag.js"), tag]).then(
      () => "ok",
      (e: { stderr?: string }) => e.stderr ?? "failed",
    );
  const version = packages[0].manifest.version;
  expect(await check(`v${version}`)).toBe("ok");
  expect(await check("v999.0.0")).toContain("run `npm run release:version`");
  expect(await check(version)).toContain("is not a release tag");
});
