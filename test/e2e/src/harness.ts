import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { LocalWorkspace, type ConfigMap, type EngineEvent, type OpType, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@esac/kibana-emulator";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pulumiHome } = require("../../../test-support/pulumi-home") as typeof import("../../../test-support/pulumi-home");

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const EXAMPLES = join(REPO_ROOT, "examples");
export const FIXTURES = join(REPO_ROOT, "test", "e2e", "fixtures");

/** What one resource's step was in a preview or update. */
export interface StepSummary {
  urn: string;
  name: string;
  type: string;
  op: OpType;
  diffs: string[];
}

/**
 * A real-CLI test bench: an emulator, a private `file://` backend and PULUMI_HOME, and stacks of programs in this
 * repository driven through the Automation API (which runs the `pulumi` binary found on PATH).
 */
export class E2EBench {
  readonly dir: string;
  private readonly stacks: { stack: Stack; workDir: string }[] = [];

  private constructor(
    readonly emulator: RunningEmulator,
    automaticLogs: boolean,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "esac-e2e-"));
    mkdirSync(join(this.dir, "backend"));
    pulumiHome(join(this.dir, "home"), { automaticLogs });
  }

  /**
   * A bench on a fresh emulator; `opts.version` picks the Kibana release it serves (default the newest esac knows).
   * Pulumi's automatic log is off unless `pulumiAutomaticLogs` (test-support/pulumi-home.js says why).
   */
  static async start(opts: EmulatorOptions & { pulumiAutomaticLogs?: boolean } = {}): Promise<E2EBench> {
    const { pulumiAutomaticLogs = false, ...emulator } = opts;
    return new E2EBench(await startEmulator({ port: 0, ...emulator }), pulumiAutomaticLogs);
  }

  /** Environment of every CLI run: offline, isolated, with a passphrase for secrets. */
  get env(): Record<string, string> {
    return {
      PULUMI_BACKEND_URL: `file://${join(this.dir, "backend")}`,
      PULUMI_HOME: join(this.dir, "home"),
      PULUMI_CONFIG_PASSPHRASE: "esac-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // Credentials come from stack config only: a developer's KIBANA_* must not leak into a test.
      KIBANA_ENDPOINT: "",
      KIBANA_API_KEY: "",
      KIBANA_USERNAME: "",
      KIBANA_PASSWORD: "",
    };
  }

  /** Kibana connection as stack config, the API key as a Pulumi secret. */
  kibanaConfig(): ConfigMap {
    return {
      "kibana:endpoint": { value: this.emulator.url },
      "kibana:apiKey": { value: this.emulator.apiKey, secret: true },
    };
  }

  /** A fresh stack of the program in `workDir`, configured for the emulator plus `config`. */
  async stack(workDir: string, config: ConfigMap = {}, namePrefix = "e2e"): Promise<Stack> {
    const stackName = `${namePrefix}-${randomBytes(4).toString("hex")}`;
    const stack = await LocalWorkspace.createStack({ stackName, workDir }, { envVars: this.env });
    await stack.setAllConfig({ ...this.kibanaConfig(), ...config });
    this.stacks.push({ stack, workDir });
    return stack;
  }

  /** Removes the stacks' config files from the program folders, stops the emulator, deletes the backend. */
  async close(): Promise<void> {
    for (const { stack, workDir } of this.stacks) {
      const file = join(workDir, `Pulumi.${stack.name}.yaml`);
      if (existsSync(file)) unlinkSync(file);
    }
    await this.emulator.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * The stack's state as `pulumi stack export` prints it — secrets encrypted (the Automation API's
   * `exportStack` adds `--show-secrets`, which is not what lands on disk).
   */
  async exportState(stack: Stack): Promise<any> {
    const entry = this.stacks.find((s) => s.stack === stack);
    if (!entry) throw new Error(`stack ${stack.name} was not created by this bench`);
    const { stdout } = await promisify(execFile)("pulumi", ["stack", "export", "--stack", stack.name], {
      cwd: entry.workDir,
      env: { ...process.env, ...this.env },
      maxBuffer: 1 << 30,
    });
    return JSON.parse(stdout);
  }

  /** Number of requests the emulator has logged so far (a marker for {@link callsSince}). */
  mark(): number {
    return this.emulator.requests().length;
  }

  callsSince(mark: number): { method: string; path: string; status: number }[] {
    return this.emulator
      .requests()
      .slice(mark)
      .map(({ method, path, status }) => ({ method, path, status }));
  }

  /** HTTP to the emulator as a person in the Kibana UI would make it (out-of-band changes). */
  async kibana(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.emulator.url + path, {
      method,
      headers: {
        authorization: `ApiKey ${this.emulator.apiKey}`,
        "kbn-xsrf": "true",
        "content-type": "application/json",
        "elastic-api-version": "2023-10-31",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Every detection rule of a space, by `rule_id`. */
  async rules(spaceId: string): Promise<Map<string, any>> {
    const prefix = spaceId === "default" ? "" : `/s/${spaceId}`;
    const out = new Map<string, any>();
    for (let page = 1; ; page++) {
      const { status, body } = await this.kibana("GET", `${prefix}/api/detection_engine/rules/_find?per_page=1000&page=${page}`);
      if (status !== 200) throw new Error(`_find failed: ${status} ${JSON.stringify(body)}`);
      for (const rule of body.data) out.set(rule.rule_id, rule);
      if (page * body.perPage >= body.total) return out;
    }
  }
}

/** Collects the per-resource steps of a preview or update from the engine's event stream. */
export function stepCollector(): { onEvent: (event: EngineEvent) => void; steps: StepSummary[] } {
  const steps: StepSummary[] = [];
  return {
    steps,
    onEvent(event) {
      const metadata = event.resourcePreEvent?.metadata;
      if (!metadata) return;
      steps.push({
        urn: metadata.urn,
        name: metadata.urn.split("::").pop() ?? metadata.urn,
        type: metadata.type,
        op: metadata.op,
        // Dynamic providers cannot name the changed keys (the gRPC shim drops them), so compare the inputs.
        diffs: metadata.diffs?.length ? metadata.diffs : changedInputs(metadata.old?.inputs, metadata.new?.inputs),
      });
    },
  };
}

/** The changed input keys, as Pulumi's display names them: `__` keys (`__provider`, esac's check digests) are internal. */
function changedInputs(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}): string[] {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !k.startsWith("__"));
  return keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

/** Steps that change something (everything but `same`, and not the stack itself). */
export function changes(steps: StepSummary[]): StepSummary[] {
  return steps.filter((s) => s.op !== "same" && s.type !== "pulumi:pulumi:Stack");
}

/** All the text a failed CLI run printed, for asserting on error messages. */
export function failureText(error: unknown): string {
  const e = error as { stdout?: string; stderr?: string; message?: string };
  return [e.message, e.stdout, e.stderr].filter(Boolean).join("\n");
}

/** Awaits a promise that must reject, returning what the CLI printed. */
export async function expectFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return failureText(error);
  }
  throw new Error("expected the Pulumi operation to fail");
}
