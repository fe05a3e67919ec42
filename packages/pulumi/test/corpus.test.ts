import { RULES_PAGE_SIZE } from "@esac/kibana-client";
import type { RunningEmulator } from "@esac/kibana-emulator";
import { loadDetectionRulesNdjson } from "../src/detection-rule/loader";
import { detectionRuleProvider as provider, resetRuleReadCache } from "../src/detection-rule/provider";
import { inPool } from "../src/provider-kit/kibana-target";
import { stackConfigFor, startTestKibana } from "../src/test-support/emulator";
import { describeWithSharedCorpus, ownCorpus, type Corpus } from "../../../test-support/corpus";

/**
 * Contract test over a rule corpus: check → create → read → no diff → update one field → no diff → delete, against
 * the emulator in contract mode (every request and response validated against Kibana's official OpenAPI bundle),
 * one HTTP call per write and one `_find` page per 1,000 rules on refresh.
 */
function roundTrip(corpus: Corpus, space: string): void {
  let kibana: RunningEmulator;
  beforeAll(async () => {
    kibana = await startTestKibana();
    await provider.configure!(stackConfigFor(kibana) as never);
  });
  afterAll(() => kibana?.stop());

  function countCalls(from: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of kibana.requests().slice(from)) {
      const key = `${r.method} ${r.path} ${r.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  it(`round-trips all ${corpus.ruleCount} rules of the ${corpus.kind} corpus without a diff, one call per write, in contract mode`, async () => {
    const loaded = loadDetectionRulesNdjson(corpus.rulesFile);
    const n = corpus.ruleCount;
    expect(loaded).toHaveLength(n);
    const rules = loaded.map((r) => ({ ...r, space_id: space }));
    const path = `/s/${space}/api/detection_engine/rules`;

    const checked = await inPool(rules, 8, (r) => provider.check!({}, r));
    const failures = checked.flatMap((c, i) => (c.failures ?? []).map((f) => `${String(rules[i].rule_id)}: ${f.property}: ${f.reason}`));
    expect(failures).toEqual([]);

    let mark = kibana.requests().length;
    const created = await inPool(checked, 8, (c) => provider.create(c.inputs));
    expect(countCalls(mark)).toEqual({ [`POST ${path} 200`]: n });

    resetRuleReadCache();
    mark = kibana.requests().length;
    const read = await inPool(created, 8, (c) => provider.read!(c.id, c.outs));
    expect(countCalls(mark)).toEqual({ [`GET ${path}/_find 200`]: Math.max(1, Math.ceil(n / RULES_PAGE_SIZE)) });
    const diffs = await Promise.all(read.map((r, i) => provider.diff!(r.id!, r.props, checked[i].inputs)));
    const changed = diffs.map((d, i) => (d.changes ? rules[i].rule_id : undefined)).filter(Boolean);
    expect(changed).toEqual([]);

    mark = kibana.requests().length;
    const updated = await inPool(created, 8, async (c) => {
      const news = (await provider.check!(c.outs, { ...c.outs, tags: [...(c.outs.tags as string[]), "esac:corpus"] })).inputs!;
      const res = await provider.update!(c.id, c.outs, news);
      return { id: c.id, outs: res.outs!, news };
    });
    expect(countCalls(mark)).toEqual({ [`PUT ${path} 200`]: n });
    const afterUpdate = await Promise.all(updated.map((u) => provider.diff!(u.id, u.outs, u.news)));
    expect(afterUpdate.filter((d) => d.changes)).toEqual([]);
    expect(updated.every((u) => u.outs.revision === 1)).toBe(true);
    expect(updated.every((u) => (u.outs.tags as string[]).includes("esac:corpus"))).toBe(true);

    mark = kibana.requests().length;
    await inPool(updated, 8, (u) => provider.delete!(u.id, u.outs));
    expect(countCalls(mark)).toEqual({ [`DELETE ${path} 200`]: n });
    expect(kibana.violations()).toEqual([]);
  }, 600_000);
}

describe("DetectionRule provider over the repository's own corpus", () => roundTrip(ownCorpus, "own-corpus"));

describeWithSharedCorpus("DetectionRule provider over the 1,650 rules of the shared corpus", (corpus) => roundTrip(corpus, "corpus"));
