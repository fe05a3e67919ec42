import { connectorNoSecretsInConfig, connectorUrlsUseHttps, fleetServerHostHttps } from "../../src/policies";
import { check, res } from "../helpers";

const connector = (props: Record<string, any>) => res("Connector", "soc-webhook", { connector_type_id: ".webhook", name: "SOC webhook", ...props });

describe("connector-no-secrets-in-config", () => {
  it("passes credentials kept in secrets and harmless config keys", () => {
    const c = connector({
      config: {
        url: "https://soar.example.com/hook",
        method: "post",
        hasAuth: true,
        authType: "webhook-authentication-basic",
        headers: { "Content-Type": "application/json" },
      },
      secrets: { user: "alerts", password: "s3cr3t-value" },
    });
    expect(check(connectorNoSecretsInConfig, c)).toEqual([]);
    expect(
      check(
        connectorNoSecretsInConfig,
        res("Connector", "jira", { connector_type_id: ".jira", config: { apiUrl: "https://x.atlassian.net", projectKey: "SEC" }, secrets: {} }),
      ),
    ).toEqual([]);
  });
  it.each([
    [{ headers: { Authorization: "Bearer abcdefghijklmnop" } }, "config.headers.Authorization holds a credential"],
    [{ password: "hunter22" }, "config.password holds a credential"],
    [{ api_key: "0123456789" }, "config.api_key holds a credential"],
    [{ webhookUrl: "https://hooks.example.com/x" }, "config.webhookUrl holds a credential"],
    [{ headers: { "X-Api-Key": "0123456789abcdef" } }, "config.headers.X-Api-Key holds a credential"],
    [{ headers: { "X-Custom": "Bearer abcdefghijklmnop" } }, "config.headers.X-Custom looks like an Authorization header value"],
    [{ url: "https://user:pa55word@soar.example.com/hook" }, "config.url looks like a URL with a user name and password"],
    [{ url: "https://soar.example.com/hook?token=abcdef123456" }, "config.url looks like a URL carrying a credential in its query"],
    [{ note: "xoxb-1234567890-abcdefghij" }, "config.note looks like a Slack token"],
    [{ ca: "-----BEGIN RSA PRIVATE KEY-----\nMIIE" }, "config.ca looks like a PEM private key"],
  ])("fails %j", (config, expected) => {
    const messages = check(connectorNoSecretsInConfig, connector({ config: { url: "https://soar.example.com/hook", ...config }, secrets: {} }));
    expect(messages).toEqual([
      `connector "soc-webhook" (connector_type_id .webhook): ${expected}${expected.includes("looks like") ? "; credentials belong in secrets." : " in plain config; move it to secrets."}`,
    ]);
  });
  it("never echoes the secret value", () => {
    const [message] = check(connectorNoSecretsInConfig, connector({ config: { token: "very-secret-value-123" } }));
    expect(message).not.toContain("very-secret-value-123");
  });
  it("honours allowedPaths and extra key patterns", () => {
    const c = connector({ config: { headers: { "X-Trace-Token": "trace-me-please" }, tenant_passcode: "1234" } });
    expect(check(connectorNoSecretsInConfig, c)).toEqual([expect.stringContaining("X-Trace-Token")]);
    expect(check(connectorNoSecretsInConfig, c, { allowedPaths: ["config.headers.X-Trace-Token"] })).toEqual([]);
    expect(check(connectorNoSecretsInConfig, c, { allowedPaths: ["config.headers.*"], extraSecretKeyPatterns: ["passcode"] })).toEqual([
      expect.stringContaining("config.tenant_passcode holds a credential"),
    ]);
  });
});

describe("connector-urls-use-https", () => {
  it("passes https endpoints", () => {
    expect(check(connectorUrlsUseHttps, connector({ config: { url: "https://soar.example.com/hook" }, secrets: {} }))).toEqual([]);
    expect(
      check(
        connectorUrlsUseHttps,
        res("Connector", "slack", { connector_type_id: ".slack", config: {}, secrets: { webhookUrl: "https://hooks.slack.com/services/T/B/X" } }),
      ),
    ).toEqual([]);
  });
  it("fails plain-http webhooks and other endpoints, in config or secrets", () => {
    expect(check(connectorUrlsUseHttps, connector({ config: { url: "http://soar.example.com/hook" } }))).toEqual([
      'connector "soc-webhook" (connector_type_id .webhook): config.url uses plain http (host soar.example.com); use https.',
    ]);
    const slack = res("Connector", "slack", { connector_type_id: ".slack", config: {}, secrets: { webhookUrl: "http://hooks.example.com/T/B/secret-part" } });
    const [message] = check(connectorUrlsUseHttps, slack);
    expect(message).toContain("secrets.webhookUrl uses plain http");
    expect(message).not.toContain("secret-part");
    expect(check(connectorUrlsUseHttps, res("Connector", "sn", { connector_type_id: ".servicenow", config: { apiUrl: "http://sn.example.com" } }))).toEqual([
      expect.stringContaining("config.apiUrl uses plain http"),
    ]);
    expect(check(connectorUrlsUseHttps, connector({ config: { url: "not a url" } }))).toEqual([expect.stringContaining("is not a valid URL")]);
  });
  it("allows listed hosts over http", () => {
    expect(check(connectorUrlsUseHttps, connector({ config: { url: "http://localhost:8080/hook" } }), { allowHttpHosts: ["localhost"] })).toEqual([]);
  });
});

describe("fleet-server-host-https", () => {
  const host = (host_urls: unknown) => res("FleetServerHost", "fleet", { name: "Fleet Server", host_urls });
  it("passes https hosts", () => {
    expect(check(fleetServerHostHttps, host(["https://fleet.example.com:8220", "https://fleet2.example.com"]))).toEqual([]);
  });
  it("fails http hosts and empty lists", () => {
    expect(check(fleetServerHostHttps, host(["https://fleet.example.com:8220", "http://10.0.0.5:8220"]))).toEqual([
      'Fleet Server host "fleet" (name Fleet Server): host_urls[1] "http://10.0.0.5:8220" uses plain http (host 10.0.0.5); use https.',
    ]);
    expect(check(fleetServerHostHttps, host([]))).toEqual([expect.stringContaining("has no host_urls")]);
  });
  it("allows listed hosts over http", () => {
    expect(check(fleetServerHostHttps, host(["http://fleet.lab.internal:8220"]), { allowHttpHosts: ["*.lab.internal"] })).toEqual([]);
  });
});
