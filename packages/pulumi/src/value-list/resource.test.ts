import * as pulumi from "@pulumi/pulumi";

type Obj = Record<string, any>;
const registered: { type: string; name: string; inputs: Obj }[] = [];

beforeAll(() => {
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, type: args.inputs.type ?? "ip" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

const settle = () => new Promise((r) => setTimeout(r, 200));

describe("value-list resource classes", () => {
  it("use the esac type tokens the policy pack relies on", async () => {
    const { ListDataStreams, ValueList, ValueListItem, ValueListItems } = await import("../index");
    expect([ListDataStreams, ValueList, ValueListItem, ValueListItems].map((c) => c.__pulumiType)).toEqual([
      "pulumi-nodejs:dynamic/esac:ListDataStreams",
      "pulumi-nodejs:dynamic/esac:ValueList",
      "pulumi-nodejs:dynamic/esac:ValueListItem",
      "pulumi-nodejs:dynamic/esac:ValueListItems",
    ]);
    expect(ValueList.isInstance({ __pulumiType: ValueList.__pulumiType })).toBe(true);
    expect(ValueList.isInstance({ __pulumiType: ValueListItem.__pulumiType })).toBe(false);
  });

  it("take Kibana's `id` as list_id / list_item_id (Pulumi drops inputs named id) and wire items to the list", async () => {
    const { ValueList, ValueListItem, ValueListItems } = await import("../index");
    const list = new ValueList("ips", { id: "bad-ips", name: "Bad IPs", description: "d", type: "ip" });
    new ValueListItem("one", { list_id: list.list_id, id: "first", value: "10.0.0.1", type: list.type });
    new ValueListItems("all", { list_id: list.list_id, values: ["10.0.0.2"], type: list.type });
    await settle();
    const byType = (t: string) => registered.find((r) => r.type === `pulumi-nodejs:dynamic/esac:${t}`)!.inputs;
    expect(byType("ValueList")).toMatchObject({ list_id: "bad-ips", name: "Bad IPs", type: "ip" });
    expect(byType("ValueList")).not.toHaveProperty("id");
    expect(byType("ValueListItem")).toMatchObject({ list_id: "bad-ips", list_item_id: "first", type: "ip" });
    expect(byType("ValueListItems")).toMatchObject({ list_id: "bad-ips", values: ["10.0.0.2"] });
  });
});
