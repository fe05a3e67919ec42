#!/usr/bin/env node
"use strict";
/* Starts the in-memory Kibana emulator: kibana-emulator --port 5601 [--host H] [--latency-ms N] [--data-file F] [--contract] */
const { startEmulator } = require("../dist");

const USAGE = `Usage: kibana-emulator [options]

  --port N               TCP port (default 5601; 0 = random)
  --host H               interface to bind (default 127.0.0.1)
  --latency-ms N         latency injected into every request
  --latency-jitter-ms N  extra uniform random latency
  --data-file F          JSON persistence (loaded at start, saved after writes and at exit)
  --contract             validate requests/responses against the official Kibana OpenAPI bundles
  --api-key K            accepted API key (default: random)
  --username U           basic-auth user (default elastic)
  --password P           basic-auth password (default changeme)
  --seed N               seed for latency jitter and fault rates
  -h, --help             this help`;

function parseArgs(argv) {
  const opts = { port: 5601 };
  const numeric = { "--port": "port", "--latency-ms": "latencyMs", "--latency-jitter-ms": "latencyJitterMs", "--seed": "seed" };
  const strings = { "--host": "host", "--data-file": "dataFile", "--api-key": "apiKey", "--username": "username", "--password": "password" };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = () => {
      const v = inline !== undefined ? inline : argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === "--contract") {
      opts.contract = true;
    } else if (arg in numeric) {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${arg} needs a non-negative number`);
      opts[numeric[arg]] = n;
    } else if (arg in strings) {
      opts[strings[arg]] = value();
    } else {
      throw new Error(`unknown option ${arg}`);
    }
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`kibana-emulator: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const emu = await startEmulator(opts);
  console.log(`Kibana emulator listening on ${emu.url}${opts.contract ? " (contract mode)" : ""}`);
  console.log(`  API key:  ${emu.apiKey}`);
  console.log(`  Basic:    ${emu.username} / ${emu.password}`);
  if (opts.dataFile) console.log(`  Data:     ${opts.dataFile}`);
  console.log("");
  console.log(`export KIBANA_ENDPOINT=${emu.url}`);
  console.log(`export KIBANA_API_KEY=${emu.apiKey}`);
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    const violations = emu.violations();
    if (violations.length) console.log(`${violations.length} contract violation(s) recorded`);
    await emu.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  console.error(`kibana-emulator: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
