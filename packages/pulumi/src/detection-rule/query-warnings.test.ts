import * as pulumi from "@pulumi/pulumi";
import { AsyncLocalStorage } from "node:async_hooks";
import { DetectionRule } from "./resource";
import { DetectionRules } from "../detection-rules/resource";

// Program side: the resource classes log the offline check's warnings while the program runs (preview and up).
const rule = { name: "Shells", description: "d", risk_score: 21, severity: "low" as const, type: "query" as const, index: ["logs-*"] };
const typo = { ...rule, rule_id: "typo", query: "process.nmae:cmd.exe" };
const gap = { ...rule, rule_id: "gap", query: "process.name:cmd.exe", interval: "1h", from: "now-6m" };
const clean = { ...rule, rule_id: "clean", query: "process.name:cmd.exe and not user.name:SYSTEM" };

let warnings: { message: string; resource?: pulumi.Resource }[];
beforeEach(() => {
  warnings = [];
  jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string, resource?: pulumi.Resource) => void warnings.push({ message, resource }));
  void pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "project", "stack", true);
  for (const key of ["esac:queryFieldCheck", "esac:customFields", "kibana:version"]) pulumi.runtime.setConfig(key, "");
  // Connection configured, so only the query warnings are logged.
  pulumi.runtime.setConfig("kibana:endpoint", "https://kibana.example:5601");
  pulumi.runtime.setConfig("kibana:apiKey", "k");
});
afterEach(async () => {
  // Let registrations (which serialize the provider) finish inside the test.
  await new Promise((resolve) => setTimeout(resolve, 100));
  jest.restoreAllMocks();
});

const messages = () => warnings.map((w) => w.message);

describe("query warnings at preview", () => {
  it("logs an unknown field and a look-back gap on the DetectionRule, prefixed with the rule_id and the argument", () => {
    const withTypo = new DetectionRule("typo", typo);
    const withGap = new DetectionRule("gap", gap);
    new DetectionRule("clean", clean);
    expect(messages()).toEqual([
      expect.stringMatching(/^rule_id "typo": query: field "process\.nmae" is not in ECS/),
      expect.stringMatching(/^rule_id "gap": from: .*"now-6m".*"1h"/),
    ]);
    expect(warnings.map((w) => w.resource)).toEqual([withTypo, withGap]);
  });

  it("logs a rule's warnings as one warning, a line each", () => {
    const both = new DetectionRule("both", { ...typo, interval: gap.interval, from: gap.from });
    expect(messages()).toEqual([expect.stringMatching(/^rule_id "typo": query: field "process\.nmae" is not in ECS.*\nrule_id "typo": from: .*"1h"/s)]);
    expect(warnings[0]!.resource).toBe(both);
  });

  it("names a rule without rule_id by its resource name; leaves out errors, which the check fails on", () => {
    const { rule_id: _ruleId, ...noId } = typo;
    new DetectionRule("unnamed", noId);
    new DetectionRule("broken", { ...rule, query: 'process.name:("a" or' });
    expect(messages()).toEqual([expect.stringMatching(/^DetectionRule "unnamed": query: field "process\.nmae"/)]);
  });

  it("skips rules whose values are not plain yet (Outputs, Promises)", () => {
    new DetectionRule("later", { ...typo, query: pulumi.output("process.nmae:cmd.exe") });
    new DetectionRules("later-set", { rules: pulumi.output([typo]) as never });
    expect(messages()).toEqual([]);
  });

  it("logs a DetectionRules set's warnings, array or record, as one warning on the set listing each by rule_id", () => {
    const set = new DetectionRules("set", { rules: [typo, gap, clean] });
    new DetectionRules("by-id", { rules: { typo: { file: "typo.toml", at: "typo.toml", body: typo } as never } });
    expect(messages()).toEqual([
      expect.stringMatching(/^2 query warning\(s\):\n {2}rule_id "typo": query: field "process\.nmae".*\n {2}rule_id "gap": from: /s),
      expect.stringMatching(/^1 query warning\(s\):\n {2}rule_id "typo": query: field "process\.nmae"/),
    ]);
    expect(warnings[0]!.resource).toBe(set);
  });

  it("shows 20 of a large set's warnings and counts the rest", () => {
    const typos = Array.from({ length: 25 }, (_, i) => ({ ...typo, rule_id: `typo-${i}` }));
    new DetectionRules("large", { rules: typos });
    const [message] = messages();
    expect(message).toMatch(/^25 query warning\(s\):/);
    expect(message!.match(/rule_id "typo-\d+"/g)).toHaveLength(20);
    expect(message).toContain("… and 5 more (the rule-query-check policy lists every one");
  });

  it("follows esac:customFields, and esac:queryFieldCheck off (no field warnings) and strict (an error: left to check)", () => {
    pulumi.runtime.setConfig("esac:customFields", '["process.nmae"]');
    new DetectionRule("declared", typo);
    pulumi.runtime.setConfig("esac:customFields", "");
    pulumi.runtime.setConfig("esac:queryFieldCheck", "off");
    new DetectionRule("off", typo);
    new DetectionRule("off-gap", gap);
    pulumi.runtime.setConfig("esac:queryFieldCheck", "strict");
    new DetectionRule("strict", typo);
    expect(messages()).toEqual([expect.stringMatching(/^rule_id "gap": from: /)]);
  });
});

// The built module, as a program loads it from node_modules: its worker file sits beside it (the TypeScript sources
// this suite runs have none, so the resources above check in place).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const built = require("../../dist/detection-rule/query-warnings") as typeof import("./query-warnings");

describe("query warnings on the program's worker thread", () => {
  const settings = { mode: "warn" as const, customFields: [] };
  const until = async (done: () => boolean) => {
    for (let waited = 0; !done() && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it("checks off the program's thread, then logs the warning on its resource", async () => {
    const resource = new DetectionRule("threaded", clean);
    warnings = [];
    built.logWarningsOffThread(
      resource,
      [
        { label: 'rule_id "typo"', rule: typo },
        { label: 'rule_id "gap"', rule: gap },
      ],
      settings,
      (lines) => lines.join(" | "),
    );
    // Nothing yet: the worker answers later.
    expect(messages()).toEqual([]);
    await until(() => warnings.length > 0);
    expect(messages()).toEqual([expect.stringMatching(/^rule_id "typo": query: field "process\.nmae" is not in ECS.* \| rule_id "gap": from: /)]);
    expect(warnings[0]!.resource).toBe(resource);
  });

  it("logs in the async context of the resource's program, not the worker's (Pulumi finds its engine through it)", async () => {
    const programs = new AsyncLocalStorage<string>();
    const seenIn: (string | undefined)[] = [];
    jest.spyOn(pulumi.log, "warn").mockImplementation(async () => void seenIn.push(programs.getStore()));
    const resource = new DetectionRule("contexts", clean);
    programs.run("program B", () => built.logWarningsOffThread(resource, [{ label: 'rule_id "typo"', rule: typo }], settings, (lines) => lines.join("\n")));
    await until(() => seenIn.length > 0);
    expect(seenIn).toEqual(["program B"]);
  });

  it("checks in place a rule the thread cannot take (a value structured clone refuses)", () => {
    const resource = new DetectionRule("unclonable", clean);
    warnings = [];
    built.logWarningsOffThread(resource, [{ label: 'rule_id "typo"', rule: { ...typo, note: Symbol("not cloneable") } }], settings, (lines) =>
      lines.join("\n"),
    );
    expect(messages()).toEqual([expect.stringMatching(/^rule_id "typo": query: field "process\.nmae"/)]);
  });
});
