/** One call to Kibana (here: the emulator) with an API key, as a script or a person with curl would make it. */
export async function kibanaGet(url: string, apiKey: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, {
    headers: { authorization: `ApiKey ${apiKey}`, "elastic-api-version": "2023-10-31" },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
