import * as pulumi from "@pulumi/pulumi";
import { useNativeProtobufStrings } from "./protobuf-strings";

/**
 * The base of esac's resource classes: a `pulumi.dynamic.Resource` registered without the stack traces Pulumi's Node
 * SDK keeps for its promise-leak report.
 *
 * Registering a resource, the SDK makes four promises per property, each holding `new Error().stack`, which the
 * source-map support it installs formats frame by frame. Measured with 418 `DetectionRule` resources, that was 5.5 s
 * of a 14 s no-change preview. Those traces are only printed when a program ends with promises still pending
 * ("Promise leak detected"), and the report still names each promise's resource and property. With
 * `PULUMI_DEBUG_PROMISE_LEAKS` set (Pulumi's switch for debugging such leaks), they are kept. The SDK's own source
 * position of the resource is unaffected: it reads the stack with its own limit.
 *
 * Constructing one also makes this process's protobuf coding use Node's native string coder (see
 * useNativeProtobufStrings).
 */
export abstract class EsacResource extends pulumi.dynamic.Resource {
  /**
   * @param provider - The resource's dynamic provider.
   * @param name - The Pulumi resource name.
   * @param props - The resource's inputs, and its outputs declared as `undefined`.
   * @param opts - Pulumi resource options.
   * @param module - The type token's module (`esac`).
   * @param type - The type token's type (`DetectionRule`, …).
   */
  constructor(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
    module?: string,
    type?: string,
  ) {
    useNativeProtobufStrings();
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(provider, name, props, opts, module, type);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}
