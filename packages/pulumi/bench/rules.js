#!/usr/bin/env node
// HTTP calls and wall time per DetectionRule operation for N rules at an injected latency, printed as a table.
//   ESAC_BENCH_RULES=1650 ESAC_BENCH_LATENCY_MS=0,20 ESAC_BENCH_PARALLEL=8 npm run bench
"use strict";
const { startEmulator } = require("@esac/kibana-emulator");
const { loadDetectionRulesNdjson } = require("../dist/detection-rule/loader");
const { detectionRuleProvider: provider, resetRuleReadCache } = require("../dist/detection-rule/provider");
const { benchCorpus } = require("../../../test-support/corpus");
const { pool, printTable } = require("./util");

const N = Number(process.env.ESAC_BENCH_RULES ?? 1650);
const LATENCIES = (process.env.ESAC_BENCH_LATENCY_MS ?? "0,20").split(",").map(Number);
const PARALLEL = Number(process.env.ESAC_BENCH_PARALLEL ?? 8); // the engine's default on 2 cores: 4 × GOMAXPROCS

async function measure(kibana, op, n, fn) {
  const mark = kibana.requests().length;
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const calls = kibana.requests().length - mark;
  return { op, rules: n, calls, "calls/rule": (calls / n).toFixed(3), "total ms": ms.toFixed(0), "ms/rule": (ms / n).toFixed(2) };
}

async function benchAt(latencyMs, rules) {
  const kibana = await startEmulator({ port: 0, latencyMs });
  const values = { "kibana:endpoint": kibana.url, "kibana:apiKey": kibana.apiKey };
  await provider.configure({ config: { get: (k) => values[k] } });
  resetRuleReadCache();
  const rows = [];
  const checked = await pool(rules, PARALLEL, async (r) => (await provider.check({}, { ...r, space_id: "bench" })).inputs);
  let created;
  rows.push(
    await measure(kibana, "create", rules.length, async () => {
      created = await pool(checked, PARALLEL, (i) => provider.create(i));
    }),
  );
  resetRuleReadCache();
  rows.push(await measure(kibana, "read (refresh)", rules.length, () => pool(created, PARALLEL, (c) => provider.read(c.id, c.outs))));
  let updated;
  rows.push(
    await measure(kibana, "update", rules.length, async () => {
      updated = await pool(created, PARALLEL, async (c) => {
        const news = { ...c.outs, tags: [...c.outs.tags, "bench"] };
        return { id: c.id, outs: (await provider.update(c.id, c.outs, news)).outs };
      });
    }),
  );
  rows.push(await measure(kibana, "delete", rules.length, () => pool(updated, PARALLEL, (u) => provider.delete(u.id, u.outs))));
  await kibana.stop();
  return rows.map((r) => ({ "latency ms": latencyMs, ...r }));
}

(async () => {
  const { corpus, description } = benchCorpus();
  const source = loadDetectionRulesNdjson(corpus.rulesFile);
  // Fewer rules than N (the repository's own corpus): each rule is used again under a new rule_id.
  const rules = Array.from({ length: N }, (_, i) => ({ ...source[i % source.length], rule_id: `bench-${i}`, name: `bench ${i}` }));
  console.log(`DetectionRule provider: ${N} rules from ${description}, ${PARALLEL} operations in flight (emulator, no contract checks)`);
  const rows = [];
  for (const latency of LATENCIES) rows.push(...(await benchAt(latency, rules)));
  printTable(rows);
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
