import { execFileSync } from "node:child_process";

// A Pulumi program and a provider with nothing to send load this package without undici (0.1 s): it is loaded with
// the first transport. Run in a fresh Node, as a program loads the built package.
const loaded = (script: string) =>
  execFileSync(process.execPath, ["-e", `${script}; console.log(Object.keys(require.cache).some((f) => /[\\\\/]undici[\\\\/]/.test(f)))`], {
    cwd: __dirname,
    encoding: "utf8",
  }).trim();

describe("undici's load", () => {
  it("waits for the first transport", () => {
    expect(loaded(`require("@esac/kibana-client")`)).toBe("false");
    expect(loaded(`const { KibanaTransport } = require("@esac/kibana-client"); new KibanaTransport({ endpoint: "http://127.0.0.1:9", apiKey: "k" })`)).toBe(
      "true",
    );
  });
});
