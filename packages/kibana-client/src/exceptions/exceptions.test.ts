import { stringifyZodError } from "../zod-error";
import { metaMergePatch, normalizeMergedMeta, planCommentUpdate } from "./normalize";
import { exceptionListCreateStrictSchema, exceptionListItemCreateSchema, exceptionListItemCreateStrictSchema } from "./schema";

const item = { list_id: "l", name: "n", description: "d", type: "simple" };

describe("exception item schema", () => {
  it("accepts every entry kind", () => {
    const entries = [
      { type: "match", field: "host.name", value: "a", operator: "included" },
      { type: "match_any", field: "host.name", value: ["a", "b"], operator: "excluded" },
      { type: "list", field: "source.ip", list: { id: "ips", type: "ip" }, operator: "included" },
      { type: "exists", field: "user.name", operator: "included" },
      { type: "wildcard", field: "file.path", value: "C:\\*", operator: "included" },
      { type: "nested", field: "file.Ext", entries: [{ type: "match", field: "code", value: "x", operator: "included" }] },
    ];
    expect(exceptionListItemCreateStrictSchema.safeParse({ ...item, entries }).success).toBe(true);
  });

  it.each([
    [{ type: "match", field: "f", operator: "included" }, /^entries\.0\.value: /],
    [{ type: "match_any", field: "f", value: [], operator: "included" }, /^entries\.0\.value: .*>=1/],
    [{ type: "list", field: "f", list: { id: "x", type: "ipv4" }, operator: "included" }, /^entries\.0\.list\.type: /],
    [{ type: "exists", field: "", operator: "included" }, /^entries\.0\.field: /],
    [
      { type: "nested", field: "f", entries: [{ type: "list", field: "g", list: { id: "x", type: "ip" }, operator: "included" }] },
      /^entries\.0\.entries\.0\.type: /,
    ],
    [{ type: "match", field: "f", value: "v", operator: "equals" }, /^entries\.0\.operator: /],
    [{ type: "regex", field: "f", value: "v", operator: "included" }, /^entries\.0\.type: /],
  ])("rejects %j naming the field", (entry, message) => {
    const res = exceptionListItemCreateStrictSchema.safeParse({ ...item, entries: [entry] });
    expect(res.success).toBe(false);
    expect(stringifyZodError(res.error!)).toMatch(message);
  });

  it("strict mode needs at least one entry; Kibana's own schema does not", () => {
    expect(stringifyZodError(exceptionListItemCreateStrictSchema.safeParse({ ...item, entries: [] }).error!)).toMatch(/^entries: /);
    expect(exceptionListItemCreateSchema.safeParse({ ...item, entries: [] }).success).toBe(true);
  });

  it("checks expire_time and comments", () => {
    const bad = exceptionListItemCreateStrictSchema.safeParse({
      ...item,
      entries: [{ type: "exists", field: "f", operator: "included" }],
      expire_time: "tomorrow",
      comments: [{ comment: "" }],
    });
    const text = stringifyZodError(bad.error!);
    expect(text).toMatch(/expire_time: /);
    expect(text).toMatch(/comments\.0\.comment: /);
  });
});

describe("exception list schema", () => {
  it("rejects unknown types and os types", () => {
    const res = exceptionListCreateStrictSchema.safeParse({ name: "n", description: "d", type: "detections", os_types: ["beos"] });
    const text = stringifyZodError(res.error!);
    expect(text).toMatch(/type: Invalid option/);
    expect(text).toMatch(/os_types\.0: Invalid option/);
  });
});

describe("planCommentUpdate (append-only comments)", () => {
  it("appends new comments after the stored ones", () => {
    expect(planCommentUpdate(["a"], ["a", "b", "c"])).toEqual({ ok: true, append: ["b", "c"] });
    expect(planCommentUpdate([], [])).toEqual({ ok: true, append: [] });
  });

  it("refuses to remove or edit a stored comment", () => {
    expect(planCommentUpdate(["a", "b"], ["a"])).toMatchObject({ ok: false, index: 1, reason: expect.stringMatching(/"b" would be removed/) });
    expect(planCommentUpdate(["a"], ["A", "b"])).toMatchObject({ ok: false, index: 0, reason: expect.stringMatching(/"a" would be changed to "A"/) });
  });
});

describe("exception list meta (merged on update)", () => {
  it("sends null for every key that must go, recursively", () => {
    expect(metaMergePatch({ a: 1, b: { x: 1, y: 2 }, c: 3 }, { a: 2, b: { x: 1 } })).toEqual({ a: 2, b: { x: 1, y: null }, c: null });
    expect(metaMergePatch({ a: 1 }, undefined)).toEqual({ a: null });
    expect(metaMergePatch(undefined, { a: 1 })).toEqual({ a: 1 });
  });

  it("reads null-valued keys and empty objects as absent", () => {
    expect(normalizeMergedMeta({ a: null, b: { y: null, x: 1 } })).toEqual({ b: { x: 1 } });
    expect(normalizeMergedMeta({ a: null })).toBeUndefined();
    expect(normalizeMergedMeta({})).toBeUndefined();
  });
});
