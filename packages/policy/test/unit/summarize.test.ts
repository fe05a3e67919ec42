/** examples/ci/summarize.js: the Markdown a CI job shows for a preview, from the engine's event log. */
import { join } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { summarize, parseEvents, parseUrn } = require(join(__dirname, "..", "..", "..", "..", "examples", "ci", "summarize.js"));

const urn = (type: string, name: string) => `urn:pulumi:prod::soc-rules::${type}::${name}`;
const RULE = "pulumi-nodejs:dynamic/esac:DetectionRule";
const pre = (op: string, type: string, name: string, diffs?: string[]) => ({ resourcePreEvent: { metadata: { op, type, urn: urn(type, name), diffs } } });
const policy = (level: string, policyName: string, name: string, detail: string) => ({
  policyEvent: {
    resourceUrn: urn(RULE, name),
    message: `The policy's description.\n${detail}\n`,
    policyName,
    policyPackName: "esac",
    policyPackVersion: "0.1.0",
    enforcementLevel: level,
  },
});
const summaryEvent = { summaryEvent: { resourceChanges: { create: 2 }, PolicyPacks: { "esac|local|/x/bin/esac-policy-pack": "0.1.0" }, isPreview: true } };

describe("summarize.js", () => {
  it("parses URNs and event logs (ignoring a torn last line)", () => {
    expect(parseUrn("urn:pulumi:prod::proj::a:b:C$pulumi-nodejs:dynamic/esac:DetectionRule::x")).toEqual({
      stack: "prod",
      project: "proj",
      type: "pulumi-nodejs:dynamic/esac:DetectionRule",
      name: "x",
    });
    expect(parseEvents('{"a":1}\n\n{"b":2}\n{"c":')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("reports a passing preview with its changes", () => {
    const md = summarize({
      events: [
        pre("same", "pulumi:pulumi:Stack", "soc-rules-prod"),
        pre("create", RULE, "b-rule"),
        pre("update", RULE, "a-rule", ["name", "tags"]),
        pre("same", RULE, "c-rule"),
        summaryEvent,
      ],
      output: "Previewing update (prod):\n+ 1 to create",
      exitCode: 0,
    });
    expect(md).toContain("### Pulumi preview of `soc-rules/prod`: ✅ passed");
    expect(md).toContain("**Changes:** 1 to create, 1 to update");
    expect(md).toContain("**Policies:** esac@0.1.0 — 0 mandatory violations, 0 advisory violations");
    expect(md).toContain("| + create | DetectionRule | `b-rule` |  |\n| ~ update | DetectionRule | `a-rule` | `name`, `tags` |");
    expect(md).not.toContain("`c-rule`");
    expect(md).not.toContain("#### Policy violations");
    expect(md).toContain("```diff\nPreviewing update (prod):\n+ 1 to create\n```");
  });

  it("lists mandatory violations first and says the preview is blocked", () => {
    const md = summarize({
      events: [
        pre("create", RULE, "r1"),
        policy("advisory", "rule-investigation-guide", "r1", "rule r1 has no investigation guide"),
        policy("mandatory", "rule-mitre-mapping", "r1", "rule r1 has no MITRE | mapping\nsecond line"),
        summaryEvent,
      ],
      exitCode: 255,
    });
    expect(md).toContain("❌ blocked by 1 mandatory policy violation");
    expect(md).toContain("— 1 mandatory violation, 1 advisory violation");
    const table = md.slice(md.indexOf("| Level |"));
    expect(table.indexOf("rule-mitre-mapping")).toBeLessThan(table.indexOf("rule-investigation-guide"));
    expect(md).toContain("| ❌ mandatory | `rule-mitre-mapping` | DetectionRule `r1` | rule r1 has no MITRE \\| mapping<br>second line |");
    expect(md).toContain("| ⚠️ advisory | `rule-investigation-guide` | DetectionRule `r1` | rule r1 has no investigation guide |");
  });

  it("reports advisory-only previews as passed with warnings, and failures with their errors", () => {
    expect(summarize({ events: [policy("advisory", "p", "r", "d"), summaryEvent], exitCode: 0 })).toContain("⚠️ passed with 1 advisory policy violation");
    const failed = summarize({
      events: [
        { diagnosticEvent: { severity: "error", message: "Running program failed: boom\n", urn: urn("pulumi:pulumi:Stack", "s") } },
        { diagnosticEvent: { severity: "error", message: "preview failed\n" } },
      ],
      exitCode: 255,
      stack: "prod",
      program: "/repo/examples/soc-rules",
    });
    expect(failed).toContain("### Pulumi preview of `soc-rules/prod`: 💥 preview failed");
    expect(failed).toContain("#### Errors\n\n- pulumi:pulumi:Stack `s`: Running program failed: boom");
    expect(failed).toContain("**Policies:** no policy pack ran");
  });

  it("keeps the raw output within a pull-request comment's size", () => {
    const md = summarize({ events: [], output: "x".repeat(100_000), exitCode: 0 });
    expect(md.length).toBeLessThan(45_000);
    expect(md).toContain("more characters in the job log");
  });
});
