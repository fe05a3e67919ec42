import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { changes, E2EBench, EXAMPLES, stepCollector } from "./harness";

/** The releases the suite runs the example on: the newest 9.x and the 8.19 line (patch levels as Elastic's Terraform CI). */
const NEWEST_SUPPORTED_KIBANA = "9.4.2";
const OLDEST_SUPPORTED_KIBANA = "8.19.17";
const SPACE = "soc";
const RULES = 12;
/** The soc space, value list + its values, exception list + 2 items, connector, Fleet Server host, 2 entity engines. */
const OTHERS = 10;
/** PrebuiltRules, PrebuiltRuleSelection, one PrebuiltRule and one RuleExceptions (src/prebuilt.ts). */
const PREBUILT = 4;
const RESOURCES = RULES + OTHERS + PREBUILT;
/** Rules of the emulator's prebuilt package (8.19.1), all installed in the space by PrebuiltRules. */
const PACKAGE_RULES = 20;
/**
 * Refresh reads of the prebuilt family besides the shared _find: PrebuiltRules' status and installed rule_ids, the
 * selection's catalog (each a paged _find of the space's prebuilt rules), RuleExceptions' rule (these four under
 * /detection_engine/) and its list's items.
 */
const PREBUILT_READS = 5;
/** Its rules tagged "OS: Linux" or "Tactic: Credential Access", minus the two the example excludes. */
const SELECTED = ["esac-prebuilt-06", "esac-prebuilt-11", "esac-prebuilt-12", "esac-prebuilt-13", "esac-prebuilt-15", "esac-prebuilt-16", "esac-prebuilt-17"];
/** The example's placeholder secrets (platform.ts): they must never appear in state or logs. */
const EXAMPLE_SECRETS = ["hooks.slack.com/services/T000/B000/demo", "MIIEdemo-esac-fleet-private-key"];
/** Entity Store v2, which runs the example's engines on Kibana 9.4+ (the v1 engines API before). */
const V2 = `/s/${SPACE}/api/security/entity_store`;

