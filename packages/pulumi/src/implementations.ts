import type * as pulumi from "@pulumi/pulumi";
import { detectionRuleProvider } from "./detection-rule/provider";

/**
 * The real provider of each family, keyed by family name. Loaded lazily by the serialized stubs
 * (`provider-kit/lazy-provider.ts`) inside Pulumi's dynamic-provider host.
 */
export const providerImplementations: Record<string, pulumi.dynamic.ResourceProvider> = {
  DetectionRule: detectionRuleProvider,
};
