import { ownCorpus, readNdjson } from "../../../../test-support/corpus";
import { canonicalJson, toPlainJson } from "./json";

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe("toPlainJson", () => {
  it("gives what a JSON text round trip gives, without undefined, for JSON-like values", () => {
    const odd = {
      a: undefined,
      b: [1, undefined, () => 1, Symbol("s"), NaN, Infinity, -0, "x"],
      c: { d: null, e: new Date(0), f: { toJSON: () => ({ g: undefined, h: 2 }) }, i: () => 1 },
      j: [[{ k: undefined }]],
    };
    expect(toPlainJson(odd)).toEqual(roundTrip(odd));
    expect(JSON.stringify(toPlainJson(odd))).toBe(JSON.stringify(odd));
    expect(toPlainJson(undefined)).toBeUndefined();
    expect(() => toPlainJson({ n: BigInt(1) })).toThrow(/BigInt/);
  });

  it("gives the same value as the round trip for every rule of the repository's corpus", () => {
    for (const rule of readNdjson(ownCorpus.rulesFile)) {
      const withHoles = { ...rule, absent: undefined, tags: [...((rule.tags as string[] | undefined) ?? []), undefined] };
      expect(canonicalJson(toPlainJson(withHoles))).toBe(canonicalJson(roundTrip(withHoles)));
    }
  });
});
