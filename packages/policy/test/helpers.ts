import { TYPES, type EsacClassName } from "../src/tokens";
import type { PolicyContext, ResourcePolicyDefinition, ResourceUnderTest, StackPolicyDefinition, StackViolation } from "../src/types";
import { effectiveConfig } from "../src/wiring";

export const NOW = new Date("2026-01-15T12:00:00Z");

export function context(opts: { tags?: Record<string, string>; stack?: string; now?: Date } = {}): PolicyContext {
  return { stackTags: new Map(Object.entries(opts.tags ?? {})), stack: opts.stack, now: opts.now ?? NOW };
}

export function res(className: EsacClassName, name: string, props: Record<string, any>): ResourceUnderTest {
  return { type: TYPES[className], name, urn: `urn:pulumi:test::proj::${TYPES[className]}::${name}`, props };
}

// @pulumi/policy's proxy over resource props (internal to its typings, stable in its JavaScript).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

/**
 * Runs a resource policy's check as the pack does: defaults overlaid by `config`, and props behind @pulumi/policy's
 * proxy (which hands out a new wrapper on every read, so checks must not rely on object identity).
 */
export function check<C>(def: ResourcePolicyDefinition<C>, r: ResourceUnderTest, config: Partial<C> = {}, ctx: PolicyContext = context()): string[] {
  expect(def.types).toContain(r.type);
  return def.check({ ...r, props: unknownCheckingProxy(r.props) }, effectiveConfig(def, config), ctx);
}

export function checkStack<C>(
  def: StackPolicyDefinition<C>,
  resources: ResourceUnderTest[],
  config: Partial<C> = {},
  ctx: PolicyContext = context(),
): StackViolation[] {
  return def.check(resources, effectiveConfig(def, config), ctx);
}

/** A MITRE ATT&CK `threat` entry. */
export function attack(tactic: string, technique?: string, sub?: string) {
  return {
    framework: "MITRE ATT&CK",
    tactic: { id: tactic, name: "Tactic", reference: `https://attack.mitre.org/tactics/${tactic}/` },
    technique: technique
      ? [
          {
            id: technique,
            name: "Technique",
            reference: "https://attack.mitre.org/",
            subtechnique: sub ? [{ id: sub, name: "Sub", reference: "https://attack.mitre.org/" }] : [],
          },
        ]
      : [],
  };
}

/** Rule props (as the DetectionRule provider's check returns them) that pass every policy. */
export function ruleProps(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    rule_id: "esac-test-rule",
    name: "Discovery commands from a service account",
    description: "A service account ran host discovery commands, which interactive attackers do after gaining access.",
    type: "query",
    language: "kuery",
    query: 'process.name:("whoami.exe" or "nltest.exe")',
    index: ["logs-endpoint.events.process-*"],
    severity: "medium",
    risk_score: 47,
    interval: "5m",
    from: "now-6m",
    to: "now",
    max_signals: 100,
    enabled: true,
    space_id: "soc",
    tags: ["Domain: Endpoint"],
    threat: [attack("TA0007", "T1033")],
    note: "## Triage\n\n- Check which service account ran the commands and from which parent process.\n- Look for lateral movement next.",
    exceptions_list: [],
    ...overrides,
  };
}

export const rule = (overrides: Record<string, any> = {}, name = "rule") => res("DetectionRule", name, ruleProps(overrides));

export function itemProps(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    item_id: "backup-agent",
    list_id: "soc-exceptions",
    namespace_type: "single",
    type: "simple",
    name: "Backup agent",
    description: "The backup agent reads every file nightly.",
    entries: [{ field: "process.executable", operator: "included", type: "match", value: "C:\\Program Files\\Backup\\agent.exe" }],
    expire_time: "2026-02-15T00:00:00Z",
    comments: [],
    ...overrides,
  };
}
