import * as pulumi from "@pulumi/pulumi";
import { connectionHelp, missingConnectionParts } from "./connection-sources";
import { setStackConfig, transportFor } from "./config";
import { resetUnreachableWarning, warnIfKibanaUnreachable } from "./unconfigured-warning";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const THREE_PLACES = [/the resource's `connection` argument/, /pulumi config set kibana:endpoint/, /KIBANA_ENDPOINT/];

describe("missingConnectionParts", () => {
  it("finds the endpoint and the credentials in any of the three places, blank values counting as unset", () => {
    expect(missingConnectionParts({ env: {} })).toEqual(["endpoint", "credentials"]);
    expect(missingConnectionParts({ env: { KIBANA_ENDPOINT: " ", KIBANA_API_KEY: "" } })).toEqual(["endpoint", "credentials"]);
    expect(missingConnectionParts({ env: { KIBANA_ENDPOINT: "https://k" } })).toEqual(["credentials"]);
    expect(missingConnectionParts({ config: config({ "kibana:apiKey": "k" }), env: {} })).toEqual(["endpoint"]);
    expect(missingConnectionParts({ connection: { endpoint: "https://k" }, config: config({ "kibana:username": "u" }), env: {} })).toEqual([]);
    expect(missingConnectionParts({ connection: { endpoint: "https://k", password: "p" }, env: {} })).toEqual([]);
  });

  it("counts a connection that is still an output as set (its fields cannot be read before apply)", () => {
    expect(missingConnectionParts({ connection: pulumi.output({ endpoint: "https://k" }), env: {} })).toEqual([]);
    expect(missingConnectionParts({ connection: { endpoint: pulumi.output("https://k"), apiKey: pulumi.secret("k") }, env: {} })).toEqual([]);
  });
});

describe("connectionHelp", () => {
  it("names what is missing and the three places to set it", () => {
    const both = connectionHelp(["endpoint", "credentials"]);
    expect(both).toMatch(/^No Kibana endpoint or credentials configured\. Set them in one of three places: /);
    for (const place of [...THREE_PLACES, /pulumi config set --secret kibana:apiKey/, /KIBANA_API_KEY \(or KIBANA_USERNAME and KIBANA_PASSWORD\)/])
      expect(both).toMatch(place);
    expect(connectionHelp(["credentials"])).not.toMatch(/endpoint/);
    expect(connectionHelp(["endpoint"])).not.toMatch(/apiKey|API_KEY/);
  });
});

describe("at up: create, read, update and delete", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    setStackConfig(undefined);
  });

  it("fail before any request when no place gives an endpoint or credentials", () => {
    for (const key of ["KIBANA_ENDPOINT", "KIBANA_API_KEY", "KIBANA_USERNAME", "KIBANA_PASSWORD"]) delete process.env[key];
    setStackConfig(config({}));
    expect(() => transportFor(undefined)).toThrow(/^No Kibana endpoint or credentials configured\. Set them in one of three places: .*KIBANA_ENDPOINT/);
    setStackConfig(config({ "kibana:endpoint": "http://127.0.0.1:9" }));
    expect(() => transportFor(undefined)).toThrow(/^No Kibana credentials configured\. Set them in one of three places: .*kibana:apiKey.*KIBANA_API_KEY/);
    expect(transportFor({ endpoint: "http://127.0.0.1:9", apiKey: "k" }).endpoint).toBe("http://127.0.0.1:9");
  });
});

describe("at preview, program side", () => {
  const saved = { ...process.env };
  let warnings: string[];
  beforeEach(() => {
    for (const key of ["KIBANA_ENDPOINT", "KIBANA_API_KEY", "KIBANA_USERNAME", "KIBANA_PASSWORD"]) delete process.env[key];
    warnings = [];
    jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => void warnings.push(message));
    resetUnreachableWarning();
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it("warns once per program, naming the three places, when nothing is configured", () => {
    void pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: {} }), call: () => ({}) }, "project", "stack", true);
    warnIfKibanaUnreachable(undefined);
    warnIfKibanaUnreachable(undefined);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^No Kibana endpoint or credentials configured\./);
    for (const place of THREE_PLACES) expect(warnings[0]).toMatch(place);
    expect(warnings[0]).toMatch(/`pulumi up` will fail/);
  });

  it("stays quiet when the resource's connection, the stack config or the environment configures it, and at up", () => {
    void pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: {} }), call: () => ({}) }, "project", "stack", true);
    warnIfKibanaUnreachable({ endpoint: "https://k", apiKey: pulumi.secret("k") });
    process.env.KIBANA_ENDPOINT = "https://k";
    process.env.KIBANA_API_KEY = "k";
    warnIfKibanaUnreachable(undefined);
    expect(warnings).toEqual([]);
    delete process.env.KIBANA_ENDPOINT;
    void pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: {} }), call: () => ({}) }, "project", "stack", false);
    warnIfKibanaUnreachable(undefined);
    expect(warnings).toEqual([]);
  });

  it("is raised by the resource classes", async () => {
    void pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: {} }), call: () => ({}) }, "project", "stack", true);
    const { ValueList } = await import("../value-list/resource");
    new ValueList("l", { name: "n", description: "d", type: "ip" });
    new ValueList("m", { name: "n", description: "d", type: "ip" });
    // Let the registration (which serializes the provider) finish inside the test.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings).toEqual([expect.stringMatching(/^No Kibana endpoint or credentials configured/)]);
  });
});
