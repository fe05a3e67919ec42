"use strict";
/*
 * Runs the set-up scripts in a sandbox: a scratch HOME and esac cache, and a PATH made only of the system tools the
 * scripts use plus fake `go`, `pulumi`, `node`… written by the test. No real go, pulumi or node leaks in.
 */
const { spawn, execFileSync } = require("node:child_process");
const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, cpSync, chmodSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");
const zlib = require("node:zlib");

const REPO = resolve(__dirname, "..", "..");
const SCRIPTS = join(REPO, "scripts");

// What the scripts call, besides the tools a test fakes.
const SYSTEM_TOOLS = [
  "bash",
  "sh",
  "awk",
  "base64",
  "basename",
  "cat",
  "chmod",
  "cp",
  "curl",
  "cut",
  "date",
  "df",
  "dirname",
  "du",
  "env",
  "find",
  "flock",
  "grep",
  "gzip",
  "head",
  "ls",
  "mkdir",
  "mktemp",
  "mv",
  "printf",
  "readlink",
  "rm",
  "sed",
  "sha256sum",
  "sleep",
  "sort",
  "tail",
  "tar",
  "touch",
  "tr",
  "uname",
  "unzip",
  "wc",
  "xargs",
];

function which(tool) {
  try {
    return execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

class Sandbox {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "esac-setup-test-"));
    this.home = join(this.dir, "home");
    this.cache = join(this.dir, "cache");
    this.tools = join(this.dir, "tools");
    this.fakes = join(this.dir, "fakes");
    for (const d of [this.home, this.tools, this.fakes]) mkdirSync(d, { recursive: true });
    for (const tool of SYSTEM_TOOLS) {
      const path = which(tool);
      if (path.startsWith("/")) symlinkSync(path, join(this.tools, tool));
    }
  }

  /** Writes an executable script `name` into DIR (default: the fakes dir, which is on PATH). */
  fake(name, body, dir = this.fakes) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /** A fake `pulumi` printing VERSION, with a nodejs language host beside it unless `langhost: false`. */
  fakePulumi(dir, version, { langhost = true } = {}) {
    this.fake("pulumi", `[ "$1" = version ] && echo v${version}`, dir);
    if (langhost) this.fake("pulumi-language-nodejs", "exit 0", dir);
    return dir;
  }

  /** A fake `go` reporting VERSION (e.g. "1.19.8"). */
  fakeGo(dir, version) {
    this.fake("go", `[ "$1" = version ] && echo "go version go${version} linux/amd64" && exit 0\nexit 1`, dir);
    return dir;
  }

  /** A copy of the repo's scripts with its own package.json, for tests of the scripts that work on the repo root. */
  repoCopy() {
    const root = join(this.dir, "repo");
    const tests = join(SCRIPTS, "test");
    cpSync(SCRIPTS, join(root, "scripts"), {
      recursive: true,
      filter: (src) => src !== tests && !src.startsWith(`${tests}/`),
    });
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "copy", pulumiCliVersion: "3.259.0" }));
    writeFileSync(join(root, "package-lock.json"), "{}");
    return root;
  }

  /** Runs `bash SCRIPT ARGS` (SCRIPT relative to the scripts dir, or absolute) in the sandbox; never throws. */
  run(script, args = [], { env = {}, path = [], cwd = this.dir } = {}) {
    const file = script.startsWith("/") ? script : join(SCRIPTS, script);
    const fullEnv = {
      HOME: this.home,
      ESAC_CACHE_DIR: this.cache,
      PATH: [...path, this.fakes, this.tools].join(":"),
      LANG: "C.UTF-8",
      ...env,
    };
    return new Promise((done) => {
      const started = Date.now();
      const child = spawn(this.tools + "/bash", [file, ...args], { env: fullEnv, cwd });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => done({ code, stdout: stdout.trim(), stderr, ms: Date.now() - started }));
    });
  }

  cleanUp() {
    execFileSync("chmod", ["-R", "u+w", this.dir]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A zip archive of FILES ({ name: text }), stored without compression and without file modes, like a module zip. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

module.exports = { Sandbox, zip, REPO, SCRIPTS };
