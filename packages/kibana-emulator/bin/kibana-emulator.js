#!/usr/bin/env node
"use strict";
/* Starts the in-memory Kibana emulator: kibana-emulator --port 5601 [--host H] [--latency-ms N] [--data-file F] [--contract] */

const { readFileSync } = require("node:fs");

const DEFAULT_HOST = "127.0.0.1";

const USAGE = `Usage: kibana-emulator [options]

  --port N               TCP port (default 5601; 0 = any free port)
  --host H               interface to bind (default ${DEFAULT_HOST})
  --latency-ms N         latency injected into every request
  --latency-jitter-ms N  extra uniform random latency
  --data-file F          JSON persistence (loaded at start, saved after writes and at exit)
  --contract             validate requests/responses against Kibana's OpenAPI specification (the snapshot shipped
                         with the package; the full bundles in $ESAC_KIBANA_OPENAPI_DIR when that is set)
  --api-key K            accepted API key (default: random)
  --username U           basic-auth user (default elastic)
  --password P           basic-auth password (default changeme)
  --seed N               seed for latency jitter and fault rates
  --kibana-version V     the Kibana release to behave as: 8.19 to 9.4 (e.g. 8.19.17, 9.4); default the newest
  --faults F             fault rules: a JSON file holding an array of rules (README "Faults"; paths as strings)
  --fault-events F       append one JSON line per fired fault to F, before the fault's delay and answer
  -h, --help             this help`;

/** Bad command line: the reason, then the usage; exit 2. */
class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { port: 5601 };
  const numeric = { "--port": "port", "--latency-ms": "latencyMs", "--latency-jitter-ms": "latencyJitterMs", "--seed": "seed" };
  const strings = {
    "--host": "host",
    "--data-file": "dataFile",
    "--api-key": "apiKey",
    "--username": "username",
    "--password": "password",
    "--faults": "faultsFile",
    "--fault-events": "faultEventsFile",
    "--kibana-version": "version",
  };
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
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "-h" || arg === "--help") {
      opts.help = true;
    } else if (arg === "--contract") {
      opts.contract = true;
    } else if (arg in numeric) {
      const raw = value();
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`${arg} needs a non-negative number, got ${JSON.stringify(raw)}`);
      if (arg === "--port" && (!Number.isInteger(n) || n > 65535))
        throw new UsageError(`--port needs a whole number from 0 to 65535, got ${JSON.stringify(raw)}`);
      opts[numeric[arg]] = n;
    } else if (arg in strings) {
      opts[strings[arg]] = value();
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (opts.faultsFile !== undefined) opts.faults = readFaults(opts.faultsFile);
  return opts;
}

/** The rules themselves are checked by the emulator at start (a bad field is a start failure naming it). */
function readFaults(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--faults ${file}: cannot read it (${e.code || e.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--faults ${file}: not valid JSON: ${e.message}`);
  }
}

/** One line for a failure to start (a busy port, a bad data file…): what went wrong and what to do. */
function startFailure(e, opts) {
  const host = opts.host ?? DEFAULT_HOST;
  const code = e && e.code;
  if (code === "EADDRINUSE") return `port ${opts.port} is in use on ${host}; pick another with --port N (0 = any free port)`;
  if (code === "EACCES") return `not allowed to listen on ${host}:${opts.port}; pick a port above 1023 with --port N`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `cannot listen on ${host}: not an address of this machine; pick another with --host H`;
  const message = (e instanceof Error ? e.message : String(e)).replace(/^kibana-emulator:\s*/, "").replace(/\s*\n\s*/g, " ");
  return `cannot start: ${message}`;
}

function fail(message, exitCode) {
  process.stderr.write(`kibana-emulator: ${message}\n`);
  process.exit(exitCode);
}

function loadEmulator() {
  try {
    return require("../dist");
  } catch (e) {
    if (e && e.code === "MODULE_NOT_FOUND" && /[\\/]dist\b/.test(e.message)) fail("the package is not built (no dist/); run `npm run build` first", 1);
    throw e;
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`kibana-emulator: ${e.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const { startEmulator } = loadEmulator();
  let emu;
  try {
    emu = await startEmulator(opts);
  } catch (e) {
    fail(startFailure(e, opts), 1);
  }
  console.log(`Kibana emulator listening on ${emu.url}${opts.contract ? " (contract mode)" : ""}`);
  console.log(`  API key:  ${emu.apiKey}`);
  console.log(`  Basic:    ${emu.username} / ${emu.password}`);
  if (opts.dataFile) console.log(`  Data:     ${opts.dataFile}`);
  if (opts.faults) console.log(`  Faults:   ${opts.faults.length} rule(s) from ${opts.faultsFile}`);
  if (opts.faultEventsFile) console.log(`  Events:   ${opts.faultEventsFile}`);
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

main().catch((e) => fail(`unexpected error: ${e && e.stack ? e.stack : e}`, 1));
