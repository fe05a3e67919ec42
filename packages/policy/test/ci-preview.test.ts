/**
 * examples/ci/preview.sh — the script CI runs — against the Kibana emulator with examples/detections-as-code, through
 * the real Pulumi CLI. Runs in `.ci/run` (npm test → turbo → this package's jest).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI_TIMEOUT_MS, CliBench, REPO } from "./cli-harness";

jest.setTimeout(CLI_TIMEOUT_MS);

const SCRIPT = join(REPO, "examples", "ci", "preview.sh");
const EXAMPLE = join(REPO, "examples", "detections-as-code");

describe("examples/ci/preview.sh", () => {
  let bench: CliBench;
  let stack: string;

  beforeAll(async () => {
    bench = await CliBench.start();
    stack = bench.stackName("-ci");
    bench.track(EXAMPLE, stack);
    if (!existsSync(join(EXAMPLE, "dist", "index.js"))) throw new Error("examples/detections-as-code is not built (turbo run build)");
  });

  afterAll(async () => {
    await bench?.close();
  });

  const preview = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    bench.run("bash", [SCRIPT, "--no-setup", ...args], { cwd: REPO, env: { ...bench.env, ...env } });

  it("previews the example stack with the policy pack and writes the summary to $GITHUB_STEP_SUMMARY", async () => {
    const summaryPath = join(bench.dir, "step-summary.md");
    const commentPath = join(bench.dir, "comment.md");
    const r = await preview(["--create", EXAMPLE, stack], { GITHUB_STEP_SUMMARY: summaryPath, ESAC_SUMMARY_FILE: commentPath });
    expect(r.stderr).toContain("pulumi preview --stack");
    expect(r.stderr).toContain("--policy-pack");
    expect(r.code).toBe(0);
    const summary = readFileSync(summaryPath, "utf8");
    expect(readFileSync(commentPath, "utf8")).toBe(summary);
    expect(r.stdout).toBe(""); // the summary went to the step summary, not the log
    expect(summary).toContain(`### Pulumi preview of \`detections-as-code/${stack}\`: ⚠️ passed with 9 advisory policy violations`);
    expect(summary).toContain("**Changes:** 26 to create"); // 25 objects (4 of them Elastic's prebuilt rules) and the soc space they live in
    // Rule policies judge the SOC's own rules: Elastic's prebuilt rules have their own guides, not the program's to write.
    expect(summary).not.toMatch(/\| ⚠️ advisory \| `[^`]+` \| (PrebuiltRule|PrebuiltRules|PrebuiltRuleSelection|RuleExceptions) /);
    expect(summary).toContain("| + create | PrebuiltRule | `reverse-shell-netcat` |");
    expect(summary).toContain("**Policies:** esac@0.1.0 — 0 mandatory violations, 9 advisory violations");
    expect(summary).toContain("| ⚠️ advisory | `rule-investigation-guide` | DetectionRule `ssh-brute-force` |");
    expect(summary).toContain("| + create | DetectionRule | `web-shell-spawn` |");
    expect(summary).toContain("<details><summary>Full <code>pulumi preview --diff</code> output</summary>");
    expect(summary).toMatch(/\+ pulumi-nodejs:dynamic\/esac:DetectionRule: \(create\)/); // the --diff text
    expect(summary).not.toContain(bench.emulator.apiKey);
  });

  it("fails on a mandatory violation and prints the summary when not on GitHub", async () => {
    await bench.must(bench.pulumi(["stack", "tag", "set", "environment", "production", "--stack", stack], EXAMPLE));
    const r = await preview([EXAMPLE, stack]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("❌ blocked by 1 mandatory policy violation");
    expect(r.stdout).toContain(
      '| ❌ mandatory | `rule-enabled-in-production` | DetectionRule `rare-process-ml` | rule "Anomalous process for a Windows host" (rule_id esac-rare-process-ml) is disabled in a production stack (stack tag environment=production); set enabled: true. |',
    );
    expect(r.stderr).toContain("preview failed (pulumi exit status");
  });

  it("rejects wrong usage and unknown stacks", async () => {
    expect((await preview([EXAMPLE])).code).toBe(2);
    const missing = await preview([EXAMPLE, "no-such-stack"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no stack no-such-stack (pass --create to create it)");
  });
});
