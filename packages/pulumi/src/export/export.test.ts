import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningEmulator } from "@esac/kibana-emulator";
import { getTransport, type RuleResponse } from "@esac/kibana-client";
import { canonicalRule } from "../detection-rule/normalize";
import { callsSince, kibanaFetch, startTestKibana } from "../test-support/emulator";
import { exportKibana, main, summary } from "./cli";
import { ruleData } from "./shape";

let kibana: RunningEmulator;
let out: string;
beforeAll(async () => {
  kibana = await startTestKibana();
});
afterAll(() => kibana.stop());
beforeEach(async () => {
  kibana.reset();
  out = mkdtempSync(join(tmpdir(), "esac-export-"));
});
afterEach(() => {
  rmSync(out, { recursive: true, force: true });
  expect(kibana.violations()).toEqual([]);
});

const transport = () => getTransport({ endpoint: kibana.url, apiKey: kibana.apiKey });
const json = (path: string) => JSON.parse(readFileSync(join(out, path), "utf8"));

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const res = await kibanaFetch(kibana, method, path, body);
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const rule = {
  rule_id: "ssh-brute-force",
  type: "query",
  language: "kuery",
  name: "SSH brute force",
  description: "Many failed logins",
  severity: "medium",
  risk_score: 47,
  index: ["logs-*"],
  query: "event.outcome:failure and event.category:authentication",
  tags: ["SSH"],
  meta: { esac: { owner: "someone/else/DetectionRule/x" }, team: "soc" },
};

