import type * as pulumi from "@pulumi/pulumi";

type Obj = Record<string, any>;

/**
 * The engine's first steps with one provider: `checked` runs check and requires it to pass, `created` then creates.
 * A failed check throws (this folder is built without jest's globals, so no `expect`), naming every failure.
 */
export function providerSteps(provider: pulumi.dynamic.ResourceProvider): {
  checked(news: Obj, olds?: Obj): Promise<Obj>;
  created(news: Obj): Promise<{ id: string; inputs: Obj; outs: Obj }>;
} {
  async function checked(news: Obj, olds: Obj = {}): Promise<Obj> {
    const res = await provider.check!(olds, news);
    const failures = res.failures ?? [];
    if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return res.inputs!;
  }

  async function created(news: Obj): Promise<{ id: string; inputs: Obj; outs: Obj }> {
    const inputs = await checked(news);
    const { id, outs } = await provider.create(inputs);
    return { id, inputs, outs };
  }

  return { checked, created };
}
