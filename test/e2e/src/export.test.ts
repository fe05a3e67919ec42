import { execFile } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { getTransport, importRules } from "@esac/kibana-client";
import { loadDetectionRulesNdjson } from "@esac/pulumi";
import { E2EBench, REPO_ROOT, stepCollector } from "./harness";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { corpusRequired, findSharedCorpus, ownCorpus } = require("../../../test-support/corpus") as typeof import("../../../test-support/corpus");

const SPACE = "soc";
const CLI = join(REPO_ROOT, "packages", "pulumi", "dist", "export", "cli.js");
const INDEX_CONNECTOR = "0f6c2a8e-4f7b-4c1e-9a55-7d1a3e6b2c01";
const WEBHOOK_CONNECTOR = "5b1d9c3a-2e8f-4a6d-b7c4-91e0f2a3d4b5";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let bench: E2EBench;
const checkpoints = process.env.PULUMI_SKIP_CHECKPOINTS;

beforeAll(async () => {
  bench = await E2EBench.start({ contract: true });
  // As the e2e bench does above 500 resources: the engine writes the state once per operation, not after each of the
  // 1,700 steps (rewriting a ~30 MB state file per step would take hours). The Automation API passes it to the CLI.
  process.env.PULUMI_SKIP_CHECKPOINTS = "true";
});

afterAll(async () => {
  if (checkpoints === undefined) delete process.env.PULUMI_SKIP_CHECKPOINTS;
  else process.env.PULUMI_SKIP_CHECKPOINTS = checkpoints;
  await bench?.close();
});

