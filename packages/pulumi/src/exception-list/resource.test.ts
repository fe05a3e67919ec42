import * as pulumi from "@pulumi/pulumi";

type Obj = Record<string, any>;
const registered: { type: string; name: string; inputs: Obj }[] = [];

beforeAll(() => {
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-so-id`, state: { namespace_type: "single", ...args.inputs } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

const settle = () => new Promise((r) => setTimeout(r, 200));

describe("exception resource classes", () => {
  it("use the esac type tokens the policy pack relies on", async () => {
    const { ExceptionList, ExceptionListItem } = await import("../index");
    expect(ExceptionList.__pulumiType).toBe("pulumi-nodejs:dynamic/esac:ExceptionList");
    expect(ExceptionListItem.__pulumiType).toBe("pulumi-nodejs:dynamic/esac:ExceptionListItem");
    expect(ExceptionListItem.isInstance({ __pulumiType: ExceptionListItem.__pulumiType })).toBe(true);
  });

  it("ruleReference() is the exceptions_list entry a DetectionRule takes, from the list's outputs", async () => {
    const { DetectionRule, ExceptionList, ExceptionListItem } = await import("../index");
    const list = new ExceptionList("trusted", { list_id: "trusted", name: "Trusted", description: "d", type: "detection" });
    new ExceptionListItem("backup", {
      list_id: list.list_id,
      name: "b",
      description: "d",
      entries: [{ type: "exists", field: "host.name", operator: "included" }],
    });
    new DetectionRule("rule", { name: "r", description: "d", risk_score: 1, severity: "low", type: "query", exceptions_list: [list.ruleReference()] });
    await settle();
    const rule = registered.find((r) => r.type === DetectionRule.__pulumiType)!;
    expect(rule.inputs.exceptions_list).toEqual([{ id: "trusted-so-id", list_id: "trusted", namespace_type: "single", type: "detection" }]);
    expect(registered.find((r) => r.type === ExceptionListItem.__pulumiType)!.inputs.list_id).toBe("trusted");
  });

  it("an item's `list` entry takes a ValueList's outputs", async () => {
    const { ExceptionListItem, ValueList } = await import("../index");
    const ips = new ValueList("scanners", { list_id: "scanner-ips", name: "Scanners", description: "d", type: "ip" });
    new ExceptionListItem("from-scanners", {
      list_id: "trusted",
      item_id: "from-scanners",
      name: "n",
      description: "d",
      entries: [{ type: "list", field: "source.ip", operator: "included", list: { id: ips.id, type: ips.type } }],
    });
    await settle();
    const item = registered.find((r) => r.name === "from-scanners")!;
    expect(item.inputs.entries).toEqual([{ type: "list", field: "source.ip", operator: "included", list: { id: "scanners-so-id", type: "ip" } }]);
  });
});
