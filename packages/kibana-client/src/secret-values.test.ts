import { KibanaError, isNotFound } from "./transport";
import { maskSecretValues, scrubSecrets, secretStrings } from "./secret-values";

describe("secret values", () => {
  it("collects string leaves long enough to scrub", () => {
    expect(secretStrings({ a: "hunter22", b: { c: ["token-1", "ab"] }, d: 3 })).toEqual(["hunter22", "token-1"]);
  });

  it("masks values but keeps the shape (for debug logs)", () => {
    expect(maskSecretValues({ user: "u", ssl: { key: "-----BEGIN" }, n: 1 })).toEqual({ user: "[REDACTED]", ssl: { key: "[REDACTED]" }, n: 1 });
  });

  it("scrubs a KibanaError in place, keeping its class", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----";
    const error = new KibanaError({
      status: 404,
      method: "PUT",
      path: "/api/x",
      kibanaMessage: `bad value ${JSON.stringify(key)} and hunter22`,
      body: { message: `bad value hunter22` },
      attempts: 1,
    });
    const scrubbed = scrubSecrets(error, [key, "hunter22"]);
    expect(scrubbed).toBe(error);
    expect(isNotFound(scrubbed)).toBe(true);
    const everything = `${scrubbed.message} ${scrubbed.stack} ${scrubbed.kibanaMessage} ${JSON.stringify(scrubbed.body)}`;
    expect(everything).not.toContain("hunter22");
    expect(everything).not.toContain("MIIEv");
    expect(scrubbed.kibanaMessage).toBe('bad value "[REDACTED]" and [REDACTED]');
  });
});
