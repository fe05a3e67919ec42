/**
 * The shapes the esac policies work on. Policy logic is plain functions over these, so unit tests call it with
 * props objects and no policy server; `wiring.ts` adapts each definition to `@pulumi/policy`.
 */

export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** A JSON-schema fragment for one config property (the subset `@pulumi/policy` understands). */
export interface ConfigProperty {
  type: "string" | "number" | "integer" | "boolean" | "array" | "object";
  description: string;
  default?: unknown;
  items?: { type: "string" | "number" | "integer" };
  minimum?: number;
  enum?: unknown[];
}

/** What a policy can know about the stack it runs for. */
export interface PolicyContext {
  /** Stack tags (`pulumi stack tag set KEY VALUE`), as the CLI sends them to policy packs. */
  stackTags: ReadonlyMap<string, string>;
  /** The stack's name, when the CLI told it (see `wiring.ts`); undefined otherwise. */
  stack?: string;
  /** "Now", for expiry checks (a parameter so tests are deterministic). */
  now: Date;
}

/** One resource as a resource policy sees it: the checked inputs, Kibana's field names verbatim. */
export interface ResourceUnderTest {
  type: string;
  /** The Pulumi resource name (the first argument of the constructor). */
  name: string;
  urn?: string;
  props: Record<string, any>;
}

/** A violation found by a stack policy, attached to one resource when `urn` is set. */
export interface StackViolation {
  message: string;
  urn?: string;
}

interface PolicyDefinitionBase<C> {
  /** Unique, kebab-case; the key in `--policy-pack-config` files. */
  name: string;
  /** One sentence: what the policy requires and why. */
  description: string;
  /** How to fix a violation (shown by Pulumi Cloud and in our README; each message also says what to change). */
  remediation: string;
  enforcementLevel: EnforcementLevel;
  /** Config each team may set in a `--policy-pack-config` file, with the defaults below. */
  config: { [K in keyof C]: ConfigProperty };
  defaults: C;
}

/** A policy over one resource of the listed types: returns one message per problem. */
export interface ResourcePolicyDefinition<C = Record<string, unknown>> extends PolicyDefinitionBase<C> {
  kind: "resource";
  /** Type tokens (`pulumi-nodejs:dynamic/esac:<Class>`) this policy checks. */
  types: readonly string[];
  check(resource: ResourceUnderTest, config: C, context: PolicyContext): string[];
}

/** A policy over all esac resources of the stack together (duplicates, references). */
export interface StackPolicyDefinition<C = Record<string, unknown>> extends PolicyDefinitionBase<C> {
  kind: "stack";
  /**
   * `resources` hold plain props in which values unknown during preview are the `UNKNOWN` marker (`util/props.ts`),
   * so a check can skip what it cannot judge yet.
   */
  check(resources: ResourceUnderTest[], config: C, context: PolicyContext): StackViolation[];
}

export type PolicyDefinition = ResourcePolicyDefinition<any> | StackPolicyDefinition<any>;