describe(`examples/detections-as-code through the real Pulumi CLI (Kibana ${NEWEST_SUPPORTED_KIBANA})`, () => {
  let bench: E2EBench;
  let stack: Stack;

  beforeAll(async () => {
    bench = await E2EBench.start({ contract: true, version: NEWEST_SUPPORTED_KIBANA });
    stack = await bench.stack(join(EXAMPLES, "detections-as-code"));
  });

  afterAll(async () => {
    await bench?.close();
  });

  it("pulumi up creates every object, one HTTP call per rule; debug logs hold no secret", async () => {
    const mark = bench.mark();
    process.env.ESAC_LOG_LEVEL = "debug";
    const result = await stack.up({ logToStdErr: true, logVerbosity: 9 }).finally(() => delete process.env.ESAC_LOG_LEVEL);
    const debugLines = `${result.stdout}\n${result.stderr}`.split("\n").filter((l) => l.includes("[esac:debug]"));
    // The connector and the Fleet host log their request bodies (secret values masked) at debug level.
    expect(debugLines.some((l) => /Connector.*secrets/.test(l))).toBe(true);
    expect(debugLines.some((l) => /FleetServerHost.*ssl/.test(l))).toBe(true);
    for (const secret of [...EXAMPLE_SECRETS, bench.emulator.apiKey]) {
      expect(debugLines.filter((l) => l.includes(secret))).toEqual([]);
    }
    const calls = bench.callsSince(mark).filter((c) => c.path.includes("/detection_engine/"));
    expect(result.summary.resourceChanges).toEqual({ create: RESOURCES + 1 });
    const rules = await bench.rules(SPACE);
    const custom = [...rules.values()].filter((r) => !r.immutable);
    expect(custom).toHaveLength(RULES);
    expect(rules.size).toBe(RULES + PACKAGE_RULES);
    expect(new Set(custom.map((r) => r.type))).toEqual(
      new Set(["query", "saved_query", "eql", "esql", "threshold", "threat_match", "machine_learning", "new_terms"]),
    );
    const creates = calls.filter((c) => c.method === "POST" && c.path === `/s/${SPACE}/api/detection_engine/rules`);
    expect(creates).toHaveLength(RULES);
    // The rest is the prebuilt rules' work (src/prebuilt.ts), a fixed number of calls whatever the package's size.
    expect(
      calls
        .filter((c) => !creates.includes(c))
        .map((c) => `${c.method} ${c.path.replace(/rules\/[0-9a-f-]{36}\//, "rules/{id}/")}`)
        .sort(),
    ).toEqual([
      "GET /s/soc/api/detection_engine/rules", // RuleExceptions reads the rule's id
      // PrebuiltRules' installed rule_ids, the selection's catalog, PrebuiltRule's read of the rule
      "GET /s/soc/api/detection_engine/rules/_find",
      "GET /s/soc/api/detection_engine/rules/_find",
      "GET /s/soc/api/detection_engine/rules/_find",
      "GET /s/soc/api/detection_engine/rules/prepackaged/_status",
      "PATCH /s/soc/api/detection_engine/rules", // the Slack action and exception list on one rule
      "POST /s/soc/api/detection_engine/rules/_bulk_action", // enables the selected rules at once
      "POST /s/soc/api/detection_engine/rules/{id}/exceptions",
      "POST /s/soc/internal/detection_engine/prebuilt_rules/installation/_perform",
      "POST /s/soc/internal/detection_engine/prebuilt_rules/upgrade/_perform",
    ]);
    const prebuilt = [...rules.values()].filter((r) => r.immutable);
    expect(prebuilt.filter((r) => r.enabled).map((r) => r.rule_id)).toEqual(SELECTED);
    const customised = rules.get("esac-prebuilt-11");
    expect(customised.actions.map((a: { action_type_id: string }) => a.action_type_id)).toEqual([".slack"]);
    expect(customised.exceptions_list.map((l: { list_id: string }) => l.list_id)).toEqual(["esac-soc-tuning"]);
    expect(customised.rule_source).toMatchObject({ type: "external", is_customized: false });
    const [ruleDefault] = rules.get("esac-prebuilt-17").exceptions_list;
    expect(ruleDefault.type).toBe("rule_default");
    const items = await bench.kibana("GET", `/s/${SPACE}/api/exception_lists/items/_find?list_id=${ruleDefault.list_id}&namespace_type=single`);
    expect(items.body.data.map((i: { item_id: string }) => i.item_id)).toEqual(["esac-backup-agent-shadow-read"]);
    // The program creates its space (one POST) before anything in it.
    const spaceCalls = bench.callsSince(mark).filter((c) => c.path.startsWith("/api/spaces/"));
    expect(spaceCalls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /api/spaces/space"]);
    expect((await bench.kibana("GET", `/api/spaces/space/${SPACE}`)).body).toMatchObject({ id: SPACE, name: "Security Operations" });
    expect(bench.emulator.violations()).toEqual([]);
  });

  it("pulumi preview right after reports no changes and makes no HTTP call", async () => {
    const mark = bench.mark();
    const { steps, onEvent } = stepCollector();
    const result = await stack.preview({ onEvent });
    expect(changes(steps)).toEqual([]);
    expect(result.changeSummary).toEqual({ same: RESOURCES + 1 });
    expect(bench.callsSince(mark)).toEqual([]);
  });

  it("pulumi refresh shows an out-of-band edit and deletion, and pulumi up restores both", async () => {
    const outputs = await stack.outputs();
    const deployed = outputs.detectionRules.value as Record<string, { rule_id: string }>;
    const edited = deployed["ssh-brute-force"].rule_id;
    const deleted = deployed["web-shell-spawn"].rule_id;
    const before = (await bench.rules(SPACE)).get(edited);

    const patch = await bench.kibana("PATCH", `/s/${SPACE}/api/detection_engine/rules`, { rule_id: edited, name: "renamed in the UI", tags: [] });
    expect(patch.status).toBe(200);
    expect((await bench.kibana("DELETE", `/s/${SPACE}/api/detection_engine/rules?rule_id=${deleted}`)).status).toBe(200);

    const mark = bench.mark();
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1, same: RESOURCES - 1 });
    // One paged _find serves every rule of the space (DetectionRule and PrebuiltRule alike): ceil(N/1000) + 2 at most;
    // the prebuilt family adds a fixed PREBUILT_READS; the other families list theirs.
    const calls = bench.callsSince(mark);
    expect(calls.filter((c) => c.path.includes("/detection_engine/")).length).toBeLessThanOrEqual(
      Math.ceil((RULES + PACKAGE_RULES) / 1000) + 2 + PREBUILT_READS - 1,
    );
    expect(calls.every((c) => c.method === "GET")).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(10 + PREBUILT_READS);

    const { steps, onEvent } = stepCollector();
    const up = await stack.up({ onEvent });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, update: 1 });
    const update = changes(steps).find((s) => s.op === "update");
    expect(update?.name).toBe("ssh-brute-force");
    expect(update?.diffs).toEqual(expect.arrayContaining(["name", "tags"]));

    const after = await bench.rules(SPACE);
    expect(after.size).toBe(RULES + PACKAGE_RULES);
    expect(after.get(edited)).toMatchObject({ name: before.name, tags: before.tags });
    expect(after.has(deleted)).toBe(true);
  });

  it("refresh and up also catch drift of exceptions, value lists, Fleet hosts and entity engines", async () => {
    const item = "esac-backup-admin-tools";
    expect((await bench.kibana("DELETE", `/s/${SPACE}/api/exception_lists/items?item_id=${item}&namespace_type=single`)).status).toBe(200);
    expect((await bench.kibana("DELETE", `/s/${SPACE}/api/lists/items?list_id=esac-scanner-ips&value=10.20.0.11`)).status).toBe(200);
    expect((await bench.kibana("PUT", "/api/fleet/fleet_server_hosts/esac-fleet-server", { name: "renamed in Fleet" })).status).toBe(200);
    expect((await bench.kibana("PUT", `${V2}/stop`, { entityTypes: ["user"] })).status).toBe(200);

    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 3, delete: 1 });

    const { steps, onEvent } = stepCollector();
    await stack.up({ onEvent });
    expect(
      changes(steps)
        .map((s) => `${s.op} ${s.name}`)
        .sort(),
    ).toEqual(["create backup-admin-tools", "update fleet-server", "update scanner-ips-values", "update user-entities"]);
    expect((await bench.kibana("GET", `/s/${SPACE}/api/exception_lists/items?item_id=${item}&namespace_type=single`)).status).toBe(200);
    expect((await bench.kibana("GET", "/api/fleet/fleet_server_hosts/esac-fleet-server")).body.item.name).toBe("Fleet Server (esac)");
    const store = await bench.kibana("GET", `${V2}/status`);
    expect(store.body.engines.map((e: { type: string; status: string }) => `${e.type} ${e.status}`).sort()).toEqual(["host started", "user started"]);
    const values = await bench.kibana("GET", `/s/${SPACE}/api/lists/items/_find?list_id=esac-scanner-ips&per_page=100`);
    expect(values.body.data.map((v: { value: string }) => v.value).sort()).toEqual(["10.20.0.11", "10.20.0.12", "10.20.0.13", "192.168.50.7"]);

    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: RESOURCES + 1 });
  });

  it("keeps the API key, connector secrets and TLS keys out of the stack state and every serialized provider", async () => {
    const state = await bench.exportState(stack);
    const text = JSON.stringify(state);
    expect(text).toContain("kibana:apiKey");
    expect(text).toContain("ciphertext");
    expect(text).not.toContain(bench.emulator.apiKey);
    for (const secret of EXAMPLE_SECRETS) expect(text).not.toContain(secret);
    const resources = state.deployment.resources as { type: string; inputs?: Record<string, unknown> }[];
    const providers = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => String(r.inputs?.__provider));
    expect(providers).toHaveLength(RESOURCES);
    for (const provider of providers) {
      expect(provider).not.toContain(bench.emulator.apiKey);
      expect(provider).not.toMatch(/ApiKey |KIBANA_API_KEY=|Basic [A-Za-z0-9+/=]{8}/);
    }
  });

  it("pulumi destroy leaves the emulator empty", async () => {
    const mark = bench.mark();
    const result = await stack.destroy();
    const calls = bench.callsSince(mark);
    expect(result.summary.resourceChanges).toEqual({ delete: RESOURCES + 1 });
    // One DELETE per rule, and one PATCH that takes the Slack action and exception list off the prebuilt rule.
    expect(calls.filter((c) => c.path.includes("/detection_engine/"))).toHaveLength(RULES + 1);
    // Entity Store v2 uninstalls an engine type with a POST; everything else is a DELETE.
    expect(calls.filter((c) => c.method !== "GET" && c.method !== "DELETE").map((c) => `${c.method} ${c.path}`)).toEqual([
      `PATCH /s/${SPACE}/api/detection_engine/rules`,
      `POST ${V2}/uninstall`,
      `POST ${V2}/uninstall`,
    ]);
    // The prebuilt rules PrebuiltRules leaves installed go with the space, as everything a deleted space holds.
    expect((await bench.rules(SPACE)).size).toBe(0);
    const lists = await bench.kibana("GET", `/s/${SPACE}/api/exception_lists/_find?namespace_type=single&per_page=100`);
    expect(lists.body.data.map((l: { list_id: string }) => l.list_id)).not.toContain("esac-soc-tuning");
    expect((await bench.kibana("GET", `/s/${SPACE}/api/lists/_find?per_page=100`)).body.data).toEqual([]);
    expect((await bench.kibana("GET", `/s/${SPACE}/api/actions/connectors`)).body).toEqual([]);
    const hosts = await bench.kibana("GET", "/api/fleet/fleet_server_hosts");
    expect(hosts.body.items.map((h: { id: string }) => h.id)).not.toContain("esac-fleet-server");
    expect((await bench.kibana("GET", `/s/${SPACE}/api/entity_store/engines`)).body.engines).toEqual([]);
    expect((await bench.kibana("GET", `/api/spaces/space/${SPACE}`)).status).toBe(404);
    expect(bench.emulator.violations()).toEqual([]);
  });
});

