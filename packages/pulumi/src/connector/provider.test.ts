import type { RunningEmulator } from "@esac/kibana-emulator";
import { detectionRuleProvider } from "../detection-rule/provider";
import { UNKNOWN } from "../provider-kit/unknown";
import { callsSince, kibanaFetch, stackConfigFor, startTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";
import { connectorProvider as provider, resetConnectorReadCache } from "./provider";
import { changedConnectorFields, stateConfig } from "./normalize";
import { SECRET_HASH_KEY, SECRET_SALT_KEY } from "../provider-kit/secret-hash";

type Obj = Record<string, any>;

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana({ connectors: { preconfigured: [{ id: "ops-slack", name: "Ops Slack (kibana.yml)", connector_type_id: ".slack" }] } });
  await provider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());
beforeEach(() => {
  kibana.reset();
  kibana.setFaults([]);
  resetConnectorReadCache();
});
afterEach(() => expect(kibana.violations()).toEqual([]));

const SALT = "test-salt-0123456789abcdef";
const slack = { connector_type_id: ".slack", name: "SOC Slack", secrets: { webhookUrl: "https://hooks.slack.com/services/T0/B0/first" }, secrets_salt: SALT };
const webhook = {
  connector_type_id: ".webhook",
  name: "Hook",
  config: { url: "https://hooks.example.com/in" },
  secrets: { user: "svc", password: "hunter22" },
  secrets_salt: SALT,
};

const { checked, created } = providerSteps(provider);

describe("check", () => {
  const failures = async (news: Obj) => ((await provider.check!({}, news)).failures ?? []).map((f) => `${f.property}|${f.reason}`);

  it("names the exact path, the value and the reason of every problem, with no HTTP call", async () => {
    const before = kibana.requests().length;
    expect(await failures({ ...webhook, config: { url: "ftp://x", method: "get" } })).toEqual([
      '|config.url: must be an http(s) URL (value: "ftp://x")',
      '|config.method: Invalid option: expected one of "post"|"put" (value: "get")',
    ]);
    expect(await failures({ ...slack, secrets: {} })).toEqual(["|secrets.webhookUrl: required (string)"]);
    expect(await failures({ ...slack, connector_id: "Has Spaces" })).toEqual([
      '|id: Connector ID must contain only lowercase letters, numbers, underscores, and hyphens. (value: "Has Spaces")',
    ]);
    expect(await failures({ ...slack, adopt: true })).toEqual([expect.stringMatching(/^\|adopt: needs an `id`/)]);
    expect(await failures({ ...slack, space_id: "Bad Space" })).toEqual([
      expect.stringMatching(/^\|space_id: must be a Kibana space id.* \(value: "Bad Space"\)$/),
    ]);
    expect(kibana.requests().length).toBe(before);
  });

  it("checks a given id by the rule of kibana:version: any string before 9.4, Kibana 9.4's rule from 9.4 and when unset", async () => {
    const withVersion = (version: string) =>
      provider.configure!({ config: { get: (key: string) => (key === "kibana:version" ? version : stackConfigFor(kibana).config.get(key)) } } as never);
    try {
      await withVersion("8.19");
      expect(await failures({ ...slack, connector_id: "Ops Slack" })).toEqual([]);
      await withVersion("9.4");
      expect(await failures({ ...slack, connector_id: "Ops Slack" })).toEqual([expect.stringMatching(/^\|id: Connector ID must contain only/)]);
      expect(await failures({ ...slack, connector_id: "x".repeat(37) })).toEqual([expect.stringContaining("it must have a maximum length of [36]")]);
    } finally {
      await provider.configure!(stackConfigFor(kibana) as never);
    }
  });

  it("reports all of a resource's problems together, and suggests the nearest argument", async () => {
    expect(await failures({ connector_type_id: ".webhook", config: { url: 5 }, nmae: "Hook", secrets_salt: SALT })).toEqual([
      '|nmae: unknown argument; did you mean `name`? (value: "Hook")',
      "|name: required (string)",
      "|config.url: Invalid input: expected string, received number (value: 5)",
    ]);
  });

  it("never shows a secret's value, whatever its shape", async () => {
    const secret = "S3cret-value-42";
    const cases: Obj[] = [
      { ...slack, secrets: secret },
      { ...slack, secrets: { webhookUrl: 424242 } },
      { ...slack, secret: { webhookUrl: secret } },
      { ...slack, connection: secret },
      { ...slack, connection: { endpoint: `not a url ${secret}`, apikey: secret } },
    ];
    const all = (await Promise.all(cases.map(failures))).flat();
    expect(all).toEqual([
      expect.stringMatching(/^\|secrets: .* \(value not shown: secret\)$/),
      expect.stringMatching(/^\|secrets\.webhookUrl: .*expected string, received number \(value not shown: secret\)$/),
      "|secret: unknown argument; did you mean `secrets`? (value not shown: secret)",
      "|connection: must be an object with endpoint and credentials (value not shown: secret)",
      "|connection.apikey: unknown key; did you mean `apiKey`? (value not shown: secret)",
      "|connection.endpoint: must be an http(s) URL (value not shown: secret)",
    ]);
    for (const line of all) expect(line).not.toContain("S3cret");
  });

  it("tolerates values unknown at preview (e.g. a secret from another resource)", async () => {
    expect((await provider.check!({}, { ...slack, secrets: UNKNOWN })).failures ?? []).toEqual([]);
    expect((await provider.check!({}, { ...webhook, config: { url: UNKNOWN } })).failures ?? []).toEqual([]);
  });

  it("keeps the salt of the previous inputs, so hashes are stable across runs", async () => {
    const first = await checked({ ...slack, secrets_salt: undefined });
    expect(first.secrets_salt).toEqual(expect.any(String));
    const second = await checked({ ...slack, secrets_salt: "a-new-random-salt-from-the-program" }, first);
    expect(second.secrets_salt).toBe(first.secrets_salt);
  });
});

