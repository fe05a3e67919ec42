import type { RunningEmulator } from "@esac/kibana-emulator";
import { clearKibanaStatusCache, getTransport, resolveConnection } from "@esac/kibana-client";
import { checkFailures } from "./check";
import { setStackConfig } from "./config";
import { configuredVersion, featureCheckProblems, refuseMissingFeatures, targetVersion, versionConfigProblem } from "./kibana-version";
import { validateResourceOptions } from "./resource-options";
import { startTestKibana } from "../test-support/emulator";

let old: RunningEmulator;
let current: RunningEmulator;
beforeAll(async () => {
  [old, current] = await Promise.all([startTestKibana({ version: "8.19.17" }), startTestKibana({ version: "9.4.2" })]);
});
afterAll(() => Promise.all([old.stop(), current.stop()]));
beforeEach(() => clearKibanaStatusCache());
afterEach(() => setStackConfig(undefined));

const withVersion = (version: string | undefined) => setStackConfig({ get: (key) => (key === "kibana:version" ? version : undefined) });
const transportOf = (kibana: RunningEmulator) => getTransport(resolveConnection({ explicit: { endpoint: kibana.url, apiKey: kibana.apiKey } }));
const statusReads = (kibana: RunningEmulator) => kibana.requests().filter((r) => r.path === "/api/status").length;
const negate = [{ path: ["threat_mapping", 0, "entries", 1, "negate"], feature: "threatMappingNegate" as const }];

describe("kibana:version in stack config", () => {
  it("is optional, and parsed with the precision it is given", () => {
    withVersion(undefined);
    expect(configuredVersion()).toBeUndefined();
    expect(versionConfigProblem()).toBeUndefined();
    withVersion("8.19");
    expect(configuredVersion()).toEqual({ text: "8.19", version: { major: 8, minor: 19, patch: 0 }, precision: "minor" });
    withVersion(" 9.4.2 ");
    expect(configuredVersion()).toMatchObject({ text: "9.4.2", precision: "patch" });
  });

  it("an unsupported or malformed value fails every resource's check, naming the value and the supported range", () => {
    for (const [value, why] of [
      ["8.18.3", "esac supports Kibana 8.19.0 and later"],
      ["9.5", "esac knows Kibana up to 9.4.x"],
      ["nine", "must be a Kibana version such as 8.19.17 or 9.4"],
    ]) {
      withVersion(value);
      const expected = `stack config kibana:version is "${value}": ${why} (supported: 8.19.0 to 9.4.x)`;
      expect(versionConfigProblem()).toBe(expected);
      expect(checkFailures(validateResourceOptions({}))).toEqual([{ property: "", reason: expected }]);
      expect(() => configuredVersion()).toThrow(expected);
    }
  });
});

describe("targetVersion (create / update)", () => {
  it("reads GET /api/status once per endpoint, whatever the number of resources", async () => {
    withVersion(undefined);
    const [o, c] = [statusReads(old), statusReads(current)];
    const versions = await Promise.all([targetVersion(transportOf(old)), targetVersion(transportOf(current)), targetVersion(transportOf(old))]);
    expect(versions).toEqual([
      { major: 8, minor: 19, patch: 17 },
      { major: 9, minor: 4, patch: 2 },
      { major: 8, minor: 19, patch: 17 },
    ]);
    await targetVersion(transportOf(old));
    expect([statusReads(old) - o, statusReads(current) - c]).toEqual([1, 1]);
  });

  it("agrees with kibana:version at the precision given, and fails naming both when they differ", async () => {
    withVersion("8.19");
    await expect(targetVersion(transportOf(old))).resolves.toEqual({ major: 8, minor: 19, patch: 17 });
    withVersion("8.19.17");
    await expect(targetVersion(transportOf(old))).resolves.toEqual({ major: 8, minor: 19, patch: 17 });
    withVersion("8.19.3");
    await expect(targetVersion(transportOf(old))).rejects.toThrow(
      `stack config kibana:version is 8.19.3 but Kibana at ${old.url} reports 8.19.17 (GET /api/status). Set \`pulumi config set kibana:version 8.19.17\``,
    );
    withVersion("8.19");
    await expect(targetVersion(transportOf(current))).rejects.toThrow(`stack config kibana:version is 8.19 but Kibana at ${current.url} reports 9.4.2`);
  });
});

describe("features the target lacks", () => {
  it("at check: refused against kibana:version, naming the argument and the first release; nothing without the config", () => {
    withVersion("8.19");
    expect(checkFailures(featureCheckProblems(negate))).toEqual([
      {
        property: "",
        reason: "threat_mapping.0.entries.1.negate: not supported by Kibana 8.19.0: threat_mapping[].entries[].negate first appears in Kibana 9.2",
      },
    ]);
    withVersion("9.2");
    expect(featureCheckProblems(negate)).toEqual([]);
    withVersion(undefined);
    expect(featureCheckProblems(negate)).toEqual([]);
    withVersion("banana");
    expect(featureCheckProblems(negate)).toEqual([]); // reported once, by validateResourceOptions
  });

  it("at the write: refused against the Kibana /api/status reports; no call when nothing needs a feature and no config is set", async () => {
    withVersion(undefined);
    await expect(refuseMissingFeatures(transportOf(old), negate)).rejects.toThrow(
      "threat_mapping.0.entries.1.negate: not supported by Kibana 8.19.17: threat_mapping[].entries[].negate first appears in Kibana 9.2",
    );
    await expect(refuseMissingFeatures(transportOf(current), negate)).resolves.toBeUndefined();
    const before = statusReads(old) + statusReads(current);
    clearKibanaStatusCache();
    await refuseMissingFeatures(transportOf(old), []);
    expect(statusReads(old) + statusReads(current)).toBe(before);
    withVersion("9.4");
    await expect(refuseMissingFeatures(transportOf(old), [])).rejects.toThrow("stack config kibana:version is 9.4 but Kibana");
  });
});
