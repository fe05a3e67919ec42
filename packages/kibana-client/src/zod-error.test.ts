import { z } from "zod";
import { flattenZodIssues, stringifyZodError } from "./zod-error";

const schema = z.strictObject({
  name: z.string(),
  field: z.union([z.string(), z.array(z.string())]),
  nested: z.strictObject({ id: z.string() }).optional(),
});

describe("flattenZodIssues", () => {
  it("expands union branches, keeping each leaf issue and the path of the union it came from", () => {
    const flat = flattenZodIssues(schema.safeParse({ name: 1, field: 5, nested: { id: "x", idd: 1 } }).error!.issues);
    expect(flat.map(({ path, issue, unionPath }) => ({ path, code: issue.code, unionPath }))).toEqual([
      { path: ["name"], code: "invalid_type", unionPath: undefined },
      { path: ["field"], code: "invalid_type", unionPath: ["field"] },
      { path: ["field"], code: "invalid_type", unionPath: ["field"] },
      { path: ["nested"], code: "unrecognized_keys", unionPath: undefined },
    ]);
    expect(flat[3]?.issue).toMatchObject({ keys: ["idd"] });
  });

  it("leaves Kibana's error text as it was", () => {
    expect(stringifyZodError(schema.safeParse({ name: 1, field: 5 }).error!)).toBe(
      "name: Invalid input: expected string, received number, field: Invalid input: expected string, received number, field: Invalid input: expected array, received number",
    );
  });
});
