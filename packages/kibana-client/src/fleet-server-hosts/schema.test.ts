import { fleetIdProblem, fleetServerHostCheckSchema, fleetServerHostCreateBodySchema, fleetServerHostUpdateBodySchema, normalizeFleetHostUrl } from ".";

const issuesOf = (value: unknown) => {
  const r = fleetServerHostCheckSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("Fleet host URL normalisation (Fleet's normalizeHostsForAgents)", () => {
  it.each([
    ["https://fleet.example.com", "https://fleet.example.com:443"],
    ["https://fleet.example.com/", "https://fleet.example.com:443"],
    ["http://fleet.example.com", "http://fleet.example.com:80"],
    ["https://fleet.example.com:8220", "https://fleet.example.com:8220"],
    ["https://FLEET.example.com:8220/base/?q=1#f", "https://fleet.example.com:8220/base/"],
    ["https://[::1]:8220", "https://[::1]:8220"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeFleetHostUrl(input)).toBe(expected);
    expect(normalizeFleetHostUrl(expected)).toBe(expected);
  });
});

describe("Fleet Server host schemas", () => {
  const host = { name: "Fleet", host_urls: ["https://fleet.example.com:8220"] };

  it("checks every field at preview and names it", () => {
    expect(issuesOf(host)).toEqual([]);
    expect(issuesOf({ ...host, host_urls: [] })).toEqual([expect.stringMatching(/^host_urls: /)]);
    expect(issuesOf({ ...host, host_urls: ["fleet:8220"] })).toEqual(["host_urls.0: must be an http(s) URL"]);
    expect(issuesOf({ ...host, ssl: { client_auth: "sometimes" } })).toEqual([expect.stringMatching(/^ssl\.client_auth: .*"optional"\|"required"\|"none"/)]);
    expect(issuesOf({ ...host, ssl: { certificate_authority: "x" } })).toEqual([expect.stringMatching(/certificate_authority/)]);
    expect(issuesOf({ ...host, secrets: { ssl: { key: { id: "ref" } } } })).toEqual([expect.stringMatching(/^secrets\.ssl\.key: /)]);
    expect(issuesOf({ ...host, id: "a/b" })).toEqual(['id: must not contain path separators ("/") or ".."']);
    expect(issuesOf({ ...host, name: "x".repeat(256) })).toEqual([expect.stringMatching(/^name: /)]);
  });

  it("Kibana's bodies: secret references allowed; PUT refuses id and is_preconfigured", () => {
    expect(fleetServerHostCreateBodySchema.safeParse({ ...host, secrets: { ssl: { key: { id: "s1" }, es_key: null } } }).success).toBe(true);
    const put = fleetServerHostUpdateBodySchema.safeParse({ id: "x", is_preconfigured: false });
    expect(put.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["id", "is_preconfigured"] });
    expect(fleetServerHostUpdateBodySchema.safeParse({ proxy_id: null }).success).toBe(true);
  });

  it("Fleet id rule", () => {
    expect(fleetIdProblem("fleet-default")).toBeUndefined();
    for (const bad of ["", "x".repeat(256), "a..b", "__proto__", "a(b)", "it's"]) expect(fleetIdProblem(bad)).toBeDefined();
  });
});
