import {
  bulkDisableRules,
  bulkEnableRules,
  installAllPrebuiltRules,
  installSpecificRules,
  KibanaTransport,
  MAX_BULK_ACTION_IDS,
  readPrebuiltRulesStatus,
  readPrebuiltStatus,
  readRule,
  reviewInstallation,
  reviewUpgrade,
  upgradeRules,
  type ApiTarget,
} from "@esac/kibana-client";
import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";
import { PREBUILT_PACKAGES } from "./fixture";

const INTERNAL = "/internal/detection_engine/prebuilt_rules";
const V1 = { "elastic-api-version": "1" };

async function start(version: string): Promise<{ emu: RunningEmulator; target: ApiTarget; close: () => Promise<void> }> {
  // The bundles describe 9.x: 8.19's rule_source (no has_base_version / customized_fields) fails them, so 8.19 runs unchecked.
  const emu = await startEmulator({ port: 0, version, contract: version.startsWith("9") });
  const transport = new KibanaTransport({ endpoint: emu.url, apiKey: emu.apiKey }, { maxRetries: 0 });
  return {
    emu,
    target: { transport },
    close: async () => {
      await transport.close();
      await emu.stop();
    },
  };
}

describe.each(["8.19.17", "9.4.2"])("prebuilt rules on Kibana %s", (version) => {
  let env: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => (env = await start(version)));
  afterEach(() => env.close());
  const is9 = version.startsWith("9");

  it("status before and after the legacy install, a second install changes nothing", async () => {
    expect(await readPrebuiltStatus(env.target)).toEqual({
      rules_custom_installed: 0,
      rules_installed: 0,
      rules_not_installed: 20,
      rules_not_updated: 0,
      timelines_installed: 0,
      timelines_not_installed: 2,
      timelines_not_updated: 0,
    });
    expect(await installAllPrebuiltRules(env.target)).toEqual({ rules_installed: 20, rules_updated: 0, timelines_installed: 2, timelines_updated: 0 });
    expect(await installAllPrebuiltRules(env.target)).toEqual({ rules_installed: 0, rules_updated: 0, timelines_installed: 0, timelines_updated: 0 });
    const rule = await readRule(env.target, { rule_id: "esac-prebuilt-01" });
    expect(rule).toMatchObject({ immutable: true, version: 1, enabled: false });
    expect(rule?.rule_source).toEqual(
      is9 ? { type: "external", is_customized: false, has_base_version: true, customized_fields: [] } : { type: "external", is_customized: false },
    );
    expect(env.emu.violations()).toEqual([]);
  });

  it("internal routes need elastic-api-version 1", async () => {
    const c = client(env.emu);
    expect((await c.get(`${INTERNAL}/status`)).body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "Please specify a version via elastic-api-version header. Available versions: 1",
    });
    const wrong = await c.get(`${INTERNAL}/status`, { headers: { "elastic-api-version": "2023-10-31" } });
    expect(wrong.body.message).toBe(
      'No version "2023-10-31" available for [get] [/internal/detection_engine/prebuilt_rules/status]. Available versions are: [1]',
    );
    expect((await c.get(`${INTERNAL}/status`, { headers: V1 })).status).toBe(200);
  });

  it("reviews and installs a selection; installed rules are skipped, unknown ones are errors", async () => {
    const review = await reviewInstallation(env.target, { per_page: 5 });
    expect(review.stats.num_rules_to_install).toBe(20);
    expect(review.stats.tags).toEqual(expect.arrayContaining(["OS: Windows", "OS: Linux", "Tactic: Execution"]));
    expect(review.rules).toHaveLength(5);
    const first = await installSpecificRules(env.target, [
      { rule_id: "esac-prebuilt-02", version: 1 },
      { rule_id: "esac-prebuilt-03", version: 1 },
    ]);
    expect(first.summary).toEqual({ total: 2, succeeded: 2, skipped: 0, failed: 0 });
    const again = await installSpecificRules(env.target, [
      { rule_id: "esac-prebuilt-02", version: 1 },
      { rule_id: "no-such-rule", version: 3 },
    ]);
    expect(again.results.skipped).toEqual([{ rule_id: "esac-prebuilt-02", reason: "ALREADY_INSTALLED" }]);
    expect(again.errors).toEqual([{ message: 'Rule with ID "no-such-rule" and version "3" not found', rules: [{ rule_id: "no-such-rule" }] }]);
    expect((await readPrebuiltRulesStatus(env.target)).stats).toEqual({
      num_prebuilt_rules_installed: 2,
      num_prebuilt_rules_to_install: 18,
      num_prebuilt_rules_to_upgrade: 0,
      num_prebuilt_rules_total_in_package: 20,
    });
    const bad = await client(env.emu).post(`${INTERNAL}/installation/_perform`, { mode: "SOME_RULES" }, { headers: V1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^\[request body\]: mode/);
  });

  it("editing a prebuilt rule customises it; author and license are refused", async () => {
    await installAllPrebuiltRules(env.target);
    const c = client(env.emu);
    const h = { headers: { "elastic-api-version": "2023-10-31" } };
    const author = await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-01", author: ["me"] }, ...h });
    expect(author.body).toEqual({ message: 'Cannot update "author" field for prebuilt rules', status_code: 400 });
    const license = await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-01", license: "MIT" }, ...h });
    expect(license.body).toEqual({ message: 'Cannot update "license" field for prebuilt rules', status_code: 400 });
    const current = (await readRule(env.target, { rule_id: "esac-prebuilt-01" }))!;
    const {
      id: _id,
      immutable: _i,
      rule_source: _s,
      revision: _r,
      updated_at: _u,
      updated_by: _ub,
      created_at: _c,
      created_by: _cb,
      execution_summary: _e,
      ...body
    } = current as Record<string, unknown>;
    const put = await c.call("PUT", "/api/detection_engine/rules", { body: { ...body, author: undefined }, ...h });
    expect(put.body).toEqual({ message: 'Cannot update "author" field for prebuilt rules', status_code: 400 });

    // Enabling and adding exceptions never customise; a new severity and interval do.
    const enabled = await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-01", enabled: true }, ...h });
    expect(enabled.body.rule_source.is_customized).toBe(false);
    const edited = await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-01", severity: "high", interval: "10m" }, ...h });
    if (is9) expect(edited.body.rule_source.customized_fields).toHaveLength(2);
    expect(edited.body.rule_source).toEqual(
      is9
        ? {
            type: "external",
            is_customized: true,
            has_base_version: true,
            customized_fields: expect.arrayContaining([{ field_name: "severity" }, { field_name: "rule_schedule" }]),
          }
        : { type: "external", is_customized: true },
    );
    // Reverting the edit clears it (compared with the base version).
    const reverted = await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-01", severity: "medium", interval: "5m" }, ...h });
    expect(reverted.body.rule_source.is_customized).toBe(false);
    // Bulk edit customises too.
    const bulk = await c.post(
      "/api/detection_engine/rules/_bulk_action",
      { action: "edit", ids: [current.id], edit: [{ type: "add_tags", value: ["Team: SOC"] }] },
      h,
    );
    expect(bulk.body.attributes.results.updated[0].rule_source.is_customized).toBe(true);
    expect(env.emu.violations()).toEqual([]);
  });

  it("a newer package: status drift, review, upgrade TARGET resets customisation, MERGED keeps it", async () => {
    await installAllPrebuiltRules(env.target);
    const c = client(env.emu);
    const h = { headers: { "elastic-api-version": "2023-10-31" } };
    await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-01", severity: "high" }, ...h });
    await c.call("PATCH", "/api/detection_engine/rules", { body: { rule_id: "esac-prebuilt-05", interval: "1m" }, ...h });
    env.emu.setPrebuiltPackage("8.19.2");
    expect(await readPrebuiltStatus(env.target)).toMatchObject({ rules_installed: 20, rules_not_installed: 1, rules_not_updated: 3 });

    const review = await reviewUpgrade(env.target);
    expect(review.stats.num_rules_to_upgrade_total).toBe(3);
    const r1 = review.rules.find((r) => r.rule_id === "esac-prebuilt-01")!;
    expect(r1.diff.fields.query).toMatchObject({ diff_outcome: "BASE=A, CURRENT=A, TARGET=B", merge_outcome: "TARGET", conflict: "NONE" });
    expect(r1.diff.fields.severity).toMatchObject({ diff_outcome: "BASE=A, CURRENT=B, TARGET=A", merge_outcome: "CURRENT", has_update: false });

    const merged = await upgradeRules(env.target, {
      mode: "SPECIFIC_RULES",
      pick_version: "MERGED",
      rules: [{ rule_id: "esac-prebuilt-01", revision: r1.revision, version: 2 }],
    });
    expect(merged.summary).toEqual({ total: 1, succeeded: 1, skipped: 0, failed: 0 });
    const after1 = (await readRule(env.target, { rule_id: "esac-prebuilt-01" }))!;
    expect(after1).toMatchObject({
      version: 2,
      severity: "high",
      query: PREBUILT_PACKAGES["8.19.2"]!.find((a) => a.rule_id === "esac-prebuilt-01" && a.version === 2)!.query,
    });
    expect(after1.rule_source.is_customized).toBe(true);

    const target = await upgradeRules(env.target, {
      mode: "SPECIFIC_RULES",
      pick_version: "TARGET",
      rules: [{ rule_id: "esac-prebuilt-05", revision: 1, version: 2 }],
    });
    expect(target.results.updated).toHaveLength(1);
    const after5 = (await readRule(env.target, { rule_id: "esac-prebuilt-05" }))!;
    expect(after5).toMatchObject({ version: 2, interval: "5m", severity: "critical" });
    expect(after5.rule_source.is_customized).toBe(false);

    const mismatch = await upgradeRules(env.target, { mode: "SPECIFIC_RULES", rules: [{ rule_id: "esac-prebuilt-11", revision: 7, version: 2 }] });
    expect(mismatch.errors).toEqual([
      { message: "Revision mismatch for rule_id esac-prebuilt-11: expected 0, got 7", rules: [{ rule_id: "esac-prebuilt-11" }] },
    ]);
    const upToDate = await upgradeRules(env.target, { mode: "SPECIFIC_RULES", rules: [{ rule_id: "esac-prebuilt-05", revision: 2, version: 2 }] });
    expect(upToDate.results.skipped).toEqual([{ rule_id: "esac-prebuilt-05", reason: "RULE_UP_TO_DATE" }]);

    // The legacy PUT installs the added rule and upgrades the last one to its target.
    expect(await installAllPrebuiltRules(env.target)).toMatchObject({ rules_installed: 1, rules_updated: 1 });
    expect(await readPrebuiltStatus(env.target)).toMatchObject({ rules_installed: 21, rules_not_installed: 0, rules_not_updated: 0 });
    expect(env.emu.violations()).toEqual([]);
  });

  it(`bulk enable / disable in chunks of ${MAX_BULK_ACTION_IDS} ids`, async () => {
    await installAllPrebuiltRules(env.target);
    const c = client(env.emu);
    const found = await c.get("/api/detection_engine/rules/_find?per_page=100", { headers: { "elastic-api-version": "2023-10-31" } });
    const ids = (found.body.data as { id: string }[]).map((r) => r.id);
    expect(await bulkEnableRules(env.target, ids.slice(0, 5))).toEqual({ calls: 1, succeeded: 5, skipped: 0 });
    expect(await bulkEnableRules(env.target, ids)).toEqual({ calls: 1, succeeded: 15, skipped: 5 });
    expect(await bulkDisableRules(env.target, ids)).toEqual({ calls: 1, succeeded: 20, skipped: 0 });
    const rule = await readRule(env.target, { id: ids[0]! });
    expect(rule?.rule_source.is_customized).toBe(false);
  });
});

