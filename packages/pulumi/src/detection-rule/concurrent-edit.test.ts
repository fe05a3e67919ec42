import { detectionRuleProvider as provider, resetRuleReadCache } from "./provider";
import { callsSince, kibanaFetch, useTestKibana } from "../test-support/emulator";
import { providerSteps } from "../test-support/steps";

type Obj = Record<string, any>;

const emulator = useTestKibana(provider, resetRuleReadCache);

const rule = {
  name: "Suspicious shell",
  description: "Detects shells",
  risk_score: 47,
  severity: "medium",
  type: "query",
  query: "process.name:sh",
  index: ["logs-*"],
  rule_id: "shell-rule",
  tags: ["prod"],
};

const { checked, created } = providerSteps(provider);

async function kibanaCopy(ruleId: string): Promise<Obj> {
  const res = await kibanaFetch(emulator.kibana, "GET", `/api/detection_engine/rules?rule_id=${ruleId}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** A colleague's edit in the UI, made after Pulumi's last read. */
async function editInUi(ruleId: string, patch: Obj): Promise<Obj> {
  const res = await kibanaFetch(emulator.kibana, "PATCH", "/api/detection_engine/rules", { rule_id: ruleId, ...patch });
  expect(res.status).toBe(200);
  return res.body;
}

describe("an update over a change made in Kibana since the last read", () => {
  it("is refused with the rule, what changed and the remedy; Kibana's copy is untouched", async () => {
    const { id, inputs, outs } = await created(rule);
    const edited = await editInUi("shell-rule", { severity: "high", tags: ["ui"] });
    resetRuleReadCache();
    const news = await checked({ ...rule, risk_score: 80 }, inputs);

    const before = emulator.kibana.requests().length;
    const update = provider.update!(id, outs, news);
    await expect(update).rejects.toThrow(
      new RegExp(
        'DetectionRule rule_id "shell-rule" in space "default" was changed in Kibana since Pulumi last read it ' +
          `\\(revision 0 → 1; updated by elastic at ${edited.updated_at}; the state's copy is from ${outs.updated_at}; ` +
          "fields now different: severity, tags\\)\\. .*Run `pulumi refresh`.*then `pulumi up`.*`overwrite_concurrent_edits: true`",
      ),
    );
    expect(callsSince(emulator.kibana, before).map((c) => c.method)).toEqual(["GET"]);
    expect(await kibanaCopy("shell-rule")).toMatchObject({ severity: "high", tags: ["ui"], risk_score: 47, revision: 1, updated_at: edited.updated_at });
  });

  it("catches a change that leaves revision alone (disabling the rule)", async () => {
    const { id, inputs, outs } = await created({ ...rule, enabled: true });
    const edited = await editInUi("shell-rule", { enabled: false });
    expect(edited.revision).toBe(outs.revision);
    resetRuleReadCache();
    const update = provider.update!(id, outs, await checked({ ...rule, enabled: true, risk_score: 80 }, inputs));
    await expect(update).rejects.toThrow(/revision 0 → 0; .*fields now different: enabled\)/);
    expect(await kibanaCopy("shell-rule")).toMatchObject({ enabled: false, risk_score: 47 });
  });

  it("goes through after `pulumi refresh` (read), applying the program over the change", async () => {
    const { id, inputs, outs } = await created(rule);
    await editInUi("shell-rule", { severity: "high" });
    resetRuleReadCache();
    const refreshed = await provider.read!(id, outs);
    const updated = await provider.update!(id, refreshed.props!, await checked({ ...rule, risk_score: 80 }, inputs));
    expect(updated.outs).toMatchObject({ severity: "medium", risk_score: 80, revision: 2 });
    expect(await kibanaCopy("shell-rule")).toMatchObject({ severity: "medium", risk_score: 80 });
  });

  it("is overwritten with overwrite_concurrent_edits: true, with one PUT and no _find", async () => {
    const { id, inputs, outs } = await created(rule);
    await editInUi("shell-rule", { severity: "high", tags: ["ui"] });
    resetRuleReadCache();
    const news = await checked({ ...rule, risk_score: 80, overwrite_concurrent_edits: true }, inputs);
    expect(news.overwrite_concurrent_edits).toBe(true);
    const before = emulator.kibana.requests().length;
    const updated = await provider.update!(id, outs, news);
    expect(callsSince(emulator.kibana, before)).toEqual([{ method: "PUT", path: "/api/detection_engine/rules", status: 200 }]);
    expect(updated.outs).toMatchObject({ severity: "medium", tags: ["prod"], risk_score: 80, overwrite_concurrent_edits: true });
    expect(await kibanaCopy("shell-rule")).toMatchObject({ severity: "medium", tags: ["prod"], risk_score: 80 });
    expect(await kibanaCopy("shell-rule")).not.toHaveProperty("overwrite_concurrent_edits");
  });

  it("sees a change made after an earlier process's snapshot (the state, not the snapshot, is the reference)", async () => {
    const { id, inputs, outs } = await created(rule);
    // A refresh in this process loads the snapshot; the edit comes after it, then a new process runs the `up`.
    await provider.read!(id, outs);
    await editInUi("shell-rule", { tags: ["ui"] });
    resetRuleReadCache();
    await expect(provider.update!(id, outs, await checked({ ...rule, risk_score: 80 }, inputs))).rejects.toThrow(/fields now different: tags/);
  });
});

