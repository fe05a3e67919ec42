import { appliedWriteCheck, holdsWrite } from "./conditional-write";

describe("holdsWrite", () => {
  it("holds when every sent key has the same value, whatever else the object carries", () => {
    expect(holdsWrite({ name: "a", tags: ["x"], meta: { k: 1, other: 2 }, updated_at: "t" }, { name: "a", tags: ["x"], meta: { k: 1 } })).toBe(true);
  });

  it("does not hold when a sent value differs, deep in an object or an array", () => {
    expect(holdsWrite({ name: "a", meta: { k: 2 } }, { name: "a", meta: { k: 1 } })).toBe(false);
    expect(holdsWrite({ entries: [{ field: "a" }, { field: "b" }] }, { entries: [{ field: "a" }, { field: "c" }] })).toBe(false);
    expect(holdsWrite({ tags: ["x", "y"] }, { tags: ["x"] })).toBe(false);
  });

  it("reads null as removed and undefined as not written", () => {
    expect(holdsWrite({ meta: {} }, { meta: { gone: null } })).toBe(true);
    expect(holdsWrite({ meta: { gone: 1 } }, { meta: { gone: null } })).toBe(false);
    expect(holdsWrite({ name: "a" }, { name: "a", description: undefined })).toBe(true);
  });
});

describe("appliedWriteCheck", () => {
  const read =
    (body: unknown, status = 200) =>
    async () => ({ status, headers: {}, body });

  it("returns the object when it holds the write, ignoring _version and the named keys", async () => {
    const check = appliedWriteCheck(read({ name: "n", _version: "v2" }), { name: "n", _version: "v1", os_types: ["linux"] }, { ignore: ["os_types"] });
    await expect(check()).resolves.toMatchObject({ body: { name: "n" } });
  });

  it("returns undefined when the object is gone or holds something else", async () => {
    await expect(appliedWriteCheck(read(undefined, 404), { name: "n" })()).resolves.toBeUndefined();
    await expect(appliedWriteCheck(read({ name: "colleague's" }), { name: "n" })()).resolves.toBeUndefined();
  });

  it("requires the extra proof to hold too", async () => {
    const check = appliedWriteCheck(read({ name: "n", comments: [] }), { name: "n" }, { alsoHolds: () => false });
    await expect(check()).resolves.toBeUndefined();
  });
});
