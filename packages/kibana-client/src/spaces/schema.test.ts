import { spaceBodySchema, spaceCheckSchema, spaceSchema } from ".";

const issuesOf = (value: unknown) => {
  const r = spaceCheckSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("space schemas (Kibana's space_schema.ts)", () => {
  const space = { id: "soc", name: "SOC" };

  it("checks every field at preview with Kibana's texts, naming it", () => {
    expect(issuesOf(space)).toEqual([]);
    expect(issuesOf({ ...space, id: "SOC" })).toEqual(["id: must be lower case, a-z, 0-9, '_', and '-' are allowed"]);
    expect(issuesOf({ ...space, color: "#12345" })).toEqual(["color: must be a 6 digit hex color, starting with a #"]);
    expect(issuesOf({ ...space, imageUrl: "http://x" })).toEqual(["imageUrl: must start with 'data:image'"]);
    expect(issuesOf({ ...space, initials: "ABC" })).toEqual([expect.stringMatching(/^initials: /)]);
    expect(issuesOf({ ...space, solution: "search" })).toEqual([expect.stringMatching(/^solution: .*"es"\|"oblt"\|"security"\|"classic"/)]);
    expect(issuesOf({ ...space, name: " SOC" })).toEqual([expect.stringMatching(/^name: must not start or end with whitespace/)]);
    expect(issuesOf({ ...space, _reserved: true })).toEqual([expect.stringMatching(/_reserved/)]);
  });

  it("Kibana's body: disabledFeatures defaults to [], _reserved and projectRouting pass the schema, unknown keys do not", () => {
    expect(spaceBodySchema.parse(space)).toEqual({ ...space, disabledFeatures: [] });
    expect(spaceBodySchema.safeParse({ ...space, _reserved: true, projectRouting: "x" }).success).toBe(true);
    expect(spaceBodySchema.safeParse({ ...space, owner: "me" }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["owner"] });
    expect(spaceBodySchema.safeParse({ ...space, disabledFeatures: Array(101).fill("f") }).success).toBe(false);
  });

  it("an answer needs disabledFeatures and allows the reserved flag", () => {
    expect(spaceSchema.safeParse({ ...space, disabledFeatures: [], _reserved: true }).success).toBe(true);
    expect(spaceSchema.safeParse(space).success).toBe(false);
  });
});
