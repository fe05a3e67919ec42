// Jest hooks, kept out of ./harness (which the plain-node bench loads too) and out of the build, as the tests are.
import { E2EBench } from "./harness";

/**
 * The usual set-up of a real-CLI test: one contract-mode bench for the enclosing `describe` (or the file), started
 * before its tests and closed after them. `opts` are {@link E2EBench.start}'s.
 */
export function useE2EBench(opts: Parameters<typeof E2EBench.start>[0] = {}): { readonly bench: E2EBench } {
  let started: E2EBench | undefined;
  beforeAll(async () => {
    started = await E2EBench.start({ contract: true, ...opts });
  });
  afterAll(async () => {
    await started?.close();
  });
  return {
    get bench() {
      if (!started) throw new Error("the e2e bench is used before beforeAll started it");
      return started;
    },
  };
}
