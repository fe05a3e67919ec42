#!/usr/bin/env node
"use strict";
/*
 * The main job (`npm run demo`): start the embedded Kibana emulator, deploy examples/detections-as-code with the
 * real Pulumi CLI to a local file backend, print what was created, preview again (no changes, no HTTP calls), and
 * show how to point the same program at a real Kibana. Non-interactive. `--keep` leaves the emulator and the stack
 * running until Ctrl-C, for poking at them.
 */
const { mkdtempSync, mkdirSync, rmSync, unlinkSync, existsSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const { startEmulator } = require("@esac/kibana-emulator");

const ROOT = resolve(__dirname, "..");
const PROGRAM = join(ROOT, "examples", "detections-as-code");
const STACK = "demo";
const keep = process.argv.includes("--keep");

async function main() {
  const kibana = await startEmulator({ port: Number(process.env.ESAC_DEMO_PORT ?? 0), contract: true });
  const stateDir = mkdtempSync(join(tmpdir(), "esac-demo-"));
  mkdirSync(join(stateDir, "backend"));
  const envVars = {
    PULUMI_BACKEND_URL: `file://${join(stateDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE || "esac-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const cleanUp = async () => {
    const stackFile = join(PROGRAM, `Pulumi.${STACK}.yaml`);
    if (existsSync(stackFile)) unlinkSync(stackFile);
    rmSync(stateDir, { recursive: true, force: true });
    await kibana.stop();
  };

  try {
    heading(`Kibana emulator at ${kibana.url} (requests checked against Kibana's OpenAPI bundles)`);
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: STACK, workDir: PROGRAM }, { envVars });
    await stack.setAllConfig({
      "kibana:endpoint": { value: kibana.url },
      "kibana:apiKey": { value: kibana.apiKey, secret: true },
    });

    heading(`pulumi up — ${PROGRAM}`);
    const up = await stack.up({ onOutput: (text) => process.stdout.write(text), color: "never" });
    const upCalls = kibana.requests();

    heading("Created in Kibana");
    const deployed = up.outputs.detectionRules?.value ?? {};
    const rows = [];
    for (const [resource, out] of Object.entries(deployed)) {
      const rule = await getRule(kibana, out.space_id, out.rule_id);
      rows.push([resource, rule.type, rule.enabled ? "yes" : "no", out.id, out.space_id]);
    }
    const platform = up.outputs.platformObjects?.value ?? {};
    for (const [kind, out] of Object.entries(platform)) {
      for (const item of [].concat(out)) rows.push([kind, "", "", item.id, item.space_id]);
    }
    printTable(["resource", "type", "enabled", "Kibana id", "space"], rows);
    const resources = up.summary.resourceChanges?.create ?? rows.length;
    const byMethod = {};
    for (const r of upCalls) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
    const breakdown = Object.entries(byMethod).map(([m, n]) => `${n} ${m}`).join(", ");
    console.log(`\n${resources - 1} resources, ${upCalls.length} HTTP calls to Kibana (${breakdown}): one per create, plus the`);
    console.log("value lists' data-stream check and the entity engines' status polls until they are started.");

    heading("pulumi preview (again)");
    const before = kibana.requests().length;
    const preview = await stack.preview({ color: "never" });
    const summary = Object.entries(preview.changeSummary).map(([op, n]) => `${n} ${op}`).join(", ");
    const calls = kibana.requests().length - before;
    console.log(`${summary} — ${calls} HTTP calls to Kibana during the preview.`);
    const drift = Object.keys(preview.changeSummary).filter((op) => op !== "same");
    if (drift.length || calls) throw new Error(`expected a no-change preview without HTTP calls, got ${summary} and ${calls} calls`);
    const violations = kibana.violations();
    if (violations.length) throw new Error(`the emulator recorded ${violations.length} OpenAPI contract violation(s): ${JSON.stringify(violations[0])}`);

    heading("Point the same program at a real Kibana");
    console.log(`  cd examples/detections-as-code
  pulumi login --local                      # or your usual backend
  pulumi stack init prod
  pulumi config set kibana:endpoint https://kibana.example.com:5601
  pulumi config set --secret kibana:apiKey <base64 API key>
  pulumi config set space soc               # an existing Kibana space
  pulumi preview && pulumi up

or, without stack config: export KIBANA_ENDPOINT=… KIBANA_API_KEY=… (also KIBANA_USERNAME/KIBANA_PASSWORD,
KIBANA_CA_CERTS, KIBANA_INSECURE).`);

    if (keep) {
      heading("--keep: the emulator stays up; Ctrl-C to stop");
      console.log(`  export KIBANA_ENDPOINT=${kibana.url} KIBANA_API_KEY=${kibana.apiKey}`);
      console.log(`  export PULUMI_BACKEND_URL=${envVars.PULUMI_BACKEND_URL} PULUMI_CONFIG_PASSPHRASE=${envVars.PULUMI_CONFIG_PASSPHRASE}`);
      await new Promise((done) => process.once("SIGINT", done));
    }
  } finally {
    await cleanUp();
  }
}

async function getRule(kibana, spaceId, ruleId) {
  const prefix = spaceId === "default" ? "" : `/s/${spaceId}`;
  const res = await fetch(`${kibana.url}${prefix}/api/detection_engine/rules?rule_id=${encodeURIComponent(ruleId)}`, {
    headers: { authorization: `ApiKey ${kibana.apiKey}`, "elastic-api-version": "2023-10-31" },
  });
  if (!res.ok) throw new Error(`reading rule ${ruleId}: HTTP ${res.status}`);
  return res.json();
}

function heading(text) {
  console.log(`\n== ${text}\n`);
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error && error.message ? error.message : error}`);
  process.exit(1);
});