describe("esac export", () => {
  it("writes one readable file per custom rule, without server fields or defaults, and leaves prebuilt rules to the selection", async () => {
    await ok("POST", "/api/spaces/space", { id: "soc", name: "SOC" });
    const created = await ok("POST", "/s/soc/api/detection_engine/rules", rule);
    await ok("PUT", "/s/soc/api/detection_engine/rules/prepackaged");
    const mark = kibana.requests().length;

    const result = await exportKibana(transport(), { spaces: ["soc"], out });

    expect(callsSince(kibana, mark).filter((c) => c.method !== "GET")).toEqual([]);
    expect(result.calls).toBe(callsSince(kibana, mark).length);
    const text = readFileSync(join(out, "rules/soc/ssh-brute-force.json"), "utf8");
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual([...Object.keys(data)].sort());
    for (const serverField of ["id", "created_at", "updated_at", "revision", "immutable", "rule_source", "execution_summary"])
      expect(data).not.toHaveProperty(serverField);
    // Kibana's defaults (from, interval, max_signals, enabled…) are not written; esac's marker of another stack neither.
    expect(data).not.toHaveProperty("from");
    expect(data).not.toHaveProperty("max_signals");
    expect(data.meta).toEqual({ team: "soc" });
    expect(canonicalRule(data)).toEqual(canonicalRule({ ...created, meta: { team: "soc" } }));

    const prebuilt = json("prebuilt-rules/soc.json");
    expect(prebuilt.rule_ids.length).toBeGreaterThan(0);
    expect(readdirSync(join(out, "rules/soc"))).toEqual(["ssh-brute-force.json"]);
    expect(result.model.counts).toMatchObject({ rules: 1, spaces: 1, "prebuilt rules (selection)": prebuilt.rule_ids.length });
    expect(summary(result, out)).toContain(`rules soc: ${prebuilt.rule_ids.length} prebuilt: Elastic's prebuilt rules are not exported as DetectionRules`);
    expect(json("spaces/soc.json")).toEqual({ id: "soc", name: "SOC", disabledFeatures: [] });
  });

  it("exports lists with their values, exception items with list entries, connectors with secret placeholders and Fleet hosts", async () => {
    await ok("POST", "/api/lists/index");
    await ok("POST", "/api/lists", { id: "bad-ips", name: "Bad IPs", description: "Blocked", type: "ip" });
    for (const value of ["10.0.0.2", "10.0.0.1"]) await ok("POST", "/api/lists/items", { list_id: "bad-ips", value });
    await ok("POST", "/api/exception_lists", { list_id: "tuning", name: "Tuning", description: "Noise", type: "detection" });
    await ok("POST", "/api/exception_lists/items", {
      list_id: "tuning",
      item_id: "bad-sources",
      name: "Bad sources",
      description: "On the list",
      type: "simple",
      entries: [{ field: "source.ip", operator: "included", type: "list", list: { id: "bad-ips", type: "ip" } }],
      comments: [{ comment: "Agreed with the SOC" }],
    });
    const hook = await ok("POST", "/api/actions/connector", {
      name: "Hook",
      connector_type_id: ".webhook",
      config: { url: "https://hooks.example.com/x", method: "post", hasAuth: true },
      secrets: { user: "u", password: "p" },
    });
    const host = await ok("POST", "/api/fleet/fleet_server_hosts", { name: "Fleet", host_urls: ["https://fleet.example.com:8220"] });

    const result = await exportKibana(transport(), { spaces: ["default"], out });

    expect(json("value-lists/default/bad-ips.json")).toEqual({
      list_id: "bad-ips",
      name: "Bad IPs",
      description: "Blocked",
      type: "ip",
      values: ["10.0.0.1", "10.0.0.2"],
    });
    const tuning = json("exception-lists/default/tuning.json");
    expect(tuning).toMatchObject({ list_id: "tuning", name: "Tuning", type: "detection" });
    expect(tuning.items).toEqual([
      expect.objectContaining({
        item_id: "bad-sources",
        entries: [{ field: "source.ip", operator: "included", type: "list", list: { id: "bad-ips", type: "ip" } }],
        comments: [{ comment: "Agreed with the SOC" }],
      }),
    ]);
    expect(tuning.items[0]).not.toHaveProperty("_version");
    expect(json(`connectors/default/${hook.id}.json`)).toEqual({
      id: hook.id,
      connector_type_id: ".webhook",
      name: "Hook",
      config: expect.objectContaining({ url: "https://hooks.example.com/x", hasAuth: true }),
    });
    expect(json(`fleet-server-hosts/${host.item.id}.json`)).toEqual({ id: host.item.id, name: "Fleet", host_urls: ["https://fleet.example.com:8220"] });
    const key = `connector_default_${hook.id}_secrets`;
    expect(json("secrets.json").connectors).toEqual({ [`default/${hook.id}`]: key });
    expect(summary(result, out)).toContain(`pulumi config set --secret ${key} '{"user":"…","password":"…"`);
    expect(result.model.skipped).toContainEqual(expect.objectContaining({ family: "spaces", key: "default" }));
    const index = readFileSync(join(out, "index.ts"), "utf8");
    expect(index).toMatch(/^const ADOPT = true;$/m);
    expect(json("package.json").dependencies).toEqual({ "@esac/pulumi": "0.1.0", "@pulumi/pulumi": expect.stringMatching(/3\./) });
  });

  it("writes adopt: false with --no-adopt, and refuses a space that does not exist naming the ones there", async () => {
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const args = ["export", "--space", "default", "--out", out, "--no-adopt", "--endpoint", kibana.url, "--api-key", kibana.apiKey];
      expect(await main(args, {})).toBe(0);
      expect(readFileSync(join(out, "index.ts"), "utf8")).toMatch(/^const ADOPT = false;$/m);
      await expect(main(["export", "--space", "nope", "--out", out, "--endpoint", kibana.url, "--api-key", kibana.apiKey], {})).rejects.toThrow(
        'space "nope" does not exist in Kibana (spaces there: default)',
      );
      expect(await main(["export", "--out", out], {})).toBe(2);
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining("--space and --out are required"));
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it("keeps a rule's content: its normal form is unchanged by the export", () => {
    const response = {
      ...rule,
      id: "x",
      revision: 3,
      created_at: "2026-01-01T00:00:00Z",
      actions: [],
      from: "now-6m",
      interval: "5m",
    } as unknown as RuleResponse;
    const data = ruleData(response);
    expect(data).not.toHaveProperty("id");
    expect(data).not.toHaveProperty("revision");
    expect(canonicalRule(data)).toEqual(canonicalRule({ ...rule, meta: { team: "soc" } }));
  });
});
