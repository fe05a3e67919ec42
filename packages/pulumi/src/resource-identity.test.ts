import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_IDENTITY_KEY } from "./provider-kit/identity";

type Obj = Record<string, any>;
const registered: { type: string; name: string; inputs: Obj }[] = [];

beforeAll(() => {
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "soc-project",
    "prod",
    true,
  );
});

describe("resource classes name themselves to their provider", () => {
  it("pass project/stack/Type/name, from which the provider derives the keys the program leaves out", async () => {
    const esac = await import("./index");
    new esac.DetectionRule("shell", { name: "n", description: "d", risk_score: 1, severity: "low", type: "query", query: "*" });
    new esac.Connector("slack", { connector_type_id: ".slack", name: "n", secrets: { webhookUrl: "https://hooks.example.com/x" } });
    new esac.ExceptionList("tuning", { name: "n", description: "d", type: "detection" });
    new esac.ExceptionListItem("backup", { list_id: "tuning", name: "n", description: "d", entries: [] });
    new esac.ValueList("ips", { name: "n", description: "d", type: "ip" });
    new esac.ValueListItem("gw", { list_id: "ips", value: "10.0.0.1" });
    new esac.FleetServerHost("fleet", { name: "n", host_urls: ["https://fleet.example.com"] });
    await new Promise((r) => setTimeout(r, 200));
    const identities = Object.fromEntries(registered.map((r) => [r.name, r.inputs[RESOURCE_IDENTITY_KEY]]));
    expect(identities).toEqual({
      shell: "soc-project/prod/DetectionRule/shell",
      slack: "soc-project/prod/Connector/slack",
      tuning: "soc-project/prod/ExceptionList/tuning",
      backup: "soc-project/prod/ExceptionListItem/backup",
      ips: "soc-project/prod/ValueList/ips",
      gw: "soc-project/prod/ValueListItem/gw",
      fleet: "soc-project/prod/FleetServerHost/fleet",
    });
  });
});
