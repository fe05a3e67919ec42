/**
 * bin/kibana-emulator.js as a user runs it: a child process of the built package (`npm run build` first). The
 * contract-mode case runs a copy of the package's shipped folders outside the repository, where no ../shared exists.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const PACKAGE = resolve(__dirname, "..");
const BIN = join(PACKAGE, "bin", "kibana-emulator.js");
const REPO_NODE_MODULES = resolve(PACKAGE, "..", "..", "node_modules");

/** Environment without the variables that would point the emulator at the full bundles. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ESAC_KIBANA_OPENAPI_DIR;
  return env;
}

function run(args: string[], bin = BIN) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: cleanEnv(), timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => res({ server, port: (server.address() as { port: number }).port }));
  });
}

/** Starts the bin and resolves with its URL and API key once it has printed them. */
function startBin(bin: string, args: string[]): Promise<{ child: ChildProcess; url: string; apiKey: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => rej(new Error(`no start within 20 s; stdout: ${out} stderr: ${err}`)), 20_000);
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const url = /^export KIBANA_ENDPOINT=(\S+)$/m.exec(out)?.[1];
      const apiKey = /^export KIBANA_API_KEY=(\S+)$/m.exec(out)?.[1];
      if (url && apiKey) {
        clearTimeout(timer);
        res({ child, url, apiKey });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`exited ${code} before starting; stdout: ${out} stderr: ${err}`));
    });
  });
}

beforeAll(() => {
  if (!existsSync(join(PACKAGE, "dist", "index.js"))) throw new Error(`${PACKAGE}/dist is missing: run \`npm run build\` before these tests`);
});

describe("kibana-emulator bin", () => {
  it("--help prints the usage and exits 0", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kibana-emulator \[options\]/);
    expect(r.stdout).toContain("--port N");
    expect(r.stderr).toBe("");
  });

  it("an unknown option exits 2 naming it, with the usage", () => {
    const r = run(["--prot", "5601"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kibana-emulator: unknown option --prot\n\nUsage: kibana-emulator/);
  });

  it("a port out of range exits 2 naming the value", () => {
    const r = run(["--port", "70000"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe('kibana-emulator: --port needs a whole number from 0 to 65535, got "70000"');
  });

  it("a busy port is one line and exit 1, no stack trace", async () => {
    const { server, port } = await listenOnFreePort();
    try {
      const r = run(["--port", String(port)]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`kibana-emulator: port ${port} is in use on 127.0.0.1; pick another with --port N (0 = any free port)\n`);
      expect(r.stdout).toBe("");
    } finally {
      server.close();
    }
  });

  it("any other start failure is one line too (a data file that is not JSON)", () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-bin-"));
    try {
      const file = join(dir, "data.json");
      writeFileSync(file, "{not json");
      const r = run(["--port", "0", "--data-file", file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`^kibana-emulator: cannot start: data file ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid JSON: [^\\n]+\\n$`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("kibana-emulator --contract from a copy of the package with no ../shared anywhere above it", () => {
  let dir: string;
  let emulator: { child: ChildProcess; url: string; apiKey: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "emulator-clone-"));
    const copy = join(dir, "kibana-emulator");
    for (const shipped of ["package.json", "bin", "dist", "contract"]) cpSync(join(PACKAGE, shipped), join(copy, shipped), { recursive: true });
    symlinkSync(REPO_NODE_MODULES, join(copy, "node_modules"), "dir");
    for (let d = copy; ; d = dirname(d)) {
      if (existsSync(join(d, "shared", "kibana-openapi"))) throw new Error(`precondition: ${d}/shared/kibana-openapi exists, so this would not prove anything`);
      if (dirname(d) === d) break;
    }
    emulator = await startBin(join(copy, "bin", "kibana-emulator.js"), ["--port", "0", "--contract"]);
  });

  afterAll(async () => {
    if (emulator && emulator.child.exitCode === null) {
      const exited = new Promise((res) => emulator.child.once("exit", res));
      emulator.child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: unknown) =>
    fetch(`${emulator.url}/api/detection_engine/rules`, {
      method: "POST",
      headers: { authorization: `ApiKey ${emulator.apiKey}`, "kbn-xsrf": "true", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const rule = { type: "query", name: "Query rule", description: "d", risk_score: 21, severity: "low", query: "host.name:*", index: ["logs-*"] };

  it("rejects a request the spec rejects", async () => {
    const r = await post({ ...rule, risk_score: "high" });
    expect(r.status).toBe(500);
    expect(((await r.json()) as { message: string }).message).toBe("Contract violation request POST /api/detection_engine/rules: /risk_score must be integer");
  });

  it("accepts a valid one", async () => {
    const r = await post(rule);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { name: string }).name).toBe("Query rule");
  });

  it("stops on SIGTERM with exit 0, counting the violation", async () => {
    let out = "";
    emulator.child.stdout!.on("data", (d) => (out += d));
    const code = new Promise((res) => emulator.child.once("exit", res));
    emulator.child.kill("SIGTERM");
    expect(await code).toBe(0);
    expect(out).toContain("1 contract violation(s) recorded");
  });
});
