/** The pack as a whole: definitions are complete and consistent, tokens match the classes, the wiring works. */
import * as esac from "@esac/pulumi";
import type { ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { POLICIES } from "../../src/policies";
import { TYPES } from "../../src/tokens";
import { toPlain, UNKNOWN } from "../../src/util/props";
import { effectiveConfig, policyContext, stackInfo, toPulumiPolicies, toResourcePolicy, toStackPolicy } from "../../src/wiring";
import { itemProps, ruleProps } from "../helpers";
import { ruleMitreMapping, ruleNoPlaceholderText, stackValueListsUsed } from "../../src/policies";

// @pulumi/policy's own proxy for preview-time unknowns (internal to its typings, stable in its JavaScript).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError, unknownStringValue } = require("@pulumi/policy/proxy");
const validate = (p: ResourceValidationPolicy) => p.validateResource as ResourceValidation;

describe("policy definitions", () => {
  it("cover the issue's list, with unique kebab-case names", () => {
    const names = POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(names).toHaveLength(17);
  });
  it.each(POLICIES.map((p) => [p.name, p]))("%s has a description, remediation, an enforcement level and consistent config", (_name, p) => {
    expect(p.description.length).toBeGreaterThan(40);
    expect(p.remediation.length).toBeGreaterThan(40);
    expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
    expect(Object.keys(p.config).sort()).toEqual(Object.keys(p.defaults).sort());
    for (const [key, prop] of Object.entries(p.config as Record<string, { default?: unknown; description: string }>)) {
      expect(prop.description).toBeTruthy();
      if ("default" in prop) expect(prop.default).toEqual((p.defaults as Record<string, unknown>)[key]);
    }
    if (p.kind === "resource") for (const t of p.types) expect(Object.values(TYPES)).toContain(t);
  });
});

describe("type tokens", () => {
  it("equal the static __pulumiType of every class @esac/pulumi exports", () => {
    const classes = Object.entries(TYPES).filter(([name]) => typeof (esac as Record<string, any>)[name]?.__pulumiType === "string");
    expect(classes.map(([name]) => name)).toContain("DetectionRule");
    for (const [name, token] of classes) expect((esac as Record<string, any>)[name].__pulumiType).toBe(token);
  });
});

describe("wiring to @pulumi/policy", () => {
  const reports = () => {
    const got: { message: string; urn?: string }[] = [];
    return { got, report: (message: any, urn?: string) => got.push({ message, urn }) };
  };
  const resourceArgs = (type: string, props: object, config: object = {}) => ({
    type,
    props,
    urn: `urn:pulumi:s::p::${type}::r`,
    name: "r",
    opts: {} as any,
    stackTags: new Map([["environment", "production"]]),
    isType: () => false,
    asType: () => undefined,
    getConfig: () => config as any,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  });

  it("builds one @pulumi/policy policy per definition, with level, remediation and config schema", () => {
    const policies = toPulumiPolicies(POLICIES);
    expect(policies.map((p) => p.name)).toEqual(POLICIES.map((p) => p.name));
    const mitre = policies[0];
    expect(mitre).toMatchObject({ enforcementLevel: "mandatory", remediationSteps: ruleMitreMapping.remediation });
    expect(mitre.configSchema?.properties.requireTechnique).toMatchObject({ type: "boolean", default: false });
    expect("validateResource" in mitre).toBe(true);
    expect("validateStack" in policies.find((p) => p.name === "stack-unique-rules")!).toBe(true);
  });

  it("checks only the policy's resource types, with config overlaid on the defaults", () => {
    const policy = toResourcePolicy(ruleMitreMapping);
    const { got, report } = reports();
    void validate(policy)(resourceArgs("aws:s3/bucket:Bucket", { threat: [] }) as any, report);
    expect(got).toEqual([]);
    void validate(policy)(resourceArgs(TYPES.DetectionRule, ruleProps({ threat: [] })) as any, report);
    expect(got).toEqual([{ message: expect.stringContaining("has no MITRE ATT&CK mapping"), urn: undefined }]);
    void validate(policy)(resourceArgs(TYPES.DetectionRule, ruleProps({ threat: [] }), { exemptRuleIds: ["esac-test-rule"] }) as any, report);
    expect(got).toHaveLength(1);
  });

  it("lets @pulumi/policy see a value unknown during preview (it then reports the policy as not runnable yet)", () => {
    const policy = toResourcePolicy(ruleNoPlaceholderText);
    const props = unknownCheckingProxy(ruleProps({ description: unknownStringValue }));
    expect(() => validate(policy)(resourceArgs(TYPES.DetectionRule, props) as any, () => undefined)).toThrow(UnknownValueError);
  });

  it("gives stack policies plain esac resources with unknowns marked, and attaches violations to their URNs", () => {
    const policy = toStackPolicy(stackValueListsUsed);
    const { got, report } = reports();
    const resource = (type: string, name: string, props: object) => ({ type, name, urn: `urn:${name}`, props: unknownCheckingProxy(props) });
    const args = (resources: object[]) => ({ resources, getConfig: () => ({}), stackTags: new Map(), notApplicable: () => undefined }) as any;
    void policy.validateStack(args([resource(TYPES.ValueList, "unused", { list_id: "unused", type: "ip" }), resource("random:index:Pet", "pet", {})]), report);
    expect(got).toEqual([{ message: expect.stringContaining('value list "unused"'), urn: "urn:unused" }]);
    const item = resource(
      TYPES.ExceptionListItem,
      "item",
      itemProps({ entries: [{ type: "list", field: "source.ip", operator: "included", list: { id: unknownStringValue, type: "ip" } }] }),
    );
    void policy.validateStack(args([resource(TYPES.ValueList, "maybe-used", { list_id: "maybe-used", type: "ip" }), item]), report);
    expect(got).toHaveLength(1);
    expect(toPlain(unknownCheckingProxy({ a: [unknownStringValue], b: { c: 1 } }))).toEqual({ a: [UNKNOWN], b: { c: 1 } });
  });

  it("merges config and reads the stack from what the CLI sent", () => {
    expect(effectiveConfig({ defaults: { a: 1, b: [2] } }, { b: [3], enforcementLevel: "mandatory" })).toEqual({ a: 1, b: [3] });
    stackInfo.stack = "soc-prod";
    expect(policyContext(new Map()).stack).toBe("soc-prod");
    stackInfo.stack = undefined;
  });
});