/** `POST` through the emulator's public API, failing the test on anything but 200. */
async function post(path: string, body: unknown): Promise<any> {
  const res = await bench.kibana("POST", `/s/${SPACE}${path}`, body);
  if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The dev corpus: the repository's own rules always, the shared 1,650 when found (required when CI is set). */
function corpusRules(): Record<string, unknown>[] {
  const shared = findSharedCorpus();
  if (!shared && corpusRequired()) throw new Error("the shared corpus is required when CI is set (see test-support/corpus.js)");
  const byId = new Map<string, Record<string, unknown>>();
  for (const corpus of shared ? [ownCorpus, shared] : [ownCorpus]) {
    for (const rule of loadDetectionRulesNdjson(corpus.rulesFile)) byId.set(String(rule.rule_id), rule as Record<string, unknown>);
  }
  return [...byId.values()];
}

/** A space holding the corpus, value lists with values, exception lists and items, connectors and a Fleet host. */
async function fillSpace(): Promise<{ rules: number }> {
  expect((await bench.kibana("POST", "/api/spaces/space", { id: SPACE, name: "SOC" })).status).toBe(200);
  await post(`/api/actions/connector/${INDEX_CONNECTOR}`, { name: "Alert copies", connector_type_id: ".index", config: { index: "soc-alerts" } });
  await post(`/api/actions/connector/${WEBHOOK_CONNECTOR}`, {
    name: "SOAR hook",
    connector_type_id: ".webhook",
    config: { url: "https://soar.example.com/hook", method: "post", hasAuth: true },
    secrets: { user: "soar", password: "soar-password" },
  });
  await post("/api/lists/index", undefined);
  await post("/api/lists", { id: "blocked-ips", name: "Blocked IPs", description: "Known bad addresses", type: "ip" });
  for (const value of ["10.0.0.1", "10.0.0.2", "192.168.7.7"]) await post("/api/lists/items", { list_id: "blocked-ips", value });
  const list = await post("/api/exception_lists", {
    list_id: "soc-exceptions",
    name: "SOC exceptions",
    description: "Tuning",
    type: "detection",
    namespace_type: "single",
  });
  await post("/api/exception_lists/items", {
    list_id: "soc-exceptions",
    item_id: "build-hosts",
    name: "Build hosts",
    description: "CI runners",
    type: "simple",
    namespace_type: "single",
    tags: ["ci"],
    entries: [{ field: "host.name", operator: "included", type: "match_any", value: ["build-01", "build-02"] }],
    comments: [{ comment: "Runners compile all day" }],
  });
  await post("/api/exception_lists/items", {
    list_id: "soc-exceptions",
    item_id: "blocked-sources",
    name: "Blocked sources",
    description: "Addresses on the value list",
    type: "simple",
    namespace_type: "single",
    entries: [{ field: "source.ip", operator: "included", type: "list", list: { id: "blocked-ips", type: "ip" } }],
  });
  expect((await bench.kibana("POST", "/api/fleet/fleet_server_hosts", { name: "Fleet EU", host_urls: ["https://fleet-eu.example.com:8220"] })).status).toBe(
    200,
  );

  const rules = corpusRules();
  // One rule references the connectors and the exception list: the export must wire them as outputs.
  Object.assign(rules[0], {
    actions: [
      {
        id: INDEX_CONNECTOR,
        action_type_id: ".index",
        group: "default",
        params: { documents: [{ rule: "{{rule.name}}" }] },
        frequency: { summary: true, notifyWhen: "onActiveAlert", throttle: null },
      },
      {
        id: WEBHOOK_CONNECTOR,
        action_type_id: ".webhook",
        group: "default",
        params: { body: "{{context.alerts}}" },
        frequency: { summary: true, notifyWhen: "onActiveAlert", throttle: null },
      },
    ],
    exceptions_list: [{ id: list.id, list_id: "soc-exceptions", type: "detection", namespace_type: "single" }],
  });
  const transport = getTransport({ endpoint: bench.emulator.url, apiKey: bench.emulator.apiKey });
  const result = await importRules({ transport, spaceId: SPACE }, rules.map((r) => JSON.stringify(r)).join("\n") + "\n");
  expect(result.errors).toEqual([]);
  expect(result).toMatchObject({ success: true, rules_count: rules.length });
  return { rules: rules.length };
}

// The whole corpus through the real CLI: 1,700 resources adopted, then two previews.
const ROUND_TRIP_TIMEOUT = 45 * 60 * 1000;

describe("esac export round trip through the real CLI", () => {
  it(
    "exports a corpus space, adopts it writing only the secrets Kibana never returns, and stays clean with adopt removed",
    async () => {
      const { rules } = await fillSpace();
      const out = join(bench.dir, "soc-stack");

      const exportMark = bench.mark();
      const started = Date.now();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [CLI, "export", "--space", SPACE, "--out", out, "--endpoint", bench.emulator.url, "--api-key", bench.emulator.apiKey],
        { env: { ...process.env, KIBANA_ENDPOINT: "", KIBANA_API_KEY: "" }, maxBuffer: 1 << 26 },
      );
      const wallMs = Date.now() - started;
      const exportCalls = bench.callsSince(exportMark);
      process.stdout.write(`esac export of ${rules} rules: ${wallMs} ms wall time (CLI start included), ${exportCalls.length} HTTP calls\n${stdout}\n`);
      expect(exportCalls.filter((c) => c.method !== "GET")).toEqual([]);
      expect(stdout).toContain(`rules: ${rules}`);
      expect(stdout).toContain("connectors: 2");
      expect(stdout).toContain("exception items: 2");
      expect(stdout).toContain("value list values: 3");
      expect(stdout).toContain("Fleet Server hosts: 1");

      // The generated project resolves @esac/pulumi from this workspace, as a user's would from its own node_modules.
      symlinkSync(join(REPO_ROOT, "node_modules"), join(out, "node_modules"), "dir");
      const secretKey = `connector_${SPACE}_${WEBHOOK_CONNECTOR}_secrets`;
      expect(readFileSync(join(out, "README.md"), "utf8")).toContain(`pulumi config set --secret ${secretKey}`);
      const stack = await bench.stack(out, {
        [`soc-stack:${secretKey}`]: { value: JSON.stringify({ user: "soar", password: "soar-password" }), secret: true },
      });

      const upMark = bench.mark();
      const upStarted = Date.now();
      const { steps, onEvent } = stepCollector();
      const up = await stack.up({ onEvent });
      const upMs = Date.now() - upStarted;
      const upCalls = bench.callsSince(upMark);
      // Rules + 2 connectors + value list and its values + exception list and 2 items + Fleet host + the space.
      const resources = rules + 2 + 2 + 3 + 1 + 1;
      expect(up.summary.resourceChanges).toEqual({ create: resources + 1 }); // + the stack itself
      expect(steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/esac:") && s.op === "create")).toHaveLength(resources);
      // The only write Kibana applied: the webhook connector's secrets (set in config), which it never returns to
      // compare (its create attempt was refused with 409 first, changing nothing).
      expect(upCalls.filter((c) => WRITES.has(c.method) && c.status < 300)).toEqual([
        expect.objectContaining({ method: "PUT", path: `/s/${SPACE}/api/actions/connector/${WEBHOOK_CONNECTOR}` }),
      ]);
      process.stdout.write(`pulumi up (adopt) of ${resources} resources: ${upMs} ms, ${upCalls.length} HTTP calls, 1 write (the connector's secrets)\n`);

      const previewMark = bench.mark();
      const preview = await stack.preview();
      expect(preview.changeSummary).toEqual({ same: resources + 1 });
      expect(bench.callsSince(previewMark)).toEqual([]);

      // README step 5: stop adopting.
      const index = join(out, "index.ts");
      writeFileSync(index, readFileSync(index, "utf8").replace(/^const ADOPT = true;/m, "const ADOPT = false;"));
      expect(readFileSync(index, "utf8")).toMatch(/^const ADOPT = false;/m);
      const afterMark = bench.mark();
      const after = await stack.preview();
      expect(after.changeSummary).toEqual({ same: resources + 1 });
      expect(bench.callsSince(afterMark)).toEqual([]);
    },
    ROUND_TRIP_TIMEOUT,
  );
});
