import { compareKibanaVersions, hasFeature, isAtLeast, KIBANA_FEATURES, parseKibanaVersion, unsupportedVersionReason } from ".";

const v = (text: string) => parseKibanaVersion(text)!;

describe("Kibana versions", () => {
  it("parses what /api/status reports, a minor alone, and snapshots", () => {
    expect(parseKibanaVersion("8.19.17")).toEqual({ major: 8, minor: 19, patch: 17 });
    expect(parseKibanaVersion("9.4")).toEqual({ major: 9, minor: 4, patch: 0 });
    expect(parseKibanaVersion("9.4.0-SNAPSHOT")).toEqual({ major: 9, minor: 4, patch: 0 });
    expect(parseKibanaVersion("nine")).toBeUndefined();
  });

  it("orders numerically, not as text", () => {
    expect(compareKibanaVersions(v("8.19.0"), v("9.0.0"))).toBeLessThan(0);
    expect(compareKibanaVersions(v("9.10.0"), v("9.4.2"))).toBeGreaterThan(0);
    expect(isAtLeast(v("9.4.0"), "9.4")).toBe(true);
    expect(isAtLeast(v("9.3.6"), "9.4")).toBe(false);
  });

  it("supports 8.19.0 up to the newest 9.x minor esac knows", () => {
    expect(unsupportedVersionReason("8.19.0")).toBeUndefined();
    expect(unsupportedVersionReason("9.4.9")).toBeUndefined();
    expect(unsupportedVersionReason("8.18.9")).toBe("esac supports Kibana 8.19.0 and later");
    expect(unsupportedVersionReason("9.5.0")).toBe("esac knows Kibana up to 9.4.x");
  });

  it("every feature row names a release esac supports and a source", () => {
    for (const [key, row] of Object.entries(KIBANA_FEATURES)) {
      expect([key, unsupportedVersionReason(row.since)]).toEqual([key, undefined]);
      expect(row.source.length).toBeGreaterThan(10);
    }
    expect(hasFeature(v("9.4.0"), "entityStoreV2")).toBe(true);
    expect(hasFeature(v("9.3.6"), "entityStoreV2")).toBe(false);
  });
});