describe("an update with no change in Kibana since the last read", () => {
  it("updates 30 rules with one _find and one PUT each", async () => {
    const made = [];
    for (let i = 0; i < 30; i++) made.push(await created({ ...rule, rule_id: `r-${i}`, name: `rule ${i}` }));
    resetRuleReadCache();
    const before = emulator.kibana.requests().length;
    const updated = await Promise.all(
      made.map(async (m) =>
        provider.update!(m.id, m.outs, await checked({ ...rule, rule_id: m.inputs.rule_id, name: m.inputs.name, risk_score: 80 }, m.inputs)),
      ),
    );
    expect(updated.every((u) => u.outs.risk_score === 80 && u.outs.revision === 1)).toBe(true);
    const calls = callsSince(emulator.kibana, before);
    expect(calls.filter((c) => c.path === "/api/detection_engine/rules/_find")).toEqual([
      { method: "GET", path: "/api/detection_engine/rules/_find", status: 200 },
    ]);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(30);
    expect(calls).toHaveLength(31);
  });

  it("lets the provider's own successive updates through, in one process and in the next", async () => {
    const { id, inputs, outs } = await created(rule);
    const first = await provider.update!(id, outs, await checked({ ...rule, risk_score: 60 }, inputs));
    const second = await provider.update!(id, first.outs, await checked({ ...rule, risk_score: 70 }, inputs));
    resetRuleReadCache();
    const third = await provider.update!(id, second.outs, await checked({ ...rule, risk_score: 80 }, inputs));
    expect([first, second, third].map((u) => u.outs.revision)).toEqual([1, 2, 3]);
    expect(await kibanaCopy("shell-rule")).toMatchObject({ risk_score: 80, revision: 3 });
  });

  it("keeps the existing advice when the rule was deleted in Kibana", async () => {
    const { id, inputs, outs } = await created(rule);
    await kibanaFetch(emulator.kibana, "DELETE", "/api/detection_engine/rules?rule_id=shell-rule");
    await expect(provider.update!(id, outs, await checked({ ...rule, risk_score: 80 }, inputs))).rejects.toThrow(
      /no longer exists in Kibana \(deleted outside Pulumi\?\)\. Run `pulumi refresh`, then `pulumi up` to create it again/,
    );
  });
});

describe("overwrite_concurrent_edits as an argument", () => {
  it("must be a boolean, named with its value", async () => {
    const res = await provider.check!({}, { ...rule, overwrite_concurrent_edits: "yes" });
    expect(res.failures?.map((f) => f.reason)).toEqual(['overwrite_concurrent_edits: must be a boolean (value: "yes")']);
  });

  it("does not show a diff by itself", async () => {
    const { id, inputs, outs } = await created(rule);
    const news = await checked({ ...rule, overwrite_concurrent_edits: true }, inputs);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: false });
  });
});
