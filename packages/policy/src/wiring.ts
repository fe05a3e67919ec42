/**
 * Thin adapters from the esac policy definitions (plain functions) to `@pulumi/policy`. Nothing here starts a
 * policy server: `pack.ts` does, when Pulumi loads the pack.
 */
import { dirname } from "node:path";
import type {
  Policy,
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyContext, PolicyDefinition, ResourcePolicyDefinition, StackPolicyDefinition } from "./types";
import { toPlain } from "./util/props";

const ESAC_TYPE_PREFIX = "pulumi-nodejs:dynamic/esac:";

/** What the CLI said about the stack when it started the pack (see `captureStackInfo`). */
export const stackInfo: { stack?: string; project?: string; organization?: string } = {};

export function policyContext(stackTags: ReadonlyMap<string, string>, now = new Date()): PolicyContext {
  return { stackTags, stack: stackInfo.stack ?? (process.env.PULUMI_STACK || undefined), now };
}

/** The definition's defaults overlaid with the `--policy-pack-config` values for this policy. */
export function effectiveConfig<C>(def: { defaults: C }, given: object | undefined): C {
  const out: Record<string, unknown> = { ...(def.defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given ?? {})) if (v !== undefined && k !== "enforcementLevel") out[k] = v;
  return out as C;
}

function configSchema(def: PolicyDefinition): PolicyConfigSchema | undefined {
  const properties = def.config as Record<string, object>;
  return Object.keys(properties).length ? { properties: properties as PolicyConfigSchema["properties"] } : undefined;
}

function base(def: PolicyDefinition): Policy {
  return {
    name: def.name,
    description: def.description,
    enforcementLevel: def.enforcementLevel,
    remediationSteps: def.remediation,
    configSchema: configSchema(def),
  };
}

export function toResourcePolicy(def: ResourcePolicyDefinition<any>): ResourceValidationPolicy {
  return {
    ...base(def),
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!def.types.includes(args.type)) return;
      const config = effectiveConfig(def, args.getConfig<object>());
      // `args.props` throws on reading a value unknown during preview; @pulumi/policy then reports the policy as
      // not runnable yet (advisory) instead of guessing.
      const messages = def.check({ type: args.type, name: args.name, urn: args.urn, props: args.props }, config, policyContext(args.stackTags));
      for (const message of messages) report(message);
    },
  };
}

export function toStackPolicy(def: StackPolicyDefinition<any>): StackValidationPolicy {
  return {
    ...base(def),
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const resources = args.resources
        .filter((r) => r.type.startsWith(ESAC_TYPE_PREFIX))
        .map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: toPlain(r.props) }));
      const config = effectiveConfig(def, args.getConfig<object>());
      for (const v of def.check(resources, config, policyContext(args.stackTags))) report(v.message, v.urn);
    },
  };
}

export function toPulumiPolicies(defs: readonly PolicyDefinition[]): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return defs.map((d) => (d.kind === "resource" ? toResourcePolicy(d) : toStackPolicy(d)));
}

/**
 * `@pulumi/policy` 1.21 keeps only the tags of the CLI's ConfigureStack call, though it also carries the stack,
 * project and organization names. Wrap that handler as the gRPC service is registered so `productionStacks` can
 * match the stack name. Harmless if the shape differs: then only tags and PULUMI_STACK are used.
 */
export function captureStackInfo(): void {
  let grpc: { Server: { prototype: { addService: (...a: any[]) => unknown } } };
  try {
    const from = dirname(require.resolve("@pulumi/policy"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy @pulumi/policy loads, resolved at run time
    grpc = require(require.resolve("@grpc/grpc-js", { paths: [from] }));
  } catch {
    return;
  }
  const addService = grpc.Server.prototype.addService;
  if ((addService as { esacWrapped?: boolean }).esacWrapped) return;
  const wrapped = function (this: unknown, service: unknown, impl: Record<string, any>) {
    if (impl && typeof impl.configureStack === "function") {
      const inner = impl.configureStack;
      impl = {
        ...impl,
        configureStack(call: any, callback: unknown) {
          try {
            const req = call?.request;
            stackInfo.stack = req?.getStack?.() || undefined;
            stackInfo.project = req?.getProject?.() || undefined;
            stackInfo.organization = req?.getOrganization?.() || undefined;
          } catch {
            // keep going: the names are a convenience
          }
          return inner.call(this, call, callback);
        },
      };
    }
    return addService.call(this, service, impl);
  };
  (wrapped as { esacWrapped?: boolean }).esacWrapped = true;
  grpc.Server.prototype.addService = wrapped;
}