it("starts on the package chosen in the options, and refuses an unknown one", async () => {
  const emu = await startEmulator({ port: 0, prebuiltRules: { packageVersion: "8.19.2" } });
  try {
    const status = await client(emu).get("/api/detection_engine/rules/prepackaged/_status", { headers: { "elastic-api-version": "2023-10-31" } });
    expect(status.body.rules_not_installed).toBe(20);
    expect(() => emu.setPrebuiltPackage("7.0.0")).toThrow('Unknown prebuilt rule package "7.0.0"; the emulator ships 8.19.1, 8.19.2');
  } finally {
    await emu.stop();
  }
});

it("adds synthetic rules to every package for benches, and enables them by rule_id with one KQL query", async () => {
  const emu = await startEmulator({ port: 0, prebuiltRules: { syntheticRules: 1200 } });
  try {
    const c = client(emu);
    const v = { headers: { "elastic-api-version": "2023-10-31" } };
    expect((await c.get("/api/detection_engine/rules/prepackaged/_status", v)).body.rules_not_installed).toBe(1220);
    emu.setPrebuiltPackage("8.19.2");
    expect((await c.get("/api/detection_engine/rules/prepackaged/_status", v)).body.rules_not_installed).toBe(1220);
    await c.put("/api/detection_engine/rules/prepackaged", undefined, v);
    // The query form of _bulk_action (Kibana's prebuilt rule objects client reads rules by
    // `alert.attributes.params.ruleId:(a or b …)`): one call for 1,000 rule_ids.
    const ids = Array.from({ length: 1000 }, (_, i) => `"esac-synthetic-${String(i + 1).padStart(4, "0")}"`);
    const query = `alert.attributes.params.immutable: true AND alert.attributes.params.ruleId: (${ids.join(" OR ")})`;
    const res = await c.post("/api/detection_engine/rules/_bulk_action", { action: "enable", query }, v);
    expect(res.body.attributes.summary).toEqual({ failed: 0, skipped: 0, succeeded: 1000, total: 1000 });
    const enabled = await c.get(`/api/detection_engine/rules/_find?per_page=1&filter=${encodeURIComponent("alert.attributes.enabled: true")}`, v);
    expect(enabled.body.total).toBe(1000);
  } finally {
    await emu.stop();
  }
});
