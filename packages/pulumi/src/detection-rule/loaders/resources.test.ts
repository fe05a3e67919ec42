import { mkdtempSync, renameSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
beforeEach(() => registered.splice(0));

const settle = () => new Promise((r) => setTimeout(r, 200));
const REPO = join(__dirname, "__tests__", "detection-rules-repo");

describe("rulesFromDirectory", () => {
  it("declares one DetectionRule per rule_id, named from it, with the lists and items of the files wired to each other", async () => {
    const { rulesFromDirectory, DetectionRule, ExceptionList, ExceptionListItem } = await import("../../index");
    const out = rulesFromDirectory(REPO, { space_id: "soc", defaults: { enabled: false } });
    await settle();
    const names = (type: string) =>
      registered
        .filter((r) => r.type === type)
        .map((r) => r.name)
        .sort();
    expect(names(DetectionRule.__pulumiType)).toEqual(
      Object.keys(out.rules)
        .map((id) => `rule-${id}`)
        .sort(),
    );
    expect(names(DetectionRule.__pulumiType)).toHaveLength(8);
    expect(names(ExceptionList.__pulumiType)).toEqual(["exception-list-esac-tests-linux-admins"]);
    expect(names(ExceptionListItem.__pulumiType)).toEqual(["exception-item-esac-tests-linux-admins-ansible"]);

    const newTerms = registered.find((r) => r.name === "rule-0b1d5a8e-7e2f-4c61-9b0a-1c2d3e4f5a07")!;
    expect(newTerms.inputs).toMatchObject({ space_id: "soc", enabled: false, new_terms_fields: ["host.id", "user.name"] });
    // The file's placeholder saved-object id is replaced by the loaded list's resource id.
    expect(newTerms.inputs.exceptions_list).toEqual([
      { id: "exception-list-esac-tests-linux-admins-so-id", list_id: "esac-tests-linux-admins", namespace_type: "single", type: "detection" },
    ]);
    const item = registered.find((r) => r.type === ExceptionListItem.__pulumiType)!;
    expect(item.inputs).toMatchObject({ list_id: "esac-tests-linux-admins", space_id: "soc", item_id: "esac-tests-linux-admins-ansible" });
    expect(out.connectors.map((c) => c.id)).toEqual(["esac-tests-slack"]);
  });

  it("renaming a file keeps every resource name; deleting one drops its rule only", async () => {
    const { rulesFromDirectory } = await import("../../index");
    const dir = mkdtempSync(join(tmpdir(), "esac-rules-dir-"));
    cpSync(join(REPO, "rules"), dir, { recursive: true });
    const before = Object.keys(rulesFromDirectory(dir, { namePrefix: "a-" }).rules).sort();
    renameSync(join(dir, "linux", "ml_rare_process.toml"), join(dir, "renamed.toml"));
    rmSync(join(dir, "windows", "credential_access_esql.toml"));
    const after = Object.keys(rulesFromDirectory(dir, { namePrefix: "b-" }).rules).sort();
    expect(after).toEqual(before.filter((id) => id !== "0b1d5a8e-7e2f-4c61-9b0a-1c2d3e4f5a03"));
    await settle();
    const bNames = registered
      .filter((r) => r.name.startsWith("b-"))
      .map((r) => r.name.slice(2))
      .sort();
    expect(bNames).toEqual(after);
  });

  it("registers nothing when any file is bad", async () => {
    const { rulesFromDirectory, RuleFilesError } = await import("../../index");
    const dir = mkdtempSync(join(tmpdir(), "esac-rules-dir-"));
    cpSync(join(REPO, "rules"), dir, { recursive: true });
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ rule_id: "broken", name: "n" }));
    expect(() => rulesFromDirectory(dir)).toThrow(RuleFilesError);
    await settle();
    expect(registered).toEqual([]);
  });
});
