import type { RunningEmulator } from "@esac/kibana-emulator";
import { loadDetectionRulesNdjson } from "../src/detection-rule/loader";
import { detectionRuleProvider as provider, resetRuleReadCache } from "../src/detection-rule/provider";
import { inPool } from "../src/provider-kit/kibana-target";
import { stackConfigFor, startTestKibana } from "../src/test-support/emulator";
import { findSharedFile } from "../src/test-support/shared";

/**
 * Contract test over the 1,650 real Elastic rules: check → create → read → no diff → update one field →
 * no diff → delete, against the emulator in contract mode (every request and response validated against
 * Kibana's official OpenAPI bundle).
 */
const corpus = loadDetectionRulesNdjson(findSharedFile("corpus/detection-rules.dev.ndjson"));

let kibana: RunningEmulator;
beforeAll(async () => {
  kibana = await startTestKibana();
  await provider.configure!(stackConfigFor(kibana) as never);
});
afterAll(() => kibana.stop());

function countCalls(from: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of kibana.requests().slice(from)) {
    const key = `${r.method} ${r.path} ${r.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

it("round-trips all 1,650 corpus rules without a diff, one call per write, in contract mode", async () => {
  expect(corpus).toHaveLength(1650);
  const rules = corpus.map((r) => ({ ...r, space_id: "corpus" }) as Record<string, unknown>);

  const checked = await inPool(rules, 8, (r) => provider.check!({}, r));
  const failures = checked.flatMap((c, i) => (c.failures ?? []).map((f) => `${rules[i].rule_id}: ${f.property}: ${f.reason}`));
  expect(failures).toEqual([]);

  let mark = kibana.requests().length;
  const created = await inPool(checked, 8, (c) => provider.create(c.inputs!));
  expect(countCalls(mark)).toEqual({ "POST /s/corpus/api/detection_engine/rules 200": 1650 });

  resetRuleReadCache();
  mark = kibana.requests().length;
  const read = await inPool(created, 8, (c) => provider.read!(c.id, c.outs));
  expect(countCalls(mark)).toEqual({ "GET /s/corpus/api/detection_engine/rules/_find 200": 2 });
  const diffs = await Promise.all(read.map((r, i) => provider.diff!(r.id!, r.props!, checked[i].inputs!)));
  const changed = diffs.map((d, i) => (d.changes ? rules[i].rule_id : undefined)).filter(Boolean);
  expect(changed).toEqual([]);

  mark = kibana.requests().length;
  const updated = await inPool(created, 8, async (c) => {
    const news = (await provider.check!(c.outs, { ...c.outs, tags: [...(c.outs.tags as string[]), "esac:corpus"] })).inputs!;
    const res = await provider.update!(c.id, c.outs, news);
    return { id: c.id, outs: res.outs!, news };
  });
  expect(countCalls(mark)).toEqual({ "PUT /s/corpus/api/detection_engine/rules 200": 1650 });
  const afterUpdate = await Promise.all(updated.map((u) => provider.diff!(u.id, u.outs, u.news)));
  expect(afterUpdate.filter((d) => d.changes)).toEqual([]);
  expect(updated.every((u) => u.outs.revision === 1)).toBe(true);

  mark = kibana.requests().length;
  await inPool(updated, 8, (u) => provider.delete!(u.id, u.outs));
  expect(countCalls(mark)).toEqual({ "DELETE /s/corpus/api/detection_engine/rules 200": 1650 });
  expect(kibana.violations()).toEqual([]);
}, 600_000);
