"use strict";
/* scripts/go-toolchain.sh: which way it gets a Go toolchain (no go / old go / new go), and the no-go download itself. */
const { afterEach, beforeEach, describe, expect, test } = require("@jest/globals");
const http = require("node:http");
const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { Sandbox, zip } = require("./harness");

const MIN = "1.25.11";
const PIN = "1.25.14";
const LINUX_AMD64 = { ESAC_OS: "linux", ESAC_ARCH: "x86_64" };

let box;
beforeEach(() => (box = new Sandbox()));
afterEach(() => box.cleanUp());

async function plan(opts) {
  const r = await box.run("go-toolchain.sh", ["--plan"], { ...opts, env: { ...LINUX_AMD64, ...opts?.env } });
  return { ...r, method: /^go: (\S+) —/.exec(r.stdout)?.[1] };
}

describe("the plan", () => {
  test.each([
    ["1.26.0", "path", "is go1.26.0 (>= 1.25.11): use it"],
    [MIN, "path", `is go${MIN} (>= ${MIN}): use it`],
    ["1.25.10", "gotoolchain", `is go1.25.10 (< ${MIN}): fetch go${PIN} with GOTOOLCHAIN=go${PIN} through the Go module proxy`],
    ["1.21.0", "gotoolchain", "with GOTOOLCHAIN="],
    ["1.20.14", "mod-download", `is go1.20.14 (< ${MIN}): fetch golang.org/toolchain@v0.0.1-go${PIN}.linux-amd64 with \`go mod download\``],
    ["1.19.8", "mod-download", "with `go mod download`"],
  ])("go %s on PATH → %s", async (version, method, says) => {
    const go = box.fakeGo(join(box.dir, "go"), version);
    const r = await plan({ path: [go] });
    expect(r).toMatchObject({ code: 0, method });
    expect(r.stdout).toContain(says);
  });

  test("a toolchain already in the cache is used before fetching another", async () => {
    const old = box.fakeGo(join(box.dir, "go-old"), "1.19.8");
    box.fakeGo(join(box.cache, `go-${PIN}`, "bin"), PIN);
    const r = await plan({ path: [old] });
    expect(r).toMatchObject({ code: 0, method: "cache" });
    expect(r.stdout).toContain(`go${PIN} in ${box.cache}/go-${PIN}: use it`);
  });

  test("no go, $GOPROXY set → the module zip from its first proxy", async () => {
    const r = await plan({ env: { GOPROXY: "off-not-this,https://goproxy.example/mod/,direct" } });
    expect(r).toMatchObject({ code: 0, method: "proxy-zip" });
    expect(r.stdout).toContain("from $GOPROXY (https://goproxy.example/mod)");
  });

  test("no go, $GOPROXY=off → not the proxy", async () => {
    const r = await plan({ env: { GOPROXY: "off" } });
    expect(r.method).toBe("none");
  });

  test("no go, no $GOPROXY, apt available → Debian's go, only to download the toolchain", async () => {
    box.fake("apt-get", "exit 0");
    box.fake("dpkg-deb", "exit 0");
    box.fake("apt-cache", 'echo "golang-go"; echo "  Depends: golang-1.19-go"');
    const r = await plan({});
    expect(r).toMatchObject({ code: 0, method: "debian-go" });
    expect(r.stdout).toContain("unpack Debian's golang-1.19-go in a temp dir (~63 MB download, no root)");
  });

  test("no go, no $GOPROXY, no apt → none, exit 3, with the remedy", async () => {
    const r = await plan({});
    expect(r).toMatchObject({ code: 3, method: "none" });
    expect(r.stdout).toContain("go: remedy — install Go >= 1.25.11 (or set GOPROXY to a Go module proxy URL)");
    const obtain = await box.run("go-toolchain.sh", [], { env: LINUX_AMD64 });
    expect(obtain.code).toBe(1);
    expect(obtain.stderr).toMatch(/FAILED: no go on PATH.*\nesac: remedy: install Go >= 1\.25\.11/);
  });

  test.each([
    ["aarch64", "linux-arm64"],
    ["arm64", "linux-arm64"],
    ["x86_64", "linux-amd64"],
  ])("the machine's architecture (%s) names the toolchain (%s)", async (arch, target) => {
    const go = box.fakeGo(join(box.dir, "go"), "1.19.8");
    const r = await plan({ path: [go], env: { ESAC_ARCH: arch } });
    expect(r.stdout).toContain(`golang.org/toolchain@v0.0.1-go${PIN}.${target}`);
  });
});

