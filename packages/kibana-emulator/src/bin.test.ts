/** The bin's fault options (`--faults`, `--fault-events`); runs the built bin (turbo builds before testing). */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RULE_BODIES, RULES } from "./__tests__/client";

const BIN = join(__dirname, "..", "bin", "kibana-emulator.js");
const API_KEY = "Zm9vOmJhcg==";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "emu-bin-faults-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runToExit(args: string[]) {
  return spawnSync(process.execPath, [BIN, "--port", "0", ...args], { encoding: "utf8", timeout: 20_000 });
}

describe("kibana-emulator bin: fault options", () => {
  it("--faults and --fault-events: an after-processing reset, recorded for another process", async () => {
    const faults = join(dir, "faults.json");
    const events = join(dir, "events.ndjson");
    writeFileSync(faults, JSON.stringify([{ method: "POST", path: RULES, phase: "after", reset: true, times: 1 }]));
    const child = spawn(process.execPath, [BIN, "--port", "0", "--api-key", API_KEY, "--faults", faults, "--fault-events", events], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /^export KIBANA_ENDPOINT=(\S+)$/m.exec(output);
          if (match) resolve(match[1]!);
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      expect(output).toContain(`Faults:   1 rule(s) from ${faults}`);
      const headers = { authorization: `ApiKey ${API_KEY}`, "kbn-xsrf": "true", "content-type": "application/json" };
      const create = () => fetch(`${url}${RULES}`, { method: "POST", headers, body: JSON.stringify({ ...RULE_BODIES.query, rule_id: "from-bin" }) });
      await expect(create()).rejects.toThrow(/fetch failed/);
      const lines = readFileSync(events, "utf8").trim().split("\n");
      expect(lines.map((l) => JSON.parse(l))).toEqual([
        { rule: 0, phase: "after", method: "POST", path: RULES, spaceId: "default", status: 200, at: expect.any(String) },
      ]);
      expect((await create()).status).toBe(409); // the first create was applied
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    }
  });

  it("a bad rule is a one-line start failure naming the field and the value (exit 1)", () => {
    const faults = join(dir, "faults.json");
    writeFileSync(faults, JSON.stringify([{ phase: "after", delayMs: -1 }]));
    const r = runToExit(["--faults", faults]);
    expect([r.status, r.stderr]).toEqual([1, "kibana-emulator: cannot start: FaultRule.delayMs must be a non-negative number of milliseconds, got -1\n"]);
  });

  it("an unreadable or non-JSON --faults file is a usage error (exit 2)", () => {
    const missing = runToExit(["--faults", join(dir, "none.json")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^kibana-emulator: --faults .*none\.json: cannot read it \(ENOENT\)\n/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "[{");
    const invalid = runToExit(["--faults", bad]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/^kibana-emulator: --faults .*bad\.json: not valid JSON: /);
  });
});

describe("kibana-emulator bin: --kibana-version", () => {
  it("an unsupported release is a one-line start failure naming the value and the range (exit 1)", () => {
    const r = runToExit(["--kibana-version", "8.17.0"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('version: esac supports Kibana 8.19.0 and later, got "8.17.0"');
  });
});