/** The oldest release esac supports: up, preview and destroy only (the full run above covers the rest on the newest). */
describe(`examples/detections-as-code through the real Pulumi CLI (Kibana ${OLDEST_SUPPORTED_KIBANA})`, () => {
  let bench: E2EBench;
  let stack: Stack;

  beforeAll(async () => {
    bench = await E2EBench.start({ contract: true, version: OLDEST_SUPPORTED_KIBANA });
    stack = await bench.stack(join(EXAMPLES, "detections-as-code"));
  });

  afterAll(async () => {
    await bench?.close();
  });

  it("pulumi up creates every object (engines through the v1 engines API), preview after it is clean, destroy empties Kibana", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: RESOURCES + 1 });
    const rules = await bench.rules(SPACE);
    expect(rules.size).toBe(RULES + PACKAGE_RULES);
    expect([...rules.values()].filter((r) => r.immutable && r.enabled).map((r) => r.rule_id)).toEqual(SELECTED);
    // Before 9.3 rule_source has no customized_fields; the Slack action and exception list do not customise the rule.
    expect(rules.get("esac-prebuilt-11")).toMatchObject({
      rule_source: { type: "external", is_customized: false },
      exceptions_list: [{ list_id: "esac-soc-tuning" }],
    });
    const engines = await bench.kibana("GET", `/s/${SPACE}/api/entity_store/engines`);
    expect(engines.body.engines.map((e: { type: string; status: string }) => `${e.type} ${e.status}`).sort()).toEqual(["host started", "user started"]);
    expect((await bench.kibana("GET", `${V2}/status`)).status).toBe(404);

    const mark = bench.mark();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: RESOURCES + 1 });
    expect(bench.callsSince(mark)).toEqual([]);

    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: RESOURCES + 1 });
    expect((await bench.rules(SPACE)).size).toBe(0);
    expect((await bench.kibana("GET", `/s/${SPACE}/api/entity_store/engines`)).body.engines).toEqual([]);
    expect((await bench.kibana("GET", `/api/spaces/space/${SPACE}`)).status).toBe(404);
    expect(bench.emulator.violations()).toEqual([]);
  });
});
