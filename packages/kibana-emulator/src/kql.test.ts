import { evaluateKql, KqlSyntaxError, parseKql, valuesAtPath } from "./kql";

const doc = { name: "Suspicious PowerShell Download", tags: ["windows", "OS: Windows"], enabled: true, risk: 73, nested: [{ id: "a" }, { id: "b" }] };
const resolve = (field: string | null) => {
  if (field === null) return { values: [doc.name], kind: "text" as const };
  return { values: valuesAtPath(doc, field), kind: field === "name" ? ("text" as const) : ("keyword" as const) };
};
const matches = (q: string) => evaluateKql(parseKql(q), resolve);

describe("KQL subset", () => {
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

  it("reports syntax errors with a position", () => {
    expect(() => parseKql('tags:("a" OR')).toThrow(KqlSyntaxError);
    expect(() => parseKql("tags:a AND")).toThrow(/Expected a field name or value but end of input found at position 10/);
    expect(() => parseKql('tags:"unterminated')).toThrow(/Unterminated quoted string/);
    expect(() => parseKql("a:b )")).toThrow(/Expected AND, OR or end of input/);
  });

  it("honours precedence: AND binds tighter than OR", () => {
    // false AND false OR true → true ; false AND (false OR true) → false
    expect(matches('tags:"x" AND tags:"y" OR enabled:true')).toBe(true);
    expect(matches('tags:"x" AND (tags:"y" OR enabled:true)')).toBe(false);
  });
});
