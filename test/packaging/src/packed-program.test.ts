/*
 * The published packages as a user gets them: `npm pack` of the four packages (the README's commands), each
 * tarball's contents, then a Pulumi TypeScript program in a temporary folder outside the repository that installs
 * the tarballs (the README's commands), type-checks with `tsc`, and runs preview (with the packaged policy pack), up,
 * refresh and destroy with the real CLI against the emulator started from the packaged bin.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { brokenSourceMaps, entryPoints, undeclaredRequires, unpublishableSpecs, unwantedFiles } from "./contents";
import { startEmulatorBin, type EmulatorProcess } from "./emulator-bin";
import { kibanaGet } from "./kibana-http";
import { writeProgram } from "./program";
import { markedBlock, markedBlocks, runnableShellLines } from "./readme";
import { unpack } from "./tarball";
import { publicPackages, readManifest, REPO_ROOT, run, tarballName, type WorkspacePackage } from "./workspace";

const README = join(REPO_ROOT, "README.md");
/** Files each package needs at run time besides its code (read by path, so no require() check finds them). */
const RUNTIME_FILES: Record<string, string[]> = {
  "@esac/kibana-emulator": ["bin/kibana-emulator.js", "contract/kibana-openapi.snapshot.json"],
  "@esac/policy": ["bin/esac-policy-pack", "PulumiPolicy.yaml"],
};

const packages = publicPackages();
const started = Date.now();
/** The throw-away HOME of the README's `~/…` paths: outside the repository. */
const home = mkdtempSync(join(tmpdir(), "esac-packaging-"));
const packDir = join(home, "esac-packages");
const programDir = join(home, "my-program");
const unpacked = new Map<string, { root: string; files: string[] }>();
let npmEnv: NodeJS.ProcessEnv;

/** Runs a README block's commands with bash, `~` being the throw-away HOME. */
async function runReadmeBlock(name: string, cwd: string): Promise<void> {
  const script = ["set -euo pipefail", ...runnableShellLines(markedBlock(README, name))].join("\n");
  await run("bash", ["-c", script], { cwd, env: npmEnv, timeoutMs: 600_000 });
}

