import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { changes, E2EBench, FIXTURES, stepCollector } from "./harness";

/**
 * Elastic's prebuilt rules through the real CLI (fixtures/prebuilt-rules: the example's src/prebuilt.ts in the default
 * space): install, a no-call preview, a UI toggle as drift, a package upgrade that keeps the customisation, and a
 * destroy that leaves the package installed. The emulator's package: 20 rules at 8.19.1; 8.19.2 bumps 01, 05 and 11,
 * adds 21 and drops 20.
 */
const KIBANA = "9.4.2";
const PACKAGE_RULES = 20;
/** Rules tagged "OS: Linux" in 8.19.1 (11 to 18), minus the two the fixture excludes. */
const SELECTED = ["esac-prebuilt-11", "esac-prebuilt-12", "esac-prebuilt-13", "esac-prebuilt-15", "esac-prebuilt-16", "esac-prebuilt-17"];
const CUSTOMISED = "esac-prebuilt-11";
const TOGGLED = "esac-prebuilt-13";
/** Stack, connector, exception list, PrebuiltRules, PrebuiltRuleSelection, PrebuiltRule. */
const RESOURCES = 6;

describe(`prebuilt rules through the real Pulumi CLI (Kibana ${KIBANA})`, () => {
  let bench: E2EBench;
  let stack: Stack;

  beforeAll(async () => {
    bench = await E2EBench.start({ contract: true, version: KIBANA });
    stack = await bench.stack(join(FIXTURES, "prebuilt-rules"));
  });

  afterAll(async () => {
    await bench?.close();
  });

  const prebuilt = async () => [...(await bench.rules("default")).values()].filter((r) => r.immutable);
  const enabledIds = async () =>
    (await prebuilt())
      .filter((r) => r.enabled)
      .map((r) => r.rule_id)
      .sort();
  const rule = async (ruleId: string) => (await bench.rules("default")).get(ruleId);

  it("pulumi up installs the package, enables the selection in one bulk call and customises one rule", async () => {
    const mark = bench.mark();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: RESOURCES });
    expect(await prebuilt()).toHaveLength(PACKAGE_RULES);
    expect(await enabledIds()).toEqual(SELECTED);
    const bulk = bench.callsSince(mark).filter((c) => c.path.endsWith("/_bulk_action"));
    expect(bulk).toHaveLength(1);

    const customised = await rule(CUSTOMISED);
    expect(customised.actions).toEqual([expect.objectContaining({ id: up.outputs.connectorId.value, action_type_id: ".slack" })]);
    expect(customised.exceptions_list).toEqual([expect.objectContaining({ list_id: "esac-soc-tuning", type: "detection" })]);
    expect(customised.rule_source).toMatchObject({ type: "external", is_customized: false });
    expect(up.outputs.rulesNotUpdated.value).toBe(0);
    expect(bench.emulator.violations()).toEqual([]);
  });

  it("pulumi preview right after reports no change and makes no HTTP call", async () => {
    const mark = bench.mark();
    const { steps, onEvent } = stepCollector();
    const preview = await stack.preview({ onEvent });
    expect(changes(steps)).toEqual([]);
    expect(preview.changeSummary).toEqual({ same: RESOURCES });
    expect(bench.callsSince(mark)).toEqual([]);
  });

  it("a rule disabled in the UI shows as drift on refresh, and pulumi up enables it again", async () => {
    // What the rules table's "Disable" sends for one rule.
    const toggle = await bench.kibana("POST", "/api/detection_engine/rules/_bulk_action", {
      action: "disable",
      query: `alert.attributes.params.ruleId: "${TOGGLED}"`,
    });
    expect(toggle.status).toBe(200);
    expect((await rule(TOGGLED)).enabled).toBe(false);

    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });

    const mark = bench.mark();
    const { steps, onEvent } = stepCollector();
    await stack.up({ onEvent });
    expect(changes(steps).map((s) => `${s.op} ${s.name}`)).toEqual(["update elastic-rules-enabled"]);
    expect(await enabledIds()).toEqual(SELECTED);
    // Only the toggled rule is sent back, by KQL query on its rule_id.
    expect(
      bench
        .callsSince(mark)
        .filter((c) => c.method !== "GET")
        .map((c) => `${c.method} ${c.path}`),
    ).toEqual(["POST /api/detection_engine/rules/_bulk_action"]);
  });

  it("a newer package shows on refresh; pulumi up upgrades 3 rules, installs and enables rule 21, and keeps the customisation", async () => {
    bench.emulator.setPrebuiltPackage("8.19.2");
    const before = await rule(CUSTOMISED);

    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES - 1, update: 1 });
    const { steps, onEvent } = stepCollector();
    const up = await stack.up({ onEvent });
    // The package, then the selection (its installed_rule_ids input changed: rule 21) in the same up.
    expect(changes(steps).map((s) => `${s.op} ${s.name}`)).toEqual(["update elastic-rules", "update elastic-rules-enabled"]);

    const rules = new Map((await prebuilt()).map((r) => [r.rule_id, r]));
    for (const bumped of ["esac-prebuilt-01", "esac-prebuilt-05", CUSTOMISED]) expect(rules.get(bumped).version).toBe(2);
    expect(rules.get("esac-prebuilt-21")).toMatchObject({ version: 1, enabled: true });
    expect(await enabledIds()).toEqual([...SELECTED, "esac-prebuilt-21"]);
    expect(up.outputs.rulesNotUpdated.value).toBe(0);
    expect(up.outputs.installed.value).toContain("esac-prebuilt-21");

    // The package's new version of the rule (a new tag and a note) with the Slack action and exception list kept.
    const after = rules.get(CUSTOMISED);
    expect(after.tags).toContain("Resources: Investigation Guide");
    expect(after.note).toBe("Look at the parent process and the remote address.");
    expect(after.actions).toEqual(before.actions);
    expect(after.exceptions_list).toEqual(before.exceptions_list);

    const mark = bench.mark();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: RESOURCES });
    expect(bench.callsSince(mark)).toEqual([]);
    expect(bench.emulator.violations()).toEqual([]);
  });

  it("pulumi destroy leaves the package installed and the rules as enabled, and takes the customisation off", async () => {
    const installed = (await prebuilt()).map((r) => r.rule_id).sort();
    const enabled = await enabledIds();

    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: RESOURCES });

    expect((await prebuilt()).map((r) => r.rule_id).sort()).toEqual(installed);
    expect(await enabledIds()).toEqual(enabled);
    const customised = await rule(CUSTOMISED);
    expect(customised.actions).toEqual([]);
    expect(customised.exceptions_list).toEqual([]);
    expect((await bench.kibana("GET", "/api/actions/connectors")).body.map((c: { name: string }) => c.name)).not.toContain("SOC alerts (Slack)");
    expect(bench.emulator.violations()).toEqual([]);
  });
});