describe("with no go, from $GOPROXY", () => {
  let server;
  let proxy;
  let files;
  beforeEach(async () => {
    files = {};
    server = http.createServer((req, res) => {
      const body = files[req.url];
      res.writeHead(body ? 200 : 404);
      res.end(body);
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    proxy = `http://127.0.0.1:${server.address().port}/mod`;
  });
  afterEach(() => server.close());

  /** A toolchain module zip for VERSION whose bin/go reports REPORTS (no file modes, as the proxy serves them). */
  function toolchainZip(version, reports = version) {
    const root = `golang.org/toolchain@v0.0.1-go${version}.linux-amd64`;
    return zip({
      [`${root}/bin/go`]: `#!/bin/sh\necho "go version go${reports} linux/amd64"\n`,
      [`${root}/pkg/tool/linux_amd64/compile`]: "#!/bin/sh\n",
      [`${root}/VERSION`]: `go${version}\n`,
    });
  }

  test("unpacks the toolchain into the cache and makes bin/ and pkg/tool executable", async () => {
    files["/mod/golang.org/toolchain/@v/v0.0.1-go1.99.1.linux-amd64.zip"] = toolchainZip("1.99.1");
    const r = await box.run("go-toolchain.sh", [], {
      env: { ...LINUX_AMD64, GOPROXY: proxy, ESAC_GO_TOOLCHAIN: "1.99.1" },
    });
    const dest = join(box.cache, "go-1.99.1");
    expect(r).toMatchObject({ code: 0, stdout: join(dest, "bin") });
    // 1.99.1 has no pinned hash: said, not hidden.
    expect(r.stderr).toContain("no pinned hash for golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64; not verified");
    expect(statSync(join(dest, "bin", "go")).mode & 0o111).toBe(0o111);
    expect(statSync(join(dest, "pkg", "tool", "linux_amd64", "compile")).mode & 0o111).toBe(0o111);
    // Next time: from the cache.
    const again = await plan({ env: { ESAC_GO_TOOLCHAIN: "1.99.1" } });
    expect(again.method).toBe("cache");
  });

  test("a zip that does not match the pinned hash is refused", async () => {
    files[`/mod/golang.org/toolchain/@v/v0.0.1-go${PIN}.linux-amd64.zip`] = toolchainZip(PIN);
    const r = await box.run("go-toolchain.sh", [], { env: { ...LINUX_AMD64, GOPROXY: proxy } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has hash h1:\S+, expected h1:XriDgll2yv4W2YeUo2X\/WuUuy\+iGJkXGH0CQloMBEXo=/);
    expect(r.stderr).toContain("remedy: install Go >= 1.25.11");
    expect(existsSync(join(box.cache, `go-${PIN}`))).toBe(false);
  });

  test("a toolchain that reports another version is refused", async () => {
    files["/mod/golang.org/toolchain/@v/v0.0.1-go1.99.1.linux-amd64.zip"] = toolchainZip("1.99.1", "1.2.3");
    const r = await box.run("go-toolchain.sh", [], {
      env: { ...LINUX_AMD64, GOPROXY: proxy, ESAC_GO_TOOLCHAIN: "1.99.1" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("reports '1.2.3', not 1.99.1");
    expect(existsSync(join(box.cache, "go-1.99.1"))).toBe(false);
  });

  test("a proxy without the toolchain fails in one message with the remedy", async () => {
    const r = await box.run("go-toolchain.sh", [], { env: { ...LINUX_AMD64, GOPROXY: proxy } });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/FAILED/g)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /FAILED: getting go1\.25\.14 \(proxy-zip\): download http:\/\/127\.0\.0\.1:\d+\/mod\/golang\.org\/toolchain\/@v\/v0\.0\.1-go1\.25\.14\.linux-amd64\.zip: .*404/,
    );
  });
});
