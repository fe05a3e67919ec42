"use strict";
/* scripts/pulumi-cli.sh: which Pulumi CLI it picks, in which order, and how fast an unreachable download falls through. */
const { afterEach, beforeEach, describe, expect, test } = require("@jest/globals");
const http = require("node:http");
const net = require("node:net");
const { createHash } = require("node:crypto");
const { execFileSync } = require("node:child_process");
const { existsSync, readFileSync, readdirSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");
const { Sandbox } = require("./harness");

const V = "3.259.0";
// Fixed platform, so the tarball name does not depend on the machine running the tests.
const PLATFORM = { ESAC_OS: "linux", ESAC_ARCH: "x86_64" };
const TARBALL = `pulumi-v${V}-linux-x64.tar.gz`;

let box;
beforeEach(() => (box = new Sandbox()));
afterEach(() => box.cleanUp());

function listen(server) {
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server.address().port)));
}

describe("a pulumi on PATH", () => {
  test("of the pinned version or newer, with its language host, is used as is: nothing cached, fetched or built", async () => {
    const dir = box.fakePulumi(join(box.dir, "pulumi-new"), "3.300.0");
    const r = await box.run("pulumi-cli.sh", [], { path: [dir] });
    expect(r).toMatchObject({ code: 0, stdout: dir });
    expect(existsSync(box.cache) ? readdirSync(box.cache) : []).toEqual([]);

    const plan = await box.run("pulumi-cli.sh", ["--plan"], { path: [dir] });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe(`pulumi: path — ${dir}/pulumi is v3.300.0 (>= ${V}) with its nodejs language host: use it`);
  });

  test("older than the pinned version falls through to the next source", async () => {
    const dir = box.fakePulumi(join(box.dir, "pulumi-old"), "3.100.0");
    const plan = await box.run("pulumi-cli.sh", ["--plan"], {
      path: [dir],
      env: { ESAC_PULUMI_SOURCES: "path cache" },
    });
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain(`pulumi: path — ${dir}/pulumi is v3.100.0 (< ${V}): skip`);
    expect(plan.stdout).toContain(`pulumi: cache — no v${V}`);
    expect(plan.stdout).toMatch(/^pulumi: none — .*remedy: install pulumi >= 3\.259\.0/m);

    const r = await box.run("pulumi-cli.sh", [], { path: [dir], env: { ESAC_PULUMI_SOURCES: "path cache" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/FAILED: no Pulumi CLI v3\.259\.0.*\n.*remedy: install pulumi >= 3\.259\.0/);
  });

  test("new enough but without a nodejs language host falls through", async () => {
    const dir = box.fakePulumi(join(box.dir, "pulumi-bare"), "3.300.0", { langhost: false });
    const plan = await box.run("pulumi-cli.sh", ["--plan"], { path: [dir], env: { ESAC_PULUMI_SOURCES: "path" } });
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain("has no pulumi-language-nodejs beside it or on PATH: skip");
  });

  test("where Pulumi's installer puts it (~/.pulumi/bin) counts, though not on PATH", async () => {
    const dir = box.fakePulumi(join(box.home, ".pulumi", "bin"), V);
    const r = await box.run("pulumi-cli.sh", [], { env: { ESAC_PULUMI_SOURCES: "path" } });
    expect(r).toMatchObject({ code: 0, stdout: dir });
  });
});

describe("the cache", () => {
  test("a complete CLI of the pinned version in the cache is used", async () => {
    const bin = join(box.cache, `pulumi-${V}`, "bin");
    box.fakePulumi(bin, V);
    box.fake("pulumi-resource-pulumi-nodejs", "exit 0", bin);
    const older = box.fakePulumi(join(box.dir, "pulumi-old"), "3.1.0");
    const r = await box.run("pulumi-cli.sh", [], { path: [older] });
    expect(r).toMatchObject({ code: 0, stdout: bin });
  });

  test("a cached CLI of another version is not", async () => {
    const bin = join(box.cache, `pulumi-${V}`, "bin");
    box.fakePulumi(bin, "3.258.0");
    box.fake("pulumi-resource-pulumi-nodejs", "exit 0", bin);
    const r = await box.run("pulumi-cli.sh", ["--plan"], { env: { ESAC_PULUMI_SOURCES: "cache" } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`pulumi: cache — no v${V}`);
  });
});

describe("the official download", () => {
  test("an unreachable server falls through within seconds (connect timeout), to a clear failure", async () => {
    // Accepts TCP connections and never answers: a TLS handshake to it hangs until the connect timeout.
    const silent = net.createServer(() => {});
    const silentPort = await listen(silent);
    const closed = net.createServer();
    const closedPort = await listen(closed);
    await new Promise((ok) => closed.close(ok));
    const env = {
      ...PLATFORM,
      ESAC_PULUMI_SOURCES: "download",
      ESAC_CONNECT_TIMEOUT: "2",
      ESAC_PULUMI_DOWNLOAD_BASES: `https://127.0.0.1:${silentPort}/sdk http://127.0.0.1:${closedPort}/sdk`,
    };
    try {
      const r = await box.run("pulumi-cli.sh", [], { env });
      expect(r.code).toBe(1);
      expect(r.ms).toBeLessThan(8000);
      expect(r.stderr.match(/falling through/g)).toHaveLength(2);
      expect(r.stderr).toContain(`https://127.0.0.1:${silentPort}/sdk/${TARBALL}`);
      expect(r.stderr).toMatch(/FAILED: no Pulumi CLI v3\.259\.0 from "download"\nesac: remedy: /);
      expect(existsSync(join(box.cache, `pulumi-${V}`))).toBe(false);

      const plan = await box.run("pulumi-cli.sh", ["--plan"], { env });
      expect(plan.code).toBe(3);
      expect(plan.ms).toBeLessThan(8000);
      expect(plan.stdout.match(/; falls through$/gm)).toHaveLength(2);
    } finally {
      silent.close();
    }
  });

  describe("from a server that has the release", () => {
    let server;
    let base;
    let files;
    beforeEach(async () => {
      files = {};
      server = http.createServer((req, res) => {
        const body = files[req.url];
        res.writeHead(body ? 200 : 404);
        res.end(req.method === "HEAD" ? undefined : body);
      });
      base = `http://127.0.0.1:${await listen(server)}/releases/sdk`;
    });
    afterEach(() => server.close());

    /** A release tarball laid out like Pulumi's: pulumi/<binaries>, every language host included. */
    function release(version) {
      const src = join(box.dir, "release", "pulumi");
      box.fakePulumi(src, version);
      box.fake("pulumi-language-python", "exit 0", src);
      box.fake("pulumi-resource-pulumi-nodejs", "exit 0", src);
      const tgz = join(box.dir, TARBALL);
      execFileSync("tar", ["-czf", tgz, "-C", join(box.dir, "release"), "pulumi"]);
      return readFileSync(tgz);
    }
    const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

    test("installs the nodejs parts into the cache, checked against the release's checksums", async () => {
      const tgz = release(V);
      files[`/releases/sdk/${TARBALL}`] = tgz;
      files[`/releases/sdk/pulumi-${V}-checksums.txt`] = `${sha256(Buffer.from("x"))}  pulumi-v${V}-darwin-arm64.tar.gz\n${sha256(tgz)}  ${TARBALL}\n`;
      const env = { ...PLATFORM, ESAC_PULUMI_DOWNLOAD_BASES: base };

      const plan = await box.run("pulumi-cli.sh", ["--plan"], { env });
      expect(plan.code).toBe(0);
      expect(plan.stdout.split("\n").pop()).toBe(`pulumi: download — ${base}/${TARBALL} is reachable: use it (~300 MB download, ~360 MB kept)`);

      const r = await box.run("pulumi-cli.sh", [], { env });
      const bin = join(box.cache, `pulumi-${V}`, "bin");
      expect(r).toMatchObject({ code: 0, stdout: bin });
      expect(readdirSync(bin).sort()).toEqual(["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]);
      expect(readFileSync(join(box.cache, `pulumi-${V}`, "source"), "utf8").trim()).toBe(`downloaded from ${base}/${TARBALL}`);
      // Next time the cache answers, without asking the server.
      delete files[`/releases/sdk/${TARBALL}`];
      expect(await box.run("pulumi-cli.sh", [], { env })).toMatchObject({ code: 0, stdout: bin });
    });

    test("a tarball whose checksum does not match is not installed", async () => {
      files[`/releases/sdk/${TARBALL}`] = release(V);
      files[`/releases/sdk/pulumi-${V}-checksums.txt`] = `${"0".repeat(64)}  ${TARBALL}\n`;
      const r = await box.run("pulumi-cli.sh", [], {
        env: { ...PLATFORM, ESAC_PULUMI_SOURCES: "download", ESAC_PULUMI_DOWNLOAD_BASES: base },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`its checksums file says '${"0".repeat(64)}': not used`);
      expect(existsSync(join(box.cache, `pulumi-${V}`))).toBe(false);
    });

    test("a tarball of another version is not installed", async () => {
      files[`/releases/sdk/${TARBALL}`] = release("3.1.0");
      const r = await box.run("pulumi-cli.sh", [], {
        env: { ...PLATFORM, ESAC_PULUMI_SOURCES: "download", ESAC_PULUMI_DOWNLOAD_BASES: base },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("no checksums file beside");
      expect(r.stderr).toContain(`reports version '3.1.0', not ${V}`);
      expect(existsSync(join(box.cache, `pulumi-${V}`))).toBe(false);
    });
  });
});

describe("the build from source", () => {
  test("is planned with its cost and the Go toolchain it will use", async () => {
    const go = box.fakeGo(join(box.dir, "go-new"), "1.26.0");
    const r = await box.run("pulumi-cli.sh", ["--plan"], { path: [go], env: { ESAC_PULUMI_SOURCES: "build" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pulumi: build — from the Go module proxy: ~5-11 min on 2 cores; ~4 GB at its peak.* free on the disk of /m);
    expect(r.stdout).toContain(`  go: path — ${go}/go is go1.26.0 (>= 1.25.11): use it`);
  });

  test("is refused before it starts when the disk has too little room", async () => {
    const go = box.fakeGo(join(box.dir, "go-new"), "1.26.0");
    mkdirSync(box.cache, { recursive: true });
    const env = { ESAC_PULUMI_SOURCES: "build", ESAC_BUILD_MIN_FREE_MB: "999999999" };
    const plan = await box.run("pulumi-cli.sh", ["--plan"], { path: [go], env });
    expect(plan.code).toBe(3);
    expect(plan.stdout).toMatch(/needs 976562\.5 GB free; remedy: free space, set ESAC_CACHE_DIR/);
    const r = await box.run("pulumi-cli.sh", [], { path: [go], env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAILED: building the Pulumi CLI needs 976562\.5 GB free/);
    expect(readdirSync(box.cache).filter((e) => e.startsWith("build-") || e.startsWith("go-"))).toEqual([]);
  });

  test("without any way to get Go, the plan fails with the remedy", async () => {
    const r = await box.run("pulumi-cli.sh", ["--plan"], { env: { ESAC_PULUMI_SOURCES: "build" } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("  go: none — no go on PATH, $GOPROXY unset and no apt-get: cannot get a Go toolchain");
    expect(r.stdout).toContain("  go: remedy — install Go >= 1.25.11");
  });
});

test("an unknown source name is an error naming it", async () => {
  const r = await box.run("pulumi-cli.sh", [], { env: { ESAC_PULUMI_SOURCES: "path brew" } });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("ESAC_PULUMI_SOURCES has 'brew'; expected path, cache, download or build");
});
