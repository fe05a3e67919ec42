import { derivedKey, nameBasedUuid, naturalKey, RESOURCE_IDENTITY_KEY } from "./identity";
import { UNKNOWN } from "./unknown";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const of = (identity: string) => ({ [RESOURCE_IDENTITY_KEY]: identity });

describe("nameBasedUuid", () => {
  it("is RFC 9562 version 5 (the RFC's own example) and a lower-case UUID", () => {
    expect(nameBasedUuid("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(nameBasedUuid("proj/dev/DetectionRule/shell")).toMatch(UUID);
  });
});

describe("derivedKey", () => {
  it("is the same on every run of the same resource and differs per project, stack, type, name and part", () => {
    const key = derivedKey(of("proj/dev/DetectionRule/shell"), ["rule_id"]);
    expect(key).toMatch(UUID);
    expect(derivedKey(of("proj/dev/DetectionRule/shell"), ["rule_id"])).toBe(key);
    const others = [
      derivedKey(of("other/dev/DetectionRule/shell"), ["rule_id"]),
      derivedKey(of("proj/prod/DetectionRule/shell"), ["rule_id"]),
      derivedKey(of("proj/dev/Connector/shell"), ["rule_id"]),
      derivedKey(of("proj/dev/DetectionRule/shell-2"), ["rule_id"]),
      derivedKey(of("proj/dev/DetectionRule/shell"), ["rule_id", "single"]),
    ];
    expect(new Set([key, ...others]).size).toBe(6);
  });

  it("cannot be confused by separators inside a name", () => {
    expect(derivedKey(of("p/s/T/a"), ["b/c"])).not.toBe(derivedKey(of("p/s/T/a/b"), ["c"]));
  });

  it("is unknown while a part is unknown (preview), and undefined without the resource identity", () => {
    expect(derivedKey(of("p/s/T/n"), ["list_id", UNKNOWN])).toBe(UNKNOWN);
    expect(derivedKey({}, ["rule_id"])).toBeUndefined();
  });
});

describe("naturalKey", () => {
  const inputs = of("proj/dev/ExceptionListItem/backup");

  it("takes the program's key, else the previous inputs' key while the identity fields hold", () => {
    expect(naturalKey({ item_id: "mine", list_id: "a" }, {}, "item_id", ["list_id"], inputs)).toBe("mine");
    expect(naturalKey({ list_id: "a" }, { list_id: "a", item_id: "random-old" }, "item_id", ["list_id"], inputs)).toBe("random-old");
  });

  it("derives a new key from the resource, stable across runs, different when an identity field changes", () => {
    const first = naturalKey({ list_id: "a" }, {}, "item_id", ["list_id"], inputs);
    expect(first).toMatch(UUID);
    expect(naturalKey({ list_id: "a" }, {}, "item_id", ["list_id"], inputs)).toBe(first);
    const moved = naturalKey({ list_id: "b" }, { list_id: "a", item_id: first }, "item_id", ["list_id"], inputs);
    expect(moved).toMatch(UUID);
    expect(moved).not.toBe(first);
    expect(naturalKey({ list_id: "a" }, {}, "item_id", ["list_id"], of("proj/dev/ExceptionListItem/other"))).not.toBe(first);
  });

  it("stays random (as before) when called without the resource identity", () => {
    const a = naturalKey({ list_id: "a" }, {}, "item_id", ["list_id"], {});
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(naturalKey({ list_id: "a" }, {}, "item_id", ["list_id"], {})).not.toBe(a);
  });
});