describe("create / read / update / delete", () => {
  it("creates with exactly one call, keeps no secret in state, and shows no diff right after", async () => {
    const before = kibana.requests().length;
    const { id, inputs, outs } = await created(webhook);
    expect(callsSince(kibana, before)).toEqual([{ method: "POST", path: "/api/actions/connector", status: 200 }]);
    expect(outs).toEqual({
      connector_id: id,
      connector_type_id: ".webhook",
      name: "Hook",
      // Kibana's defaults in normal form (its nulls dropped)
      config: { url: "https://hooks.example.com/in", method: "post", hasAuth: true },
      is_preconfigured: false,
      is_deprecated: false,
      is_missing_secrets: false,
      secrets_hash: expect.stringMatching(/^hmac-sha256:/),
      space_id: "default",
    });
    expect(JSON.stringify(outs)).not.toContain("hunter22");
    expect(await provider.diff!(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("server-filled defaults never show as a diff; a real config change does", async () => {
    const { id, outs } = await created(webhook);
    const sameExplicit = await checked({ ...webhook, config: { ...webhook.config, method: "post", hasAuth: true, headers: null } });
    expect((await provider.diff!(id, outs, sameExplicit)).changes).toBe(false);
    const put = await checked({ ...webhook, config: { ...webhook.config, method: "put" } });
    expect((await provider.diff!(id, outs, put)).changes).toBe(true);
  });

  it("a changed secret is an update, an unchanged one is not", async () => {
    const { id, inputs, outs } = await created(slack);
    const same = await checked({ ...slack }, inputs);
    expect((await provider.diff!(id, outs, same)).changes).toBe(false);
    const rotated = await checked({ ...slack, secrets: { webhookUrl: "https://hooks.slack.com/services/T0/B0/second" } }, inputs);
    expect(await provider.diff!(id, outs, rotated)).toMatchObject({ changes: true, replaces: [] });
    const before = kibana.requests().length;
    const updated = await provider.update!(id, outs, rotated);
    // The listing is the concurrent-edit check's (one per space and process); the update itself is one PUT.
    expect(callsSince(kibana, before)).toEqual([
      { method: "GET", path: "/api/actions/connectors", status: 200 },
      { method: "PUT", path: `/api/actions/connector/${id}`, status: 200 },
    ]);
    expect(updated.outs!.secrets_hash).not.toBe(outs.secrets_hash);
    expect((await provider.diff!(id, updated.outs, rotated)).changes).toBe(false);
  });

  it("an update resends the secrets (Kibana wipes omitted secrets): a name change succeeds on a type that requires them", async () => {
    const { id, inputs, outs } = await created(slack);
    const renamed = await checked({ ...slack, name: "Renamed" }, inputs);
    const updated = await provider.update!(id, outs, renamed);
    expect(updated.outs).toMatchObject({ name: "Renamed", secrets_hash: outs.secrets_hash });
  });

  it("refresh reads every connector of a space with one call; drift and deletion show honestly; inputs stay untouched", async () => {
    const made = [];
    for (let i = 0; i < 12; i++) made.push(await created({ ...slack, name: `slack ${i}` }));
    resetConnectorReadCache();
    const before = kibana.requests().length;
    const reads = await Promise.all(made.map((m) => provider.read!(m.id, m.outs)));
    expect(callsSince(kibana, before)).toEqual([{ method: "GET", path: "/api/actions/connectors", status: 200 }]);
    expect(reads[3]).toEqual({ id: made[3]!.id, props: made[3]!.outs });
    expect(reads[3]).not.toHaveProperty("inputs");

    await kibanaFetch(kibana, "PUT", `/api/actions/connector/${made[0]!.id}`, { name: "edited in the UI", secrets: slack.secrets });
    await kibanaFetch(kibana, "DELETE", `/api/actions/connector/${made[1]!.id}`);
    resetConnectorReadCache();
    const drifted = await provider.read!(made[0]!.id, made[0]!.outs);
    expect(drifted.props).toMatchObject({ name: "edited in the UI", secrets_hash: made[0]!.outs.secrets_hash });
    expect((await provider.diff!(made[0]!.id, drifted.props!, made[0]!.inputs)).changes).toBe(true);
    expect(await provider.read!(made[1]!.id, made[1]!.outs)).toEqual({});
  });

  it("a config default changed in Kibana is drift; a key Kibana fills that this package does not know is not", async () => {
    const { id, inputs, outs } = await created({ ...webhook, connector_id: "hook-1" });
    await kibanaFetch(kibana, "PUT", "/api/actions/connector/hook-1", {
      name: "Hook",
      config: { url: "https://hooks.example.com/in", method: "put" },
      secrets: webhook.secrets,
    });
    resetConnectorReadCache();
    const read = await provider.read!(id, outs);
    expect(read.props!.config).toMatchObject({ method: "put" });
    expect((await provider.diff!(id, read.props!, inputs)).changes).toBe(true);
    const { connectorState } = await import("./normalize");
    const fromNewerKibana = connectorState(
      {
        id,
        name: "Hook",
        connector_type_id: ".webhook",
        is_preconfigured: false,
        is_deprecated: false,
        config: { url: "https://hooks.example.com/in", method: "post", oAuthScope: "default-scope" },
      },
      ["url"],
      outs.secrets_hash,
    );
    expect(fromNewerKibana.config).not.toHaveProperty("oAuthScope");
    expect((await provider.diff!(id, { ...outs, config: fromNewerKibana.config }, inputs)).changes).toBe(false);
  });

  it("keeps config keys it has no schema for and sends them to Kibana", async () => {
    const { id, inputs, outs } = await created({
      connector_type_id: ".opsgenie",
      name: "Ops",
      config: { apiUrl: "https://api.opsgenie.com", newKey: 1 },
      secrets: { apiKey: "k-123456" },
      secrets_salt: SALT,
    });
    expect(outs.config).toEqual({ apiUrl: "https://api.opsgenie.com", newKey: 1 });
    expect((await provider.diff!(id, outs, inputs)).changes).toBe(false);
    // …and Kibana is the judge of keys it does not know, with its own words:
    const rejected = await checked({ ...webhook, config: { ...webhook.config, notAWebhookKey: true } });
    await expect(provider.create(rejected)).rejects.toThrow(/error validating connector type config: ✖ Unrecognized key: "notAWebhookKey"/);
  });

  it("replaces on type, space or explicit id change; an explicit id deletes first", async () => {
    const { id, inputs, outs } = await created({ ...slack, connector_id: "soc-slack" });
    const diff = async (change: Obj) => provider.diff!(id, outs, await checked({ ...slack, connector_id: "soc-slack", ...change }, inputs));
    expect(await diff({ connector_type_id: ".teams" })).toMatchObject({ changes: true, replaces: ["connector_type_id"], deleteBeforeReplace: true });
    expect(await diff({ space_id: "soc" })).toMatchObject({ replaces: ["space_id"] });
    expect(await diff({ connector_id: "soc-slack-2" })).toMatchObject({ replaces: ["connector_id"], deleteBeforeReplace: true });
    const noId = await created(slack);
    expect(await provider.diff!(noId.id, noId.outs, await checked({ ...slack, connector_type_id: ".teams" }, noId.inputs))).toMatchObject({
      replaces: ["connector_type_id"],
      deleteBeforeReplace: false,
    });
  });

  it("deletes with exactly one call; a connector already gone counts as deleted", async () => {
    const { id, outs } = await created(slack);
    const before = kibana.requests().length;
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    expect(callsSince(kibana, before)).toEqual([
      { method: "DELETE", path: `/api/actions/connector/${id}`, status: 204 },
      { method: "DELETE", path: `/api/actions/connector/${id}`, status: 404 },
    ]);
  });

  it("preconfigured connectors cannot be managed: a clear error, nothing else tried", async () => {
    const before = kibana.requests().length;
    await expect(provider.create(await checked({ ...slack, connector_id: "ops-slack" }))).rejects.toThrow(
      /"ops-slack" is a preconfigured connector \(kibana\.yml xpack\.actions\.preconfigured\).*actions\[\]\.id = "ops-slack"/s,
    );
    await expect(provider.delete!("ops-slack", { connector_id: "ops-slack", space_id: "default" })).rejects.toThrow(/preconfigured connector/);
    expect(callsSince(kibana, before).map((c) => c.status)).toEqual([400, 400]);
  });

  it("an existing id fails with the way to adopt; adopt takes it over (GET + PUT) unless the type differs", async () => {
    await kibanaFetch(kibana, "POST", "/api/actions/connector/existing", { ...slack, secrets_salt: undefined, name: "made in the UI" });
    await expect(provider.create(await checked({ ...slack, connector_id: "existing" }))).rejects.toThrow(/already exists.*adopt: true/s);
    const before = kibana.requests().length;
    const adopted = await provider.create(await checked({ ...slack, connector_id: "existing", adopt: true }));
    // Given secrets, the connector is always written (Kibana never returns secrets to compare): no listing first.
    expect(callsSince(kibana, before).map((c) => `${c.method} ${c.status}`)).toEqual(["POST 409", "GET 200", "PUT 200"]);
    expect(adopted.outs).toMatchObject({ connector_id: "existing", name: "SOC Slack", adopt: true });
    await expect(provider.create(await checked({ ...slack, connector_type_id: ".teams", connector_id: "existing", adopt: true }))).rejects.toThrow(
      /it is a \.slack connector/,
    );
  });

  it("an ambiguous create with an explicit id is resolved by reading it, not by blindly re-sending", async () => {
    kibana.setFaults([{ method: "POST", path: "/api/actions/connector/flaky", reset: true, times: 1 }]);
    const { outs } = await created({ ...slack, connector_id: "flaky" });
    expect(outs.connector_id).toBe("flaky");
    expect(
      kibana
        .requests()
        .map((r) => `${r.method} ${r.status}`)
        .slice(-3),
    ).toEqual(["POST 0", "GET 404", "POST 200"]);
  });

  it("a connector re-imported without secrets (is_missing_secrets) is an update that resends them", async () => {
    const { id, inputs, outs } = await created({ ...slack, connector_id: "reimported" });
    const form = new FormData();
    const so = { type: "action", id: "reimported", attributes: { actionTypeId: ".slack", name: "SOC Slack", config: {}, secrets: {} } };
    form.append("file", new Blob([`${JSON.stringify(so)}\n`]), "export.ndjson");
    const res = await fetch(`${kibana.url}/api/saved_objects/_import?overwrite=true`, {
      method: "POST",
      headers: { authorization: `ApiKey ${kibana.apiKey}`, "kbn-xsrf": "true" },
      body: form,
    });
    expect(res.status).toBe(200);
    resetConnectorReadCache();
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ is_missing_secrets: true, secrets_hash: outs.secrets_hash });
    expect(await provider.diff!(id, read.props!, inputs)).toMatchObject({ changes: true, replaces: [] });
    const fixed = await provider.update!(id, read.props!, inputs);
    expect(fixed.outs).toMatchObject({ is_missing_secrets: false });
    expect((await provider.diff!(id, fixed.outs, inputs)).changes).toBe(false);
  });

  it("an update of a connector deleted out of band says to refresh", async () => {
    const { id, inputs, outs } = await created(slack);
    await kibanaFetch(kibana, "DELETE", `/api/actions/connector/${id}`);
    await expect(provider.update!(id, outs, inputs)).rejects.toThrow(/pulumi refresh/);
  });
});

describe("DetectionRule actions take a Connector's id", () => {
  it("at preview the unknown id passes check; at apply the rule references the connector", async () => {
    const rule = { name: "Notify", description: "d", risk_score: 21, severity: "low", type: "query", query: "*", rule_id: "notify" };
    const preview = await detectionRuleProvider.check!({}, { ...rule, actions: [{ id: UNKNOWN, action_type_id: ".slack", params: { message: "x" } }] });
    expect(preview.failures ?? []).toEqual([]);
    const { id } = await created(slack);
    await detectionRuleProvider.configure!(stackConfigFor(kibana) as never);
    const { inputs } = await detectionRuleProvider.check!({}, { ...rule, actions: [{ id, action_type_id: ".slack", params: { message: "x" } }] });
    await detectionRuleProvider.create(inputs!);
    const list = (await kibanaFetch(kibana, "GET", "/api/actions/connectors")).body;
    expect(list.find((c: Obj) => c.id === id).referenced_by_count).toBe(1);
  });
});

describe("connector normal form against each Kibana version's echo (issue 11 item 5)", () => {
  // Kibana's echo of a .cases-webhook left without createCommentMethod: null on 8.19 (config-schema), "put" on 9.4 (zod).
  const program = { createIncidentUrl: "https://x", createIncidentJson: "{}" };
  it.each([
    ["8.19.17", null],
    ["9.4.2", "put"],
  ])("Kibana %s echoing createCommentMethod %p is no change for a program that leaves it out", (_v, echoed) => {
    const returned = {
      ...program,
      createIncidentMethod: "post",
      getIncidentMethod: "get",
      getIncidentJson: null,
      createCommentMethod: echoed,
      headers: null,
      hasAuth: true,
    };
    const olds = { name: "c", connector_type_id: ".cases-webhook", config: stateConfig(".cases-webhook", returned, Object.keys(program)) };
    expect(
      changedConnectorFields(
        { ...olds, [SECRET_HASH_KEY]: "h" },
        { name: "c", connector_type_id: ".cases-webhook", config: program, [SECRET_SALT_KEY]: "s" },
      ).filter((f) => f === "config"),
    ).toEqual([]);
  });

  it("a webhook echo from Kibana (url, method, headers, hasAuth) is no change for a program that sets only the url", () => {
    const olds = {
      name: "w",
      connector_type_id: ".webhook",
      config: stateConfig(".webhook", { url: "https://x", method: "post", headers: null, hasAuth: true }, ["url"]),
    };
    expect(
      changedConnectorFields(olds, { name: "w", connector_type_id: ".webhook", config: { url: "https://x" }, [SECRET_SALT_KEY]: "s" }).filter(
        (f) => f === "config",
      ),
    ).toEqual([]);
    expect(
      changedConnectorFields(olds, { name: "w", connector_type_id: ".webhook", config: { url: "https://x", method: "put" }, [SECRET_SALT_KEY]: "s" }),
    ).toContain("config");
  });
});
