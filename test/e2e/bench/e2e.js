#!/usr/bin/env node
"use strict";
/*
 * `npm run bench:e2e`: wall time of pulumi up / no-change preview / refresh / edit of 10 rules / destroy through the
 * real CLI for N rules (from the shared corpus when found, else the repository's own, repeated up to N), four ways:
 * one DetectionRules resource holding all N (corpus-rule-set), one DetectionRule per rule (corpus-rules), and, for
 * the engine's own cost, the same bodies through dynamic providers that make no HTTP call: as one resource with one
 * JSON text per rule in its inputs and a digest per rule in its outputs, the state's shape for DetectionRules
 * (no-http-set), and as one resource per rule (no-http). Not in the default grid, no-http-wide is no-http with the
 * properties DetectionRule adds (server outputs, Kibana's defaults filled at check): the engine's cost of that
 * shape alone. HTTP calls and writes per operation; state bytes per rule and serialized-provider bytes per resource;
 * peak RSS of the provider process.
 *
 * ESAC_BENCH_E2E_SIZES (default "418,1650"), ESAC_BENCH_E2E_LATENCIES (default "0"; "0,20" adds 20 ms per Kibana
 * answer) and ESAC_BENCH_E2E_PROGRAMS (default all four) choose the grid. Checkpoints are Pulumi's default (the
 * state rewritten after every step), except for stacks of more than 500 resources, which run with
 * PULUMI_SKIP_CHECKPOINTS=true (the state written once per operation): there the per-step rewrite grows with N² and
 * would take most of an hour. ESAC_BENCH_E2E_CHECKPOINTS=each forces per-step checkpoints everywhere, =end skips them.
 * Pulumi's automatic log (test-support/pulumi-home.js) is off for every program and also measured on for the two
 * set programs; ESAC_BENCH_E2E_PULUMI_LOGS ("off", "on" or "off,on") sets it for all programs.
 */
const { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } = require("node:fs");
const { execFile, execFileSync } = require("node:child_process");
const { promisify } = require("node:util");
const { tmpdir } = require("node:os");
const { join, delimiter } = require("node:path");

const execFileAsync = promisify(execFile);
const { benchCorpus, readNdjson } = require("../../../test-support/corpus");
const { E2EBench, FIXTURES } = require("../dist");
// The same table printer as the provider benchmarks.
const { printTable } = require("@esac/pulumi/bench/util");

// The fixtures load @esac/pulumi through the workspace's link in node_modules. Keeping that path, not the linked
// folder's, has Pulumi serialize each resource's provider as it does in a user's install (packages/pulumi/src/providers.ts says how).
process.env.NODE_PRESERVE_SYMLINKS = "1";

const sizes = (process.env.ESAC_BENCH_E2E_SIZES ?? "418,1650").split(",").map(Number);
const latencies = (process.env.ESAC_BENCH_E2E_LATENCIES ?? "0").split(",").map(Number);
const programs = (process.env.ESAC_BENCH_E2E_PROGRAMS ?? "corpus-rule-set,no-http-set,corpus-rules,no-http").split(",");
const SET_PROGRAMS = ["corpus-rule-set", "no-http-set"];
const NO_HTTP = ["no-http", "no-http-set", "no-http-wide"];
/** Resources per rule: the per-resource programs have one each, the set ones one for all. */
const resourcesFor = (program, count) => (SET_PROGRAMS.includes(program) ? 1 : count);
const EDITED = 10;
/** Pulumi's automatic log: "off", "on", or both, for a program. */
const logModesFor = (program) => process.env.ESAC_BENCH_E2E_PULUMI_LOGS?.split(",") ?? (SET_PROGRAMS.includes(program) ? ["off", "on"] : ["off"]);

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

function skipCheckpoints(resources) {
  const mode = process.env.ESAC_BENCH_E2E_CHECKPOINTS;
  return mode === "end" || (mode !== "each" && resources > 500);
}

