#!/usr/bin/env node
// Wall time and HTTP calls of a PrebuiltRuleSelection enabling then disabling N prebuilt rules, at injected latencies.
//   ESAC_BENCH_PREBUILT=500 ESAC_BENCH_LATENCY_MS=0,20 npm run bench
"use strict";
const { startEmulator } = require("@esac/kibana-emulator");
const { prebuiltRuleSelectionProvider: provider } = require("../dist/prebuilt-rules/selection-provider");
const { printTable } = require("./util");

const N = Number(process.env.ESAC_BENCH_PREBUILT ?? 500);
const LATENCIES = (process.env.ESAC_BENCH_LATENCY_MS ?? "0,20").split(",").map(Number);
const SPACE = "bench";

async function measure(kibana, op, fn) {
  const mark = kibana.requests().length;
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const calls = kibana.requests().slice(mark);
  const byRoute = {};
  for (const c of calls) {
    const route = `${c.method} ${c.path.replace(/^\/s\/[^/]+/, "").split("?")[0]}`;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  const detail = Object.entries(byRoute)
    .map(([route, n]) => `${n}× ${route}`)
    .join(", ");
  return { row: { op, "HTTP calls": calls.length, "wall ms": ms.toFixed(0), calls: detail }, result };
}

async function benchAt(latencyMs) {
  // N synthetic rules (tag "Synthetic") next to the emulator's 20 fixture rules.
  const kibana = await startEmulator({ port: 0, latencyMs, prebuiltRules: { syntheticRules: N } });
  const values = { "kibana:endpoint": kibana.url, "kibana:apiKey": kibana.apiKey };
  await provider.configure({ config: { get: (k) => values[k] } });
  const headers = { authorization: `ApiKey ${kibana.apiKey}`, "kbn-xsrf": "true", "content-type": "application/json", "elastic-api-version": "2023-10-31" };
  await fetch(`${kibana.url}/api/spaces/space`, { method: "POST", headers, body: JSON.stringify({ id: SPACE, name: SPACE }) });
  await fetch(`${kibana.url}/s/${SPACE}/api/detection_engine/rules/prepackaged`, { method: "PUT", headers });

  const rows = [];
  const enableAll = { enable: { tags: ["Synthetic"] }, space_id: SPACE };
  const { inputs } = await provider.check({}, enableAll);
  const created = await measure(kibana, `create: enable ${N}`, () => provider.create(inputs));
  // Nothing was enabled before: every enabled rule was enabled by the create.
  rows.push({ ...created.row, changed: created.result.outs.enabled_rule_ids.length });
  const refreshed = await measure(kibana, "refresh (read)", () => provider.read(created.result.id, created.result.outs));
  rows.push({ ...refreshed.row, changed: 0 });
  const disableAll = { enable: {}, others: "disable", space_id: SPACE };
  const t0 = performance.now();
  const mark = kibana.requests().length;
  const news = (await provider.check(refreshed.result.inputs, disableAll)).inputs;
  const diff = await provider.diff(created.result.id, refreshed.result.props, news);
  const toDisable = news.disabled_rule_ids.filter((id) => !refreshed.result.props.disabled_rule_ids.includes(id)).length;
  rows.push({
    op: "check + diff (plan)",
    "HTTP calls": kibana.requests().length - mark,
    "wall ms": (performance.now() - t0).toFixed(0),
    calls: `changes: ${diff.changes}, rules named: ${toDisable}`,
    changed: 0,
  });
  const updated = await measure(kibana, `update: disable ${N}`, () => provider.update(created.result.id, refreshed.result.props, news));
  rows.push({ ...updated.row, changed: refreshed.result.props.enabled_rule_ids.length - updated.result.outs.enabled_rule_ids.length });
  await kibana.stop();
  return rows.map((r) => ({ "latency ms": latencyMs, ...r }));
}

(async () => {
  console.log(`PrebuiltRuleSelection provider: ${N} prebuilt rules enabled, then disabled (emulator, no contract checks)`);
  const rows = [];
  for (const latency of LATENCIES) rows.push(...(await benchAt(latency)));
  printTable(rows);
  console.log(
    `By ids (_bulk_action takes at most 100 ids a call) the same toggles would take ${Math.ceil(N / 100)} calls each way, ` +
      `plus the read for the rules' ids; by KQL query on alert.attributes.params.ruleId, 1 call per 1,000 rules.`,
  );
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
