import { evaluateKql, KqlSyntaxError, parseKql, valuesAtPath } from "./kql";

const doc = { name: "Suspicious PowerShell Download", tags: ["windows", "OS: Windows"], enabled: true, risk: 73, nested: [{ id: "a" }, { id: "b" }] };
const resolve = (field: string | null) => {
  if (field === null) return { values: [doc.name], kind: "text" as const };
  return { values: valuesAtPath(doc, field), kind: field === "name" ? ("text" as const) : ("keyword" as const) };
};
const matches = (q: string) => evaluateKql(parseKql(q), resolve);

describe("KQL filters: parsed by @esac/query, evaluated by the emulator", () => {
  it.each([
    ['tags:"windows"', true],
    ["tags:windows", true],
    ['tags:"linux"', false],
    ['tags:"OS: Windows"', true],
    ["enabled:true", true],
    ["enabled:false", false],
    ["name:powershell", true],
    ['name:"PowerShell Download"', true],
    ['name:"Download PowerShell"', false],
    ["name:power*", true],
    ['tags:("linux" OR "windows")', true],
    ['tags:("linux" or "macos")', false],
    ['tags:("windows" AND "OS: Windows")', true],
    ['tags:"windows" AND enabled:false', false],
    ['tags:"linux" OR enabled:true', true],
    ['NOT tags:"linux"', true],
    ['not (tags:"windows" and enabled:true)', false],
    ['(tags:"linux" OR tags:"windows") AND NOT name:calc', true],
    ["risk >= 73", true],
    ["risk > 73", false],
    ["nested.id:b", true],
    ["missing:*", false],
    ["tags:*", true],
    ["suspicious", true],
  ])("%s → %s", (q, expected) => {
    expect(matches(q as string)).toBe(expected);
  });

  it("treats an empty filter as match-all", () => {
    expect(parseKql("  ")).toBeNull();
    expect(evaluateKql(null, resolve)).toBe(true);
  });

  it("reports syntax errors as Kibana's KQLSyntaxError does, at Kibana's offset", () => {
    expect(() => parseKql('tags:("a" OR')).toThrow(KqlSyntaxError);
    expect(() => parseKql('tags:("a" OR')).toThrow(new KqlSyntaxError('Expected ")" but "O" found.', 'tags:("a" OR', 10));
    expect(() => parseKql("tags:a AND ")).toThrow('Expected "(", NOT, field name, value but end of input found.');
    expect(() => parseKql('tags:"unterminated')).toThrow('Expected "(", "{", value, whitespace but """ found.');
    expect(() => parseKql("a:b )")).toThrow('Expected AND, OR, end of input but ")" found.');
    try {
      parseKql("a:b )");
    } catch (error) {
      expect(error).toMatchObject({ name: "KQLSyntaxError", offset: 4, input: "a:b )" });
    }
    expect.assertions(6);
  });

  it("reads `tags:a AND` as Kibana does: a trailing keyword with no whitespace after it is part of the value", () => {
    expect(parseKql("tags:a AND")).toMatchObject({ kind: "match", field: { name: "tags" }, value: { text: "a AND" } });
  });

  it("evaluates nested queries on the fields under their path, and escaped wildcards as characters", () => {
    expect(matches("nested:{ id:b }")).toBe(true);
    expect(matches("nested:{ id:c }")).toBe(false);
    expect(matches("tags:OS\\:*")).toBe(true);
    expect(matches("tags:windows\\*")).toBe(false);
    expect(matches("*")).toBe(true);
  });

  it("honours precedence: AND binds tighter than OR", () => {
    // false AND false OR true → true ; false AND (false OR true) → false
    expect(matches('tags:"x" AND tags:"y" OR enabled:true')).toBe(true);
    expect(matches('tags:"x" AND (tags:"y" OR enabled:true)')).toBe(false);
  });
});
