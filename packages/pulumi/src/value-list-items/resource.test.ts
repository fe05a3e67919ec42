import * as pulumi from "@pulumi/pulumi";

beforeAll(() => {
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, type: args.inputs.type ?? "ip" } }),
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

// Registration finishes after the assertions: let it end before Jest tears the environment down.
afterAll(() => new Promise((r) => setTimeout(r, 300)));

describe("ValueListItems is deleted with its list", () => {
  it("finds the one ValueList that list_id comes from", async () => {
    const { ValueList } = await import("../index");
    const { valueListOf } = await import("./resource");
    const list = new ValueList("ips", { list_id: "ips", name: "IPs", description: "d", type: "ip" });
    const other = new ValueList("others", { list_id: "others", name: "Others", description: "d", type: "ip" });
    expect(valueListOf(list.list_id)).toBe(list);
    expect(valueListOf(list.id)).toBe(list);
    expect(valueListOf(list.list_id.apply((id) => id))).toBe(list);
    expect(valueListOf("ips")).toBeUndefined();
    expect(valueListOf(pulumi.output("ips"))).toBeUndefined();
    // An id derived from two lists names neither: deleting one of them may not take these values.
    expect(valueListOf(pulumi.all([list.list_id, other.list_id]).apply(([a]) => a))).toBeUndefined();
  });

  it("sets deletedWith to that list unless the program chose deletedWith or retainOnDelete", async () => {
    const { ValueList } = await import("../index");
    const { withDeletedWithList } = await import("./resource");
    const list = new ValueList("ips2", { list_id: "ips2", name: "IPs", description: "d", type: "ip" });
    const other = new ValueList("others2", { list_id: "others2", name: "Others", description: "d", type: "ip" });
    expect(withDeletedWithList(list.list_id, undefined)?.deletedWith).toBe(list);
    expect(withDeletedWithList(list.list_id, { protect: true })).toMatchObject({ protect: true, deletedWith: list });
    expect(withDeletedWithList(list.list_id, { retainOnDelete: false })?.deletedWith).toBe(list);
    expect(withDeletedWithList(list.list_id, { deletedWith: other })?.deletedWith).toBe(other);
    expect(withDeletedWithList(list.list_id, { retainOnDelete: true })?.deletedWith).toBeUndefined();
    expect(withDeletedWithList("ips2", undefined)?.deletedWith).toBeUndefined();
  });
});
