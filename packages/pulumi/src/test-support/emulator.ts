/// <reference types="jest" />
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@esac/kibana-emulator";
import type * as pulumi from "@pulumi/pulumi";

/** A contract-mode emulator per test file, and the stack config a provider's `configure` would receive. */
export async function startTestKibana(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, contract: true, ...opts });
}

export function stackConfigFor(kibana: RunningEmulator): { config: { get(key: string): string | undefined } } {
  const values: Record<string, string> = { "kibana:endpoint": kibana.url, "kibana:apiKey": kibana.apiKey };
  return { config: { get: (key: string) => values[key] } };
}

/** Calls made since `from` (an index into the request log), without the contract checker's own noise. */
export function callsSince(kibana: RunningEmulator, from: number): { method: string; path: string; status: number }[] {
  return kibana
    .requests()
    .slice(from)
    .map(({ method, path, status }) => ({ method, path, status }));
}

/** Direct HTTP to the emulator, as a person editing in the Kibana UI would (out-of-band changes). */
export async function kibanaFetch(kibana: RunningEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(kibana.url + path, {
    method,
    headers: {
      authorization: `ApiKey ${kibana.apiKey}`,
      "kbn-xsrf": "true",
      "content-type": "application/json",
      "elastic-api-version": "2023-10-31",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The usual set-up of a provider's tests: one contract-mode emulator for the file with `provider` configured for it;
 * before each test the emulator is emptied and `resetReadCache` called, for a family that caches reads (each test starts
 * like a new `up`, whose provider process has read nothing yet); after each, no contract violation.
 */
export function useTestKibana(
  provider: pulumi.dynamic.ResourceProvider,
  resetReadCache: () => void = () => undefined,
  opts: EmulatorOptions = {},
): { readonly kibana: RunningEmulator } {
  let started: RunningEmulator | undefined;
  beforeAll(async () => {
    started = await startTestKibana(opts);
    await provider.configure!(stackConfigFor(started) as never);
  });
  afterAll(() => started?.stop());
  beforeEach(() => {
    started!.reset();
    resetReadCache();
  });
  afterEach(() => expect(started!.violations()).toEqual([]));
  return {
    get kibana() {
      if (!started) throw new Error("the test Kibana is used before beforeAll started it");
      return started;
    },
  };
}
