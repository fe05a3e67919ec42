import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { E2EBench, EXAMPLES, REPO_ROOT } from "./harness";

/** What scripts/demo.js exports: the real-Kibana instructions it prints. */
interface DemoInstructions {
  PLACEHOLDERS: { endpoint: string; apiKey: string };
  REAL_KIBANA: { stack: string; space: string };
  realKibanaCommands(): string;
  realKibanaInstructions(): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require(join(REPO_ROOT, "scripts", "demo.js")) as DemoInstructions;

/** The rules of examples/detections-as-code. */
const EXAMPLE_RULES = 12;
/** The emulator's prebuilt package, which the example installs in its space (src/prebuilt.ts). */
const PACKAGE_RULES = 20;
/** The example's default space, used when `space` is not set. */
const DEFAULT_SPACE = "soc";

/** A new terminal's PATH, without any folder that holds a `pulumi`. */
function pathWithoutPulumi(): string {
  return ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"].filter((dir) => !existsSync(join(dir, "pulumi"))).join(":");
}

/** Runs `script` with `bash -euo pipefail` in exactly `env`; stdout and stderr interleaved. */
function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/bash", ["-euo", "pipefail", "-c", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const PULUMI_SETTINGS = join(userInfo().homedir, ".pulumi");

/**
 * The user's global Pulumi settings: their login (credentials.json) and per-project workspace files. The CLI finds
 * them in the account's home from the user database, not in $HOME, so a temporary HOME does not shield them.
 */
function pulumiSettings(): { credentials: string | null; workspaces: string[] } {
  const credentialsFile = join(PULUMI_SETTINGS, "credentials.json");
  const workspacesDir = join(PULUMI_SETTINGS, "workspaces");
  return {
    credentials: existsSync(credentialsFile) ? readFileSync(credentialsFile, "utf8") : null,
    workspaces: existsSync(workspacesDir) ? readdirSync(workspacesDir).map((f) => `${f} modified ${statSync(join(workspacesDir, f)).mtimeMs}`) : [],
  };
}

/** Puts the user's login back should a regression have changed it (the test fails all the same). */
function restoreLogin(credentials: string | null): void {
  const credentialsFile = join(PULUMI_SETTINGS, "credentials.json");
  if (pulumiSettings().credentials === credentials) return;
  if (credentials === null) unlinkSync(credentialsFile);
  else writeFileSync(credentialsFile, credentials, { mode: 0o600 });
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("the demo's 'point the same program at a real Kibana' instructions", () => {
  const stackFile = join(EXAMPLES, "detections-as-code", `Pulumi.${demo.REAL_KIBANA.stack}.yaml`);
  const setAside = `${stackFile}.set-aside-by-e2e-test`;
  let bench: E2EBench;
  let home: string;

  beforeAll(async () => {
    bench = await E2EBench.start({ contract: true });
    home = mkdtempSync(join(tmpdir(), "esac-demo-home-"));
    // A developer who followed the instructions in this clone has this file: keep it, restore it afterwards.
    if (existsSync(stackFile)) renameSync(stackFile, setAside);
  });

  afterAll(async () => {
    if (existsSync(stackFile)) unlinkSync(stackFile);
    if (existsSync(setAside)) renameSync(setAside, stackFile);
    if (home) rmSync(home, { recursive: true, force: true });
    await bench?.close();
  });

  it("are what the demo prints, with the endpoint and the API key as the only placeholders", () => {
    const commands = demo.realKibanaCommands();
    const printed = commands
      .split("\n")
      .map((line) => `  ${line}`)
      .join("\n");
    expect(demo.realKibanaInstructions()).toContain(printed);
    expect(occurrences(commands, demo.PLACEHOLDERS.endpoint)).toBe(1);
    expect(occurrences(commands, demo.PLACEHOLDERS.apiKey)).toBe(1);
    expect(commands).not.toMatch(/pulumi login/);
  });

  it("deploy the example as printed from a clean shell, leaving the user's Pulumi login untouched", async () => {
    // What `npm run demo` left in the user's cache: Node 22 and the Pulumi CLI (so nothing is built again).
    mkdirSync(join(home, ".cache"));
    symlinkSync(process.env.ESAC_CACHE_DIR ?? join(homedir(), ".cache", "esac"), join(home, ".cache", "esac"));
    const before = pulumiSettings();
    let after = before;

    const { url, apiKey } = bench.emulator;
    const script = demo
      .realKibanaCommands()
      .replace(demo.PLACEHOLDERS.endpoint, () => url)
      .replace(demo.PLACEHOLDERS.apiKey, () => apiKey);
    const env = { HOME: home, PATH: pathWithoutPulumi() };
    const { code, output } = await runBash(script, REPO_ROOT, env).finally(() => {
      after = pulumiSettings();
      restoreLogin(before.credentials);
    });

    expect({ code, output: code === 0 ? "(exit 0)" : output }).toEqual({ code: 0, output: "(exit 0)" });
    expect(output).toMatch(/Resources:\s+\+ \d+ created/);
    const rules = await bench.rules(demo.REAL_KIBANA.space);
    expect([...rules.values()].filter((r) => !r.immutable)).toHaveLength(EXAMPLE_RULES);
    expect([...rules.values()].filter((r) => r.immutable)).toHaveLength(PACKAGE_RULES);
    expect([...rules.keys()].every((id) => id.startsWith("esac-"))).toBe(true);
    expect((await bench.rules(DEFAULT_SPACE)).size).toBe(0);
    expect(bench.emulator.violations()).toEqual([]);

    // The user's login and Pulumi settings are as they were; Pulumi's home and the state went to ~/.esac.
    expect(after).toEqual(before);
    expect(existsSync(join(home, ".pulumi"))).toBe(false);
    expect(readdirSync(join(home, ".esac", "pulumi"))).toContain("workspaces");
    expect(readdirSync(join(home, ".esac", "state"))).toContain(".pulumi");

    // The API key is encrypted in the stack config and never printed; the passphrase file is private.
    const stackConfig = readFileSync(stackFile, "utf8");
    expect(stackConfig).toMatch(/kibana:apiKey:\s+secure: /);
    expect(stackConfig).toContain(`detections-as-code:space: ${demo.REAL_KIBANA.space}`);
    expect(stackConfig).not.toContain(apiKey);
    expect(output).not.toContain(apiKey);
    expect(statSync(join(home, ".esac", "passphrase")).mode & 0o777).toBe(0o600);
  });
});