async function measure(program, count, latencyMs, logs, probe) {
  // The Automation API passes this process's environment to every CLI run.
  if (skipCheckpoints(resourcesFor(program, count))) process.env.PULUMI_SKIP_CHECKPOINTS = "true";
  else delete process.env.PULUMI_SKIP_CHECKPOINTS;
  const bench = await E2EBench.start({ latencyMs, pulumiAutomaticLogs: logs === "on" });
  try {
    const config = { "fixture:corpus": { value: corpus }, "fixture:count": { value: String(count) } };
    const stack = await bench.stack(join(FIXTURES, program), config, "bench");
    const row = {
      program,
      rules: count,
      "latency ms": latencyMs,
      checkpoints: process.env.PULUMI_SKIP_CHECKPOINTS === "true" ? "end" : "each step",
      "pulumi log": logs,
    };
    // Timed as a CI job runs them: the `pulumi` command itself (the Automation API adds its own event log).
    const cli = (...args) =>
      execFileAsync("pulumi", [...args, "--stack", stack.name, "--non-interactive"], {
        cwd: join(FIXTURES, program),
        env: { ...process.env, ...bench.env },
        maxBuffer: 1 << 30,
      });
    const ops = [
      ["up", () => cli("up", "--yes", "--skip-preview")],
      ["preview", () => cli("preview")],
      ["refresh", () => cli("refresh", "--yes", "--skip-preview")],
      [`edit ${EDITED}`, () => cli("up", "--yes", "--skip-preview"), () => stack.setConfig("fixture:edited", { value: String(EDITED) })],
      ["destroy", () => cli("destroy", "--yes", "--skip-preview")],
    ];
    let peak = 0;
    for (const [name, run, prepare] of ops) {
      await prepare?.();
      const mark = bench.mark();
      row[`${name} s`] = (await timed(run)).toFixed(1);
      const calls = bench.callsSince(mark);
      row[`${name} calls`] = calls.length;
      if (name.startsWith("edit")) row[`${name} writes`] = calls.filter((c) => c.method !== "GET").length;
      peak = Math.max(peak, probe.takePeakMiB() ?? 0);
      if (name === "up") {
        const state = await bench.exportState(stack);
        const resources = state.deployment.resources.filter((r) => r.type.includes("dynamic"));
        row["state B/rule"] = Math.round(resources.reduce((n, r) => n + JSON.stringify(r).length, 0) / count);
        row["provider B/res"] = Math.round(resources.reduce((n, r) => n + String(r.inputs.__provider).length, 0) / resources.length);
      }
    }
    row["provider RSS MiB"] = peak || "n/a";
    return row;
  } finally {
    await bench.close();
  }
}

/** Issue 14's targets for one DetectionRules of 1,650 rules, with the row's numbers (one set per Pulumi log mode). */
function targetRows(rows) {
  const sets = rows.filter((r) => r.program === "corpus-rule-set" && r.rules >= 1650 && r["latency ms"] === 0);
  return sets.flatMap((set) => {
    const floor = rows.find((r) => r.program === "no-http-set" && r.rules === set.rules && r["pulumi log"] === set["pulumi log"]);
    const floors = floor ? [floor["up s"], floor["preview s"], floor["refresh s"], floor[`edit ${EDITED} s`], floor["destroy s"]] : [];
    return targetsOf(set).map((t, i) => ({ "pulumi log": set["pulumi log"], ...t, "engine floor (no-http-set)": floors[i] ? `${floors[i]} s` : "n/a" }));
  });
}

function targetsOf(set) {
  const check = (what, measured, ok) => ({ target: what, measured, met: ok ? "yes" : "NO" });
  return [
    check("up ≤ 20 s", `${set["up s"]} s`, Number(set["up s"]) <= 20),
    check("no-change preview ≤ 5 s", `${set["preview s"]} s`, Number(set["preview s"]) <= 5),
    check("refresh ≤ 5 s", `${set["refresh s"]} s`, Number(set["refresh s"]) <= 5),
    check(
      `edit ${EDITED} rules ≤ 5 s, ≤ 2 writes`,
      `${set[`edit ${EDITED} s`]} s, ${set[`edit ${EDITED} writes`]} writes`,
      Number(set[`edit ${EDITED} s`]) <= 5 && set[`edit ${EDITED} writes`] <= 2,
    ),
    check("destroy ≤ 10 s", `${set["destroy s"]} s`, Number(set["destroy s"]) <= 10),
  ];
}

/**
 * Calls per operation for N rules: esac's, measured, next to Elastic's Terraform provider's (measured by the issue's
 * author: 2 per create, 1 GET per rule per refresh, 3 per update, 2 per destroy).
 */
function callRows(rows) {
  return rows
    .filter((r) => !NO_HTTP.includes(r.program) && r["latency ms"] === 0 && r["pulumi log"] === "off")
    .map((r) => ({
      program: r.program,
      rules: r.rules,
      "up calls (terraform)": `${r["up calls"]} (${2 * r.rules})`,
      "refresh calls (terraform)": `${r["refresh calls"]} (${r.rules})`,
      [`edit ${EDITED} calls (terraform)`]: `${r[`edit ${EDITED} calls`]} (${3 * EDITED})`,
      "destroy calls (terraform)": `${r["destroy calls"]} (${2 * r.rules})`,
    }));
}

async function main() {
  console.log(`Rules from ${description}${corpus === source.rulesFile ? "" : `, repeated under new rule_ids up to ${Math.max(...sizes)}`}.`);
  const probe = rssProbe();
  const rows = [];
  try {
    for (const count of sizes) {
      for (const program of programs) {
        for (const latency of NO_HTTP.includes(program) ? [0] : latencies) {
          for (const logs of logModesFor(program)) {
            rows.push(await measure(program, count, latency, logs, probe));
            console.error(`${program} ${count} @ ${latency} ms, Pulumi log ${logs}: done`);
          }
        }
      }
    }
  } finally {
    probe.dispose();
    rulesFile.dispose();
  }
  printTable(rows);
  const calls = callRows(rows);
  if (calls.length) {
    console.log("\nHTTP calls per operation, Elastic's Terraform provider's in brackets:");
    printTable(calls);
  }
  const targets = targetRows(rows);
  if (targets.length) {
    console.log("\nTargets for one DetectionRules of 1,650 rules (each-step checkpoints, 0 ms latency), by Pulumi's automatic log:");
    printTable(targets);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
