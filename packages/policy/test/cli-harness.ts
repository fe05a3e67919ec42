/**
 * Runs the real Pulumi CLI for the policy tests: the CLI from scripts/pulumi-cli.sh (built once if missing — a
 * missing CLI fails the tests, it never skips them), a private file:// backend and PULUMI_HOME, and the Kibana
 * emulator in-process.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { startEmulator, type RunningEmulator } from "@esac/kibana-emulator";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pulumiHome } = require("../../../test-support/pulumi-home") as typeof import("../../../test-support/pulumi-home");

export const REPO = resolve(__dirname, "..", "..", "..");
export const PACKAGE = resolve(__dirname, "..");
export const FIXTURES = join(__dirname, "fixtures");
/** The pack as an executable analyzer: what this CLI can load (see README.md, "Loading the pack"). */
export const PACK = join(PACKAGE, "bin", "esac-policy-pack");

/** Allow for a first build of the CLI (~6 minutes on 2 cores) plus the previews. */
export const CLI_TIMEOUT_MS = 20 * 60_000;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they came. */
  output: string;
}

export class CliBench {
  readonly dir = mkdtempSync(join(tmpdir(), "esac-policy-"));
  private readonly stackFiles: string[] = [];

  private constructor(
    readonly emulator: RunningEmulator,
    readonly pulumiBin: string,
  ) {
    mkdirSync(join(this.dir, "backend"));
    pulumiHome(join(this.dir, "home"));
  }

  static async start(): Promise<CliBench> {
    if (!existsSync(join(PACKAGE, "dist", "pack.js"))) {
      throw new Error(`${PACKAGE}/dist/pack.js is missing: build first (turbo run build)`);
    }
    const pulumiBin = execFileSync("bash", [join(REPO, "scripts", "pulumi-cli.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: CLI_TIMEOUT_MS,
    }).trim();
    if (!existsSync(join(pulumiBin, "pulumi"))) throw new Error(`scripts/pulumi-cli.sh printed ${pulumiBin}, which has no pulumi`);
    return new CliBench(await startEmulator({ port: 0 }), pulumiBin);
  }

  /** Offline, isolated environment; Kibana is the emulator (through KIBANA_*, as a CI job would set it). */
  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env)) if (/^(PULUMI_|KIBANA_|GITHUB_STEP_SUMMARY$|ESAC_SUMMARY_FILE$)/.test(k)) delete env[k];
    return {
      ...env,
      PATH: [this.pulumiBin, dirname(process.execPath), env.PATH].join(":"),
      PULUMI_BACKEND_URL: `file://${join(this.dir, "backend")}`,
      PULUMI_HOME: join(this.dir, "home"),
      PULUMI_CONFIG_PASSPHRASE: "esac-policy-test",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      KIBANA_ENDPOINT: this.emulator.url,
      KIBANA_API_KEY: this.emulator.apiKey,
    };
  }

  /** A fresh stack name (Pulumi.e2e-*.yaml files are git-ignored, and removed by `close`). */
  stackName(suffix = ""): string {
    return `e2e-policy-${randomBytes(3).toString("hex")}${suffix}`;
  }

  /** Remembers the stack config file a stack of `programDir` will write, to remove it at the end. */
  track(programDir: string, stack: string): void {
    this.stackFiles.push(join(programDir, `Pulumi.${stack}.yaml`));
  }

  run(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? this.env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      let output = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        output += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        output += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr, output }));
    });
  }

  pulumi(args: string[], cwd: string): Promise<RunResult> {
    return this.run(join(this.pulumiBin, "pulumi"), [...args, "--non-interactive"], { cwd });
  }

  /** `pulumi stack init` (+ tags), then `pulumi preview --policy-pack <PACK>` with `extra` flags. */
  async preview(programDir: string, opts: { stack?: string; tags?: Record<string, string>; extra?: string[] } = {}): Promise<RunResult> {
    const stack = opts.stack ?? this.stackName();
    this.track(programDir, stack);
    await this.must(this.pulumi(["stack", "init", stack], programDir));
    for (const [k, v] of Object.entries(opts.tags ?? {})) await this.must(this.pulumi(["stack", "tag", "set", k, v, "--stack", stack], programDir));
    return this.pulumi(["preview", "--stack", stack, "--color", "never", "--policy-pack", PACK, ...(opts.extra ?? [])], programDir);
  }

  async must(p: Promise<RunResult>): Promise<RunResult> {
    const r = await p;
    if (r.code !== 0) throw new Error(`command failed (${r.code}):\n${r.output}`);
    return r;
  }

  async close(): Promise<void> {
    await this.emulator.stop();
    for (const f of this.stackFiles) rmSync(f, { force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
