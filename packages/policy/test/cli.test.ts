/**
 * The pack in the real Pulumi CLI: `pulumi preview --policy-pack packages/policy/bin/esac-policy-pack` on fixture
 * programs (test/fixtures), against the Kibana emulator. Never skipped: without a CLI, scripts/pulumi-cli.sh builds one.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { POLICIES } from "../src/policies";
import { CLI_TIMEOUT_MS, CliBench, FIXTURES } from "./cli-harness";

jest.setTimeout(CLI_TIMEOUT_MS);

const COMPLIANT = join(FIXTURES, "compliant");
const VIOLATING = join(FIXTURES, "violating");

/** How the CLI lists a violation: `- [mandatory]  policy-name  (type: resource-name)`. */
function violationLine(level: string, policy: string, resource: string): RegExp {
  return new RegExp(`\\[${level}\\]\\s+${policy}\\s+\\(pulumi-nodejs:dynamic/esac:\\w+: ${resource}\\)`);
}

describe("the esac policy pack in the real Pulumi CLI", () => {
  let bench: CliBench;

  beforeAll(async () => {
    bench = await CliBench.start();
  });

  afterAll(async () => {
    await bench?.close();
  });

  it("loads, and a compliant program with every esac resource type passes", async () => {
    const r = await bench.preview(COMPLIANT);
    expect(r.output).toMatch(/esac@v0\.1\.0 \(local: .*bin\/esac-policy-pack\)/);
    expect(r.output).not.toMatch(/\[(mandatory|advisory)\]/);
    expect(r.output).toMatch(/\+ 9 to create/);
    expect(r.code).toBe(0);
  });

  it("catches each policy's case: mandatory violations fail the preview, advisory ones are listed", async () => {
    const r = await bench.preview(VIOLATING, { tags: { environment: "production" } });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("error: preview failed");
    // Each resource of the fixture is named after the one policy it breaks.
    for (const policy of POLICIES) {
      expect(r.output).toMatch(violationLine(policy.enforcementLevel, policy.name, policy.name));
    }
    expect(r.output).toMatch(violationLine("mandatory", "stack-unique-rules", "stack-unique-rules-twin"));
    expect(r.output).toContain("(stack tag environment=production)");
    // No policy reports anything about the compliant parts (the declared list, the other item's twin).
    expect(r.output).not.toMatch(/\(pulumi-nodejs:dynamic\/esac:ExceptionList: declared-list\)/);
  });

  it("with every level set to advisory by --policy-pack-config, violations only warn and the preview passes", async () => {
    const config = join(bench.dir, "all-advisory.json");
    writeFileSync(config, JSON.stringify(Object.fromEntries(POLICIES.map((p) => [p.name, "advisory"]))));
    // No tag this time: the stack's name makes it production (productionStacks "*-prod").
    const stack = bench.stackName("-prod");
    const r = await bench.preview(VIOLATING, { stack, extra: ["--policy-pack-config", config] });
    expect(r.output).not.toMatch(/\[mandatory\]/);
    for (const policy of POLICIES) expect(r.output).toMatch(violationLine("advisory", policy.name, policy.name));
    expect(r.output).toContain(`(stack name "${stack}")`);
    expect(r.code).toBe(0);
  });

  it("--policy-pack-config raises an advisory policy to mandatory and changes its settings", async () => {
    const config = join(bench.dir, "strict-max-signals.json");
    writeFileSync(config, JSON.stringify({ "rule-max-signals-sane": { enforcementLevel: "mandatory", max: 50 } }));
    const r = await bench.preview(COMPLIANT, { extra: ["--policy-pack-config", config] });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(violationLine("mandatory", "rule-max-signals-sane", "whoami"));
    expect(r.output).toMatch(violationLine("mandatory", "rule-max-signals-sane", "nltest"));
    expect(r.output).toContain("asks for max_signals 100, above the limit of 50 alerts per run");
  });
});
