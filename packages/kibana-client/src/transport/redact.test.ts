import { inspect } from "node:util";
import { credentialSecrets, REDACTED, redactSecrets, Redactor } from "./redact";

// base64("key-id:key-secret"), the shape Kibana/Elasticsearch issue encoded API keys in.
const API_KEY = "a2V5LWlkOmtleS1zZWNyZXQ=";
const PASSWORD = 'p@ss w"rd/é';
const BASIC = Buffer.from(`elastic:${PASSWORD}`, "utf8").toString("base64");

describe("credentialSecrets", () => {
  it("covers the raw key, its header, its unpadded form and the decoded id:secret", () => {
    const secrets = credentialSecrets({ apiKey: API_KEY });
    expect(secrets).toEqual(expect.arrayContaining([API_KEY, `ApiKey ${API_KEY}`, API_KEY.replace(/=+$/, ""), "key-id:key-secret", "key-secret"]));
    // The key id is not a secret and must stay readable in Kibana's messages.
    expect(secrets).not.toContain("key-id");
  });

  it("covers the password, user:password and the Basic header", () => {
    const secrets = credentialSecrets({ username: "elastic", password: PASSWORD });
    expect(secrets).toEqual(expect.arrayContaining([PASSWORD, `elastic:${PASSWORD}`, BASIC, `Basic ${BASIC}`]));
    expect(secrets).not.toContain("elastic");
  });

  it("adds URL-encoded and JSON-escaped spellings", () => {
    const secrets = credentialSecrets({ username: "elastic", password: PASSWORD });
    expect(secrets).toContain(encodeURIComponent(PASSWORD));
    expect(secrets).toContain('p@ss w\\"rd/é');
    expect(credentialSecrets({ apiKey: API_KEY })).toContain(encodeURIComponent(API_KEY));
  });

  it("is empty without credentials, and does not decode keys that are not printable base64", () => {
    expect(credentialSecrets({})).toEqual([]);
    expect(credentialSecrets({ username: "elastic" })).toEqual([]);
    const opaque = credentialSecrets({ apiKey: "abcd" });
    expect(new Set(opaque)).toEqual(new Set(["abcd", "ApiKey abcd", "ApiKey%20abcd"]));
  });
});

describe("Redactor", () => {
  const redactor = Redactor.forCredentials({ apiKey: API_KEY });
  const basic = Redactor.forCredentials({ username: "elastic", password: PASSWORD });

  it("scrubs every occurrence of the key and of the whole header, keeping the scheme readable once", () => {
    expect(redactor.redact(`key ${API_KEY} and again ${API_KEY}`)).toBe(`key ${REDACTED} and again ${REDACTED}`);
    expect(redactor.redact(`sent ApiKey ${API_KEY}`)).toBe(`sent ${REDACTED}`);
  });

  it("scrubs the decoded key and the key secret, not the key id", () => {
    expect(redactor.redact("unable to authenticate api key [key-id:key-secret]")).toBe(`unable to authenticate api key [${REDACTED}]`);
    expect(redactor.redact("api key id [key-id] secret key-secret")).toBe(`api key id [key-id] secret ${REDACTED}`);
  });

  it("scrubs URL-encoded and padding-stripped keys entirely", () => {
    for (const text of [`?auth=${encodeURIComponent(API_KEY)}`, `token=${API_KEY.replace(/=+$/, "")}`]) {
      const redacted = redactor.redact(text);
      expect(redacted).toContain(REDACTED);
      expect(redacted).not.toContain("a2V5LWlkOmtleS1zZWNyZXQ");
    }
  });

  it("scrubs passwords and Basic credentials in their various spellings", () => {
    const text = [
      "user elastic",
      `password=${PASSWORD}`,
      `pair elastic:${PASSWORD}`,
      `Authorization: Basic ${BASIC}`,
      `json {"password":${JSON.stringify(PASSWORD)}}`,
      `url ?password=${encodeURIComponent(PASSWORD)}`,
    ].join("\n");
    const redacted = basic.redact(text);
    expect(redacted).not.toContain(PASSWORD);
    expect(redacted).not.toContain(BASIC);
    expect(redacted).not.toContain(BASIC.replace(/=+$/, ""));
    expect(redacted).not.toContain(encodeURIComponent(PASSWORD));
    expect(redacted).not.toContain('w\\"rd');
    expect(redacted).toContain("elastic");
  });

  it("scrubs unknown tokens in echoed Authorization headers, whatever the serialisation", () => {
    const none = new Redactor([]);
    expect(none.redact("Authorization: Bearer abc.def.ghi")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(none.redact('{"authorization":"ApiKey Zm9vOmJhcg=="}')).toBe(`{"authorization":"ApiKey ${REDACTED}"}`);
    expect(none.redact("authorization=Basic dXNlcjpwdw==; next")).toBe(`authorization=Basic ${REDACTED}; next`);
    expect(none.redact("{'Authorization': 'sometoken'}")).toBe(`{'Authorization': '${REDACTED}'}`);
    expect(none.redact("proxy-authorization: Basic Zm9v")).toBe(`proxy-authorization: Basic ${REDACTED}`);
    // Already-clean text is left alone.
    expect(none.redact(`authorization: ApiKey ${REDACTED}`)).toBe(`authorization: ApiKey ${REDACTED}`);
    expect(none.redact("the authorization failed")).toBe("the authorization failed");
  });

  it("leaves no fragment behind when secrets overlap or contain each other", () => {
    const r = new Redactor(["abc", "ApiKey abc", "abcdef", "xyz123", "123456"]);
    expect(r.redact("ApiKey abcdef | ApiKey abc | abc | xyz123456 | abcabc")).toBe(
      `${REDACTED} | ${REDACTED} | ${REDACTED} | ${REDACTED} | ${REDACTED}${REDACTED}`,
    );
  });

  it("deep-redacts JSON values, keys included, and survives cycles", () => {
    const value: Record<string, unknown> = {
      message: `bad key ${API_KEY}`,
      headers: { authorization: `ApiKey ${API_KEY}` },
      [API_KEY]: [1, true, null, `x ${API_KEY}`],
    };
    value.self = value;
    const copy = redactor.redactDeep(value);
    expect(JSON.stringify(copy)).not.toContain("a2V5LWlkOmtleS1zZWNyZXQ");
    expect(copy).toEqual({
      message: `bad key ${REDACTED}`,
      headers: { authorization: REDACTED },
      [REDACTED]: [1, true, null, `x ${REDACTED}`],
      self: "[Circular]",
    });
    // The input is not modified.
    expect(value.message).toBe(`bad key ${API_KEY}`);
  });

  it("never renders its secrets itself", () => {
    for (const rendering of [inspect(redactor, { showHidden: true, depth: Infinity }), JSON.stringify({ redactor }), String(redactor)]) {
      expect(rendering).not.toContain(API_KEY);
      expect(rendering).not.toContain("key-secret");
    }
    expect(inspect(redactor)).toMatch(/^Redactor \{ secrets: \d+ \}$/);
  });

  it("redactSecrets scrubs ad-hoc values and ignores empty ones", () => {
    expect(redactSecrets("a hunter2 b", ["hunter2", undefined, ""])).toBe(`a ${REDACTED} b`);
    expect(redactSecrets("unchanged", [])).toBe("unchanged");
  });
});