beforeAll(async () => {
  expect(realpathSync(home).startsWith(realpathSync(REPO_ROOT))).toBe(false);
  // HOME is new (the README's `~`), but npm keeps the user's cache (so @pulumi/pulumi is not downloaded again) and
  // settings (~/.npmrc: registry, proxy, CA), as it would for the user.
  const npmConfig = async (key: string) => (await run("npm", ["config", "get", key], { cwd: REPO_ROOT })).stdout.trim();
  npmEnv = {
    ...process.env,
    HOME: home,
    npm_config_cache: await npmConfig("cache"),
    npm_config_userconfig: await npmConfig("userconfig"),
    npm_config_update_notifier: "false",
  };
  await runReadmeBlock("pack", REPO_ROOT);
  for (const { manifest } of packages) {
    const dir = join(home, "unpacked", manifest.name);
    unpacked.set(manifest.name, { root: join(dir, "package"), files: await unpack(join(packDir, tarballName(manifest)), dir) });
  }
  console.log(
    [
      `packed in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
      ...packages.map(({ manifest }) => {
        const bytes = statSync(join(packDir, tarballName(manifest))).size;
        return `  ${tarballName(manifest)}: ${(bytes / 1024).toFixed(1)} KiB, ${unpacked.get(manifest.name)!.files.length} files`;
      }),
    ].join("\n"),
  );
});

afterAll(() => {
  console.log(`packaging test: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  if (!process.env.ESAC_KEEP_PACKAGING_DIR) rmSync(home, { recursive: true, force: true });
  else console.log(`kept ${home}`);
});

test("the README packs exactly the packages this repository publishes", () => {
  expect(packages.map((p) => p.manifest.name)).toEqual(["@esac/kibana-client", "@esac/kibana-emulator", "@esac/policy", "@esac/pulumi", "@esac/query"]);
  const packLine = runnableShellLines(markedBlock(README, "pack")).find((line) => line.startsWith("npm pack"));
  const packed = [...(packLine ?? "").matchAll(/-w (\S+)/g)].map((m) => m[1]).sort();
  expect(packed).toEqual(packages.map((p) => p.dir).sort());
});

describe.each(packages.map((p): [string, WorkspacePackage] => [p.manifest.name, p]))("tarball of %s", (name, pkg) => {
  const contents = () => unpacked.get(name)!;
  const manifest = () => readManifest(contents().root);

  test("has its README, the Apache-2.0 LICENSE, JavaScript with type declarations, and every file package.json names", () => {
    const { root, files } = contents();
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toBe(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8"));
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(manifest().license).toBe("Apache-2.0");
    expect(manifest().types).toMatch(/\.d\.ts$/);
    const missing = [...entryPoints(manifest()), ...(RUNTIME_FILES[name] ?? [])].filter((f) => !files.includes(f));
    expect(missing).toEqual([]);
    const js = files.filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
    expect(js.length).toBeGreaterThan(0);
    expect(js.filter((f) => !files.includes(f.replace(/\.js$/, ".d.ts")))).toEqual([]);
  });

  test("ships no tests, fixtures or build configuration, and no source map pointing at a missing file", () => {
    const { root, files } = contents();
    expect(unwantedFiles(files)).toEqual([]);
    expect(brokenSourceMaps(root, files)).toEqual([]);
  });

  test("requires only Node built-ins and its declared dependencies", () => {
    const { root, files } = contents();
    expect(undeclaredRequires(root, files, manifest())).toEqual([]);
  });

  test("depends on the other packages by a version range the registry can resolve", () => {
    const m = manifest();
    expect(unpublishableSpecs(m)).toEqual([]);
    for (const [dep, spec] of Object.entries(m.dependencies ?? {})) {
      const sibling = packages.find((p) => p.manifest.name === dep);
      if (sibling) expect(`${dep}@${spec}`).toBe(`${dep}@^${sibling.manifest.version}`);
    }
    expect(m.version).toBe(pkg.manifest.version);
    expect(m.scripts?.prepack).toBeDefined();
  });
});

describe("a Pulumi TypeScript program outside the repository, from the tarballs", () => {
  const stackName = "dev";
  const apiKey = `packaging-${randomBytes(8).toString("hex")}`;
  const webhookUrl = `https://hooks.slack.com/services/T000/B000/${randomBytes(8).toString("hex")}`;
  let emulator: EmulatorProcess | undefined;
  let stack: Stack;
  let pulumiEnv: Record<string, string>;

  const get = (path: string) => kibanaGet(emulator!.url, apiKey, path);

  beforeAll(async () => {
    const versionOf = (name: string) => readManifest(join(REPO_ROOT, "node_modules", name)).version;
    writeProgram(programDir, "esac-quickstart", markedBlock(README, "program"), {
      pulumi: versionOf("@pulumi/pulumi"),
      typescript: versionOf("typescript"),
      typesNode: versionOf("@types/node"),
    });
    // Not in the README: a guard. If npm looked for an @esac package on a registry (instead of taking it from the
    // tarballs), the install would fail here rather than quietly fetch something else.
    writeFileSync(join(programDir, ".npmrc"), "@esac:registry=http://127.0.0.1:9/\n");
    await runReadmeBlock("install", home);

    pulumiEnv = {
      PULUMI_BACKEND_URL: `file://${join(home, "backend")}`,
      PULUMI_HOME: join(home, ".pulumi"),
      PULUMI_CONFIG_PASSPHRASE: "esac-packaging",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      KIBANA_ENDPOINT: "",
      KIBANA_API_KEY: "",
      KIBANA_USERNAME: "",
      KIBANA_PASSWORD: "",
    };
    mkdirSync(join(home, "backend"));
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  test("installs the five packages from the tarballs, nothing linked into the repository", () => {
    const lock = readFileSync(join(programDir, "package-lock.json"), "utf8");
    expect(lock).not.toContain(REPO_ROOT);
    for (const { manifest } of packages) {
      const installed = join(programDir, "node_modules", manifest.name);
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      expect(realpathSync(installed).startsWith(realpathSync(programDir))).toBe(true);
      expect(readManifest(installed).version).toBe(manifest.version);
      const entry = (JSON.parse(lock) as { packages: Record<string, { resolved?: string }> }).packages[`node_modules/${manifest.name}`];
      expect(entry.resolved).toBe(`file:../esac-packages/${tarballName(manifest)}`);
      // One copy of each: the dependents use the installed @esac/kibana-client, none fetched its own.
      expect(existsSync(join(installed, "node_modules", "@esac"))).toBe(false);
    }
  });

  test("type-checks with tsc: the program, and the examples in the packages' READMEs", async () => {
    await run("npx", ["tsc", "--noEmit"], { cwd: programDir });
    const snippets = ["kibana-client", "pulumi"].flatMap((pkg) =>
      markedBlocks(join(REPO_ROOT, "packages", pkg, "README.md"), "typecheck").map((code, i) => {
        const file = `readme-${pkg}-${i}.ts`;
        writeFileSync(join(programDir, file), code);
        return file;
      }),
    );
    expect(snippets).toHaveLength(2);
    writeFileSync(join(programDir, "tsconfig.readme.json"), JSON.stringify({ extends: "./tsconfig.json", files: snippets }));
    await run("npx", ["tsc", "--noEmit", "-p", "tsconfig.readme.json"], { cwd: programDir });
  });

  test("preview (with the packaged policy pack), up, a no-change preview, refresh and destroy against the packaged emulator", async () => {
    emulator = await startEmulatorBin(join(programDir, "node_modules", ".bin", "kibana-emulator"), programDir, apiKey, ["--contract"]);
    stack = await LocalWorkspace.createStack({ stackName, workDir: programDir }, { envVars: pulumiEnv });
    await stack.setAllConfig({
      "kibana:endpoint": { value: emulator.url },
      "kibana:apiKey": { value: apiKey, secret: true },
      slackWebhookUrl: { value: webhookUrl, secret: true },
    });

    const policyPack = join(programDir, "node_modules", "@esac", "policy", "bin", "esac-policy-pack");
    const preview = await stack.preview({ policyPacks: [policyPack] });
    expect(preview.changeSummary).toEqual({ create: 5 });
    // The pack ran: the value list is referenced by no exception item, which its advisory policy reports.
    expect(preview.stdout).toContain("stack-value-lists-used");

    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.ruleId.value).toBe("encoded-powershell");

    const rule = await get("/api/detection_engine/rules?rule_id=encoded-powershell");
    expect(rule.status).toBe(200);
    const connectors = (await get("/api/actions/connectors")).body as { id: string; name: string; connector_type_id: string }[];
    expect(connectors.map(({ name, connector_type_id }) => ({ name, connector_type_id }))).toEqual([{ name: "SOC alerts", connector_type_id: ".slack" }]);
    expect(rule.body).toMatchObject({
      name: "PowerShell with an encoded command",
      enabled: true,
      actions: [expect.objectContaining({ id: connectors[0].id, action_type_id: ".slack" })],
    });
    expect((await get("/api/lists?id=scanner-ips")).body).toMatchObject({ id: "scanner-ips", type: "ip", name: "Vulnerability scanners" });
    const items = (await get("/api/lists/items/_find?list_id=scanner-ips&per_page=100")).body as { data: { value: string }[] };
    expect(items.data.map((i) => i.value).sort()).toEqual(["10.20.0.11", "10.20.0.12"]);

    // The state holds neither the API key nor the webhook URL in plaintext.
    const exported = (await run("pulumi", ["stack", "export", "--stack", stackName], { cwd: programDir, env: { ...process.env, ...pulumiEnv } })).stdout;
    expect(exported).toContain("encoded-powershell");
    expect(exported).not.toContain(apiKey);
    expect(exported).not.toContain(webhookUrl);
    // Installed under node_modules, each resource's state names the provider's module instead of holding its code.
    const dynamic = (JSON.parse(exported) as { deployment: { resources: { type: string; inputs: Record<string, unknown> }[] } }).deployment.resources.filter(
      (r) => r.type.startsWith("pulumi-nodejs:dynamic/esac:"),
    );
    expect(dynamic).toHaveLength(4);
    for (const r of dynamic) {
      expect(r.inputs.__provider).toMatch(/require\("@esac\/pulumi\/dist\/serialized-providers\/[A-Za-z]+\.js"\)/);
      expect(String(r.inputs.__provider).length).toBeLessThan(500);
    }

    const again = await stack.preview();
    expect(again.changeSummary).toEqual({ same: 5 });

    const refresh = await stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).toEqual({ same: 5 });

    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(destroy.summary.resourceChanges).toEqual({ delete: 5 });
    expect((await get("/api/detection_engine/rules/_find?per_page=100")).body).toMatchObject({ total: 0 });
    expect((await get("/api/actions/connectors")).body).toEqual([]);
    expect((await get("/api/lists?id=scanner-ips")).status).toBe(404);
  });
});
