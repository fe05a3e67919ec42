import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@esac/kibana-emulator";

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
