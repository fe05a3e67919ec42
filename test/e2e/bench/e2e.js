#!/usr/bin/env node
"use strict";
/*
 * `npm run bench:e2e`: wall time of pulumi up / preview / refresh / destroy through the real CLI for N rules (from the
 * shared corpus when found, else the repository's own, repeated up to N) at 0 and 20 ms injected Kibana latency, next to the same resources through a dynamic provider that makes no HTTP
 * call (the engine's own cost); HTTP calls per operation; state bytes and serialized-provider bytes per resource;
 * peak RSS of the dynamic-provider process.
 *
 * ESAC_BENCH_E2E_SIZES (default "100,1650") and ESAC_BENCH_E2E_LATENCIES (default "0,20") choose the grid.
 * Stacks above 500 resources run with PULUMI_SKIP_CHECKPOINTS=true (the engine writes the state once per operation
 * instead of after every step): at 1,650 resources the per-step rewrite of an ~30 MB state file would take hours.
 * ESAC_BENCH_E2E_CHECKPOINTS=each forces per-step checkpoints everywhere, =end skips them everywhere.
 */
const { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const { tmpdir } = require("node:os");
const { join, delimiter } = require("node:path");
const { benchCorpus, readNdjson } = require("../../../test-support/corpus");
const { E2EBench, FIXTURES } = require("../dist");
// The same table printer as the provider benchmarks.
const { printTable } = require("@esac/pulumi/bench/util");

const sizes = (process.env.ESAC_BENCH_E2E_SIZES ?? "100,1650").split(",").map(Number);
const latencies = (process.env.ESAC_BENCH_E2E_LATENCIES ?? "0,20").split(",").map(Number);

/**
 * The rules file the fixtures read (they take its first N lines): the corpus's own file when it has enough rules,
 * else a temporary copy that repeats its rules under new rule_ids and names up to the largest size.
 */
function rulesFileFor(corpus, count) {
  if (corpus.ruleCount >= count) return { file: corpus.rulesFile, dispose: () => undefined };
  const rules = readNdjson(corpus.rulesFile);
  const lines = Array.from({ length: count }, (_, i) => {
    const rule = rules[i % rules.length];
    const round = Math.floor(i / rules.length);
    return JSON.stringify(round === 0 ? rule : { ...rule, rule_id: `${rule.rule_id}-${round}`, name: `${rule.name} (${round})` });
  });
  const dir = mkdtempSync(join(tmpdir(), "esac-bench-corpus-"));
  const file = join(dir, "rules.ndjson");
  writeFileSync(file, lines.join("\n") + "\n");
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const { corpus: source, description } = benchCorpus();
const rulesFile = rulesFileFor(source, Math.max(...sizes));
const corpus = rulesFile.file;

/**
 * Puts a wrapper named like the dynamic-provider plugin first on PATH: it runs the real one under GNU time and
 * appends its peak RSS (KiB) to a file, one line per provider process.
 */
function rssProbe() {
  const real = execFileSync("bash", ["-c", "command -v pulumi-resource-pulumi-nodejs"]).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), "esac-rss-"));
  const file = join(dir, "rss.txt");
  const wrapper = join(dir, "pulumi-resource-pulumi-nodejs");
  writeFileSync(wrapper, `#!/usr/bin/env bash\nexec /usr/bin/time -a -o ${file} -f %M ${real} "$@"\n`);
  chmodSync(wrapper, 0o755);
  process.env.PATH = `${dir}${delimiter}${process.env.PATH}`;
  return {
    takePeakMiB() {
      if (!existsSync(file)) return undefined;
      const values = readFileSync(file, "utf8")
        .split("\n")
        .map(Number)
        .filter((n) => n > 0);
      rmSync(file, { force: true });
      return values.length ? Math.round(Math.max(...values) / 1024) : undefined;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

function skipCheckpoints(count) {
  const mode = process.env.ESAC_BENCH_E2E_CHECKPOINTS;
  return mode === "end" || (mode !== "each" && count > 500);
}

async function measure(program, count, latencyMs, probe) {
  // The Automation API passes this process's environment to every CLI run.
  if (skipCheckpoints(count)) process.env.PULUMI_SKIP_CHECKPOINTS = "true";
  else delete process.env.PULUMI_SKIP_CHECKPOINTS;
  const bench = await E2EBench.start({ latencyMs });
  try {
    const stack = await bench.stack(
      join(FIXTURES, program),
      {
        "fixture:corpus": { value: corpus },
        "fixture:count": { value: String(count) },
      },
      "bench",
    );
    const row = { program, rules: count, "latency ms": latencyMs, checkpoints: process.env.PULUMI_SKIP_CHECKPOINTS === "true" ? "end" : "each step" };
    const ops = [
      ["up", () => stack.up()],
      ["preview", () => stack.preview()],
      ["refresh", () => stack.refresh()],
      ["destroy", () => stack.destroy()],
    ];
    let peak = 0;
    for (const [name, run] of ops) {
      const mark = bench.mark();
      row[`${name} s`] = (await timed(run)).toFixed(1);
      row[`${name} calls`] = bench.callsSince(mark).length;
      peak = Math.max(peak, probe.takePeakMiB() ?? 0);
      if (name === "up") {
        const state = await bench.exportState(stack);
        const resources = state.deployment.resources.filter((r) => r.type.includes("dynamic"));
        row["state B/res"] = Math.round(resources.reduce((n, r) => n + JSON.stringify(r).length, 0) / resources.length);
        row["provider B/res"] = Math.round(resources.reduce((n, r) => n + String(r.inputs.__provider).length, 0) / resources.length);
      }
    }
    row["provider RSS MiB"] = peak || "n/a";
    return row;
  } finally {
    await bench.close();
  }
}

async function main() {
  console.log(`Rules from ${description}${corpus === source.rulesFile ? "" : `, repeated under new rule_ids up to ${Math.max(...sizes)}`}.`);
  const probe = rssProbe();
  const rows = [];
  try {
    for (const count of sizes) {
      rows.push(await measure("no-http", count, 0, probe));
      console.error(`no-http ${count}: done`);
      for (const latency of latencies) {
        rows.push(await measure("corpus-rules", count, latency, probe));
        console.error(`corpus-rules ${count} @ ${latency} ms: done`);
      }
    }
  } finally {
    probe.dispose();
    rulesFile.dispose();
  }
  printTable(rows);
  console.log("\nGoals: 1 HTTP call per write; refresh of N rules ≤ ceil(N/1000)+2 calls; provider ≤ 8 KB per resource.");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
