import { applyConnectorConfigDefaults, canonicalConnectorConfig, connectorCheckSchema, connectorTypeSchema, connectorUpdateBodySchema } from ".";

const issuesOf = (value: unknown) => {
  const r = connectorCheckSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("connector check schema (what pulumi preview runs)", () => {
  it("accepts the common types with their required fields", () => {
    const ok = [
      { connector_type_id: ".index", name: "i", config: { index: "alerts-x" } },
      { connector_type_id: ".server-log", name: "log" },
      { connector_type_id: ".webhook", name: "w", config: { url: "https://hooks.example.com/x", method: "put" }, secrets: { user: "u", password: "p" } },
      {
        connector_type_id: ".email",
        name: "e",
        config: { from: "soc@example.com", host: "smtp.example.com", port: 587 },
        secrets: { user: "u", password: "p" },
      },
      { connector_type_id: ".email", name: "e2", config: { from: "soc@example.com", service: "gmail", hasAuth: false } },
      { connector_type_id: ".slack", name: "s", secrets: { webhookUrl: "https://hooks.slack.com/services/T/B/X" } },
      { connector_type_id: ".slack_api", name: "s", config: { allowedChannels: [{ id: "C1", name: "soc" }] }, secrets: { token: "xoxb-1" } },
      { connector_type_id: ".pagerduty", name: "p", secrets: { routingKey: "abc" } },
      { connector_type_id: ".jira", name: "j", config: { apiUrl: "https://x.atlassian.net", projectKey: "SOC" }, secrets: { email: "a@b.c", apiToken: "t" } },
      { connector_type_id: ".servicenow", name: "sn", config: { apiUrl: "https://x.service-now.com" }, secrets: { username: "u", password: "p" } },
      { connector_type_id: ".teams", name: "t", secrets: { webhookUrl: "https://outlook.office.com/webhook/x" } },
      { connector_type_id: ".opsgenie", name: "unchecked type passes through", config: { anything: 1 } },
    ];
    for (const value of ok) expect([value.connector_type_id, issuesOf(value)]).toEqual([value.connector_type_id, []]);
  });

  it("names the field and the reason", () => {
    expect(issuesOf({ connector_type_id: ".webhook", name: "w", config: { method: "get" } })).toEqual([
      expect.stringMatching(/^config\.url: /),
      expect.stringMatching(/^config\.method: .*"post"\|"put"/),
    ]);
    expect(issuesOf({ connector_type_id: ".slack", name: "s", secrets: { webhookUrl: "not a url" } })).toEqual(["secrets.webhookUrl: must be an http(s) URL"]);
    expect(
      issuesOf({ connector_type_id: ".jira", name: "j", config: { apiUrl: "https://x", projectKey: " " }, secrets: { email: "e", apiToken: "t" } }),
    ).toEqual(["config.projectKey: must not be blank (Kibana rejects empty strings)"]);
    expect(issuesOf({ connector_type_id: "webhook", name: "" })).toEqual([
      "connector_type_id: connector type ids start with a dot, e.g. .webhook",
      "name: must not be blank",
    ]);
  });

  it("applies each type's cross-field rules", () => {
    expect(issuesOf({ connector_type_id: ".email", name: "e", config: { from: "a@b.c" } })).toEqual([
      "config.host: [host] is required if [service] is not provided",
      "config.port: [port] is required if [service] is not provided",
      "secrets.user: [user] is required when [hasAuth] is true",
      "secrets.password: [password] is required when [hasAuth] is true",
    ]);
    expect(issuesOf({ connector_type_id: ".email", name: "e", config: { from: "a@b.c", service: "exchange_server" } })).toEqual([
      "secrets.clientSecret: [clientSecret] is required",
    ]);
    expect(issuesOf({ connector_type_id: ".servicenow", name: "sn", config: { apiUrl: "https://x", isOAuth: true }, secrets: {} })).toHaveLength(5);
    expect(issuesOf({ connector_type_id: ".servicenow-itom", name: "sn", config: { apiUrl: "https://x" }, secrets: { username: "u" } })).toEqual([
      "secrets.password: username and password must both be specified",
    ]);
  });

  it("keeps config keys it does not know (newer Kibana versions add them) instead of rejecting them", () => {
    const r = connectorCheckSchema.safeParse({ connector_type_id: ".webhook", name: "w", config: { url: "https://x", oAuthScope: "s" } });
    expect(r.success).toBe(true);
  });
});

describe("connector kibana-mode schemas (what the emulator enforces)", () => {
  it("rejects unknown config keys, as Kibana's config-schema does", () => {
    const schema = connectorTypeSchema(".webhook", "kibana")!;
    expect(schema.config.safeParse({ url: "https://x", foo: 1 }).success).toBe(false);
    expect(schema.config.safeParse({ url: "https://x", headers: null, authType: null }).success).toBe(true);
    expect(connectorTypeSchema(".opsgenie", "kibana")).toBeUndefined();
  });

  it("the PUT body refuses connector_type_id", () => {
    const r = connectorUpdateBodySchema.safeParse({ name: "n", connector_type_id: ".webhook" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["connector_type_id"] });
  });
});

describe("config defaults and normal form", () => {
  it("fills Kibana's defaults (nulls included) under explicit values", () => {
    expect(applyConnectorConfigDefaults(".webhook", { url: "https://x", method: "put" })).toEqual({
      method: "put",
      headers: null,
      hasAuth: true,
      url: "https://x",
    });
    expect(applyConnectorConfigDefaults(".unknown", { a: 1 })).toEqual({ a: 1 });
  });

  it("a program's config and Kibana's echo of it have the same normal form", () => {
    const program = { url: "https://x" };
    const echoed = { url: "https://x", method: "post", headers: null, hasAuth: true };
    expect(canonicalConnectorConfig(".webhook", program)).toEqual(canonicalConnectorConfig(".webhook", echoed));
    expect(canonicalConnectorConfig(".webhook", { ...program, method: "put" })).not.toEqual(canonicalConnectorConfig(".webhook", echoed));
    expect(canonicalConnectorConfig(".email", { from: "a", service: "other" })).toEqual(canonicalConnectorConfig(".email", { from: "a" }));
    expect(canonicalConnectorConfig(".webhook", { url: "https://x", extra: "kept" })).toMatchObject({ extra: "kept" });
  });
});
