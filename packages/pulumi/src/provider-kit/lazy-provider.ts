import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into state for every resource of a family. It holds nothing but the family
 * name: each method loads the real implementation from the installed @esac/pulumi package at run time, so the
 * state holds no credentials and refresh/destroy run the installed code. Installed under node_modules, the state
 * names its module instead (../providers.ts).
 */
export function lazyProvider(family: string): pulumi.dynamic.ResourceProvider {
  const impl = (): pulumi.dynamic.ResourceProvider =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("@esac/pulumi/dist/implementations") as typeof import("../implementations")).providerImplementations[family];
  return {
    configure: (req) => impl().configure!(req),
    check: (olds, news) => impl().check!(olds, news),
    diff: (id, olds, news) => impl().diff!(id, olds, news),
    create: (inputs) => impl().create(inputs),
    read: (id, props) => impl().read!(id, props),
    update: (id, olds, news) => impl().update!(id, olds, news),
    delete: (id, props) => impl().delete!(id, props),
  };
}
