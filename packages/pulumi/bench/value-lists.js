#!/usr/bin/env node
// Wall time and HTTP calls of a ValueListItems resource holding N values, at injected latencies, printed as a table.
//   ESAC_BENCH_VALUES=12000 ESAC_BENCH_DELTA=100 ESAC_BENCH_LATENCY_MS=0,20 npm run bench
"use strict";
const { startEmulator } = require("@esac/kibana-emulator");
const { valueListItemsProvider: provider } = require("../dist/value-list-items/provider");
const { valueListProvider } = require("../dist/value-list/provider");
const { printTable } = require("./util");

const N = Number(process.env.ESAC_BENCH_VALUES ?? 12000);
const DELTA = Number(process.env.ESAC_BENCH_DELTA ?? 100);
const LATENCIES = (process.env.ESAC_BENCH_LATENCY_MS ?? "0,20").split(",").map(Number);

const ip = (i, prefix = 10) => `${prefix}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function measure(kibana, op, fn) {
  const mark = kibana.requests().length;
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const calls = kibana.requests().slice(mark);
  const byRoute = {};
  for (const c of calls) byRoute[`${c.method} ${c.path.replace(/^\/s\/[^/]+/, "")}`] = (byRoute[`${c.method} ${c.path.replace(/^\/s\/[^/]+/, "")}`] ?? 0) + 1;
  const detail = Object.entries(byRoute)
    .map(([route, n]) => `${n}× ${route}`)
    .join(", ");
  return { row: { op, values: N, "HTTP calls": calls.length, "wall ms": ms.toFixed(0), calls: detail }, result };
}

async function benchAt(latencyMs) {
  const kibana = await startEmulator({ port: 0, latencyMs });
  const values = { "kibana:endpoint": kibana.url, "kibana:apiKey": kibana.apiKey };
  await provider.configure({ config: { get: (k) => values[k] } });
  const headers = { authorization: `ApiKey ${kibana.apiKey}`, "kbn-xsrf": "true", "content-type": "application/json" };
  await fetch(`${kibana.url}/s/bench/api/lists/index`, { method: "POST", headers });
  await fetch(`${kibana.url}/s/bench/api/lists`, {
    method: "POST",
    headers,
    body: JSON.stringify({ id: "ips", name: "IPs", description: "bench", type: "ip" }),
  });

  const rows = [];
  const all = Array.from({ length: N }, (_, i) => ip(i));
  const { inputs } = await provider.check({}, { list_id: "ips", values: all, space_id: "bench" });
  const created = await measure(kibana, "create", () => provider.create(inputs));
  rows.push(created.row);
  const refreshed = await measure(kibana, "refresh (read)", () => provider.read(created.result.id, created.result.outs));
  rows.push(refreshed.row);
  const extra = (prefix) => Array.from({ length: DELTA }, (_, i) => ip(i, prefix));
  const checked = async (olds, vals) => (await provider.check(olds, { list_id: "ips", values: vals, space_id: "bench" })).inputs;
  const added = await checked(inputs, [...all, ...extra(192)]);
  const diffStart = performance.now();
  const diff = await provider.diff(created.result.id, refreshed.result.props, await checked(inputs, added.values));
  rows.push({
    op: "check + diff (no HTTP)",
    values: N,
    "HTTP calls": 0,
    "wall ms": (performance.now() - diffStart).toFixed(0),
    calls: `changes: ${diff.changes}`,
  });
  const grown = await measure(kibana, `update +${DELTA}`, () => provider.update(created.result.id, refreshed.result.props, added));
  rows.push(grown.row);
  const swappedValues = await checked(added, [...all.slice(DELTA), ...extra(192), ...extra(172)]);
  const swapped = await measure(kibana, `update +${DELTA} −${DELTA}`, () => provider.update(created.result.id, grown.result.outs, swappedValues));
  rows.push(swapped.row);
  const deleted = await measure(kibana, "delete, list kept (destroy)", () => provider.delete(created.result.id, swapped.result.outs));
  rows.push(deleted.row);
  // Destroyed with its list, the items resource is `deletedWith` the list: the engine skips its delete, and the
  // list's one DELETE removes the values.
  await provider.create(inputs);
  const listProps = { list_id: "ips", space_id: "bench" };
  const withList = await measure(kibana, "delete with its ValueList (destroy)", () => valueListProvider.delete("ips", listProps));
  rows.push(withList.row);
  await kibana.stop();
  return rows.map((r) => ({ "latency ms": latencyMs, ...r }));
}

(async () => {
  console.log(`ValueListItems provider: one list of ${N} ip values, delta ${DELTA} (emulator, no contract checks)`);
  const rows = [];
  for (const latency of LATENCIES) rows.push(...(await benchAt(latency)));
  printTable(rows);
  console.log(
    `For comparison, one Terraform list-item resource per value costs ${N} GETs per refresh and ${2 * N} calls ` +
      `(POST + read-after-write GET) to create (shared/docs/anchor-terraform-provider.md §0, §3.2).`,
  );
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
