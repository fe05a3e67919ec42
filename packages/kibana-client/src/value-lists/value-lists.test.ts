import { stringifyZodError } from "../zod-error";
import { importFiles } from "./api";
import { listItemValueError, normalizeListItemValue } from "./normalize";
import { listItemCreateStrictSchema, valueListCreateSchema, valueListCreateStrictSchema, VALUE_LIST_TYPES } from "./schema";

describe("value list schemas", () => {
  const list = { name: "Bad IPs", description: "d", type: "ip" };

  it("accepts every Kibana list type", () => {
    expect(VALUE_LIST_TYPES).toHaveLength(23);
    for (const type of VALUE_LIST_TYPES) expect(valueListCreateStrictSchema.safeParse({ ...list, type }).success).toBe(true);
  });

  it("names the field and the reason", () => {
    const res = valueListCreateStrictSchema.safeParse({ ...list, type: "ipv4", name: " " });
    expect(res.success).toBe(false);
    const text = stringifyZodError(res.error!);
    expect(text).toMatch(/name: No empty strings allowed/);
    expect(text).toMatch(/type: Invalid option/);
  });

  it("strict mode rejects unknown keys, kibana mode strips them", () => {
    expect(valueListCreateStrictSchema.safeParse({ ...list, tagz: 1 }).success).toBe(false);
    expect(valueListCreateSchema.parse({ ...list, tagz: 1 })).not.toHaveProperty("tagz");
  });

  it("item values must be non-empty strings", () => {
    expect(stringifyZodError(listItemCreateStrictSchema.safeParse({ list_id: "l", value: 5 }).error!)).toMatch(/^value: /);
  });
});

describe("normalizeListItemValue (what Kibana reads back)", () => {
  it.each([
    ["keyword", "  a b  ", "a b"],
    ["ip", " 10.0.0.1 ", "10.0.0.1"],
    ["ip_range", "10.0.0.1", "10.0.0.1-10.0.0.1"],
    ["ip_range", "10.0.0.0/8", "10.0.0.0/8"],
    ["ip_range", "10.0.0.1 - 10.0.0.9", "10.0.0.1-10.0.0.9"],
    ["long_range", "5", "5-5"],
    ["date_range", "2024-01-01", "2024-01-01,2024-01-01"],
    ["geo_point", "1.5, 2.5", "1.5,2.5"],
    ["geo_shape", "1.5,2.5", "POINT (2.5 1.5)"],
  ] as const)("%s %j → %j", (type, value, expected) => {
    expect(normalizeListItemValue(type, value)).toBe(expected);
  });
});

describe("listItemValueError (values Elasticsearch would refuse)", () => {
  it("accepts valid values", () => {
    for (const [type, value] of [
      ["ip", "::1"],
      ["ip_range", "10.0.0.0/8"],
      ["ip_range", "1.1.1.1-2.2.2.2"],
      ["long", "-42"],
      ["byte", "127"],
      ["double", "1.5"],
      ["boolean", "true"],
      ["date", "2024-01-01T00:00:00Z"],
      ["keyword", "anything"],
      ["integer_range", "-5-10"],
    ] as const) {
      expect([type, value, listItemValueError(type, value)]).toEqual([type, value, undefined]);
    }
  });

  it("explains what is wrong", () => {
    expect(listItemValueError("ip", "10.0.0.300")).toMatch(/not an IP address/);
    expect(listItemValueError("ip_range", "10.0.0.0/33")).toMatch(/not a CIDR block/);
    expect(listItemValueError("byte", "128")).toMatch(/out of range for a byte/);
    expect(listItemValueError("long", "1.5")).toMatch(/not an integer/);
    expect(listItemValueError("boolean", "yes")).toMatch(/true or false/);
    expect(listItemValueError("keyword", "a\nb")).toMatch(/line break/);
    expect(listItemValueError("keyword", "   ")).toMatch(/empty/);
  });
});

describe("importFiles", () => {
  it("splits values into newline-terminated files under the size limit", () => {
    const values = Array.from({ length: 100 }, (_, i) => `value-${String(i).padStart(3, "0")}`);
    const files = importFiles(values, 200);
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(200);
    expect(files.join("").split("\n").filter(Boolean)).toEqual(values);
  });
});
