#!/usr/bin/env node
"use strict";
/*
 * The main job (`npm run demo`): start the embedded Kibana emulator, deploy examples/detections-as-code with the
 * real Pulumi CLI to a local file backend, print what was created, preview again (no changes, no HTTP calls), and
 * show how to point the same program at a real Kibana. Non-interactive. `--keep` leaves the emulator and the stack
 * running until Ctrl-C, for poking at them.
 *
 * The real-Kibana instructions come from realKibanaCommands(); test/e2e/src/demo-instructions.test.ts runs them as
 * printed against an emulator, so they keep working.
 */
const { mkdtempSync, mkdirSync, rmSync, unlinkSync, existsSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const PROGRAM = join(ROOT, "examples", "detections-as-code");
const STACK = "demo";
const PORT_VAR = "ESAC_DEMO_PORT";

/** The values a user replaces in realKibanaCommands() (and that the test replaces with an emulator's). */
const PLACEHOLDERS = Object.freeze({ endpoint: "https://kibana.example.com:5601", apiKey: "<base64 API key>" });
/** The stack and Kibana space the real-Kibana commands create and deploy to. */
const REAL_KIBANA = Object.freeze({ stack: "prod", space: "security" });

/**
 * Shell commands (bash, from the repository root, in a new shell) that deploy the example to a real Kibana. They
 * leave ~/.pulumi and the user's `pulumi login` alone: Pulumi's home, the stack state and the passphrase live under
 * ~/.esac. No inline comments: interactive zsh would run `#` as a command.
 */
function realKibanaCommands() {
  return [
    'export PATH="$(bash scripts/node22.sh):$(bash scripts/pulumi-cli.sh):$PATH"',
    'export PULUMI_HOME="$HOME/.esac/pulumi" PULUMI_BACKEND_URL="file://$HOME/.esac/state"',
    'export PULUMI_CONFIG_PASSPHRASE_FILE="$HOME/.esac/passphrase"',
    'mkdir -p "$HOME/.esac/state"',
    '[ -s "$PULUMI_CONFIG_PASSPHRASE_FILE" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$PULUMI_CONFIG_PASSPHRASE_FILE")',
    "cd examples/detections-as-code",
    `pulumi stack init ${REAL_KIBANA.stack}`,
    `pulumi config set kibana:endpoint ${PLACEHOLDERS.endpoint}`,
    `pulumi config set --secret kibana:apiKey '${PLACEHOLDERS.apiKey}'`,
    `pulumi config set space ${REAL_KIBANA.space}`,
    "pulumi preview",
    "pulumi up --yes",
  ].join("\n");
}

/** The text the demo prints under "Point the same program at a real Kibana". */
function realKibanaInstructions() {
  const indented = realKibanaCommands()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `From the repository root, in a new bash shell (replace the endpoint and the API key):

${indented}

- PATH: the Node 22 and Pulumi CLI the demo used (scripts/pulumi-cli.sh reuses a new enough \`pulumi\` on your PATH).
- PULUMI_HOME and PULUMI_BACKEND_URL keep Pulumi's settings and the stack state under ~/.esac, for this shell only:
  your \`pulumi login\` and ~/.pulumi stay as they are. A team would use a shared backend (s3://, azblob://, gs://).
- ~/.esac/passphrase encrypts the API key in Pulumi.${REAL_KIBANA.stack}.yaml and in the state: keep it safe and back it
  up; without it the stack's secrets cannot be read and the stack cannot be updated.
- Later, in a new shell: the three export lines and the cd, then pulumi preview / pulumi up (the stack stays selected).
- To keep the API key out of your shell history, leave its value off: \`pulumi config set --secret kibana:apiKey\` asks.
- space: the Kibana space the rules go to; the example creates it (a Space resource; "default" is used as it is).
- The example also reads slackWebhookUrl (secret), fleetServerCertificate and fleetServerKey (secret); without them
  it deploys its placeholders. \`pulumi up --yes\` applies without asking again; leave off --yes to confirm.
- prebuiltRuleIds: the Elastic prebuilt rules the example customises and leaves off. Its defaults are rules of the
  emulator's package: on a real Kibana set them first (examples/detections-as-code/src/prebuilt.ts says which).
- Without stack config: export KIBANA_ENDPOINT=… KIBANA_API_KEY=… (or KIBANA_USERNAME/KIBANA_PASSWORD; also
  KIBANA_CA_CERTS, KIBANA_INSECURE).`;
}

/** A failure the user can act on: what went wrong, then what to do about it. */
class DemoError extends Error {
  constructor(message, remedy) {
    super(message);
    this.remedy = remedy;
  }
}

const REPORT = "if it persists, please report it with the output above";

function demoPort() {
  const raw = process.env[PORT_VAR];
  if (raw === undefined || raw.trim() === "") return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DemoError(`${PORT_VAR}=${raw} is not a port number`, `use 0 to 65535 (0 picks any free port)`);
  }
  return port;
}

function loadModules() {
  try {
    return { ...require("@pulumi/pulumi/automation"), ...require("@esac/kibana-emulator") };
  } catch (error) {
    if (error && error.code === "MODULE_NOT_FOUND") {
      throw new DemoError(
        `cannot load ${/'([^']+)'/.exec(error.message)?.[1] ?? "a dependency"} (not installed or not built)`,
        "run `npm run demo` from the repository root: it installs and builds first",
      );
    }
    throw error;
  }
}

async function startKibana(startEmulator) {
  const port = demoPort();
  try {
    return await startEmulator({ port, contract: true });
  } catch (error) {
    if (error && error.code === "EADDRINUSE") {
      throw new DemoError(
        `port ${port} (${PORT_VAR}) is already in use`,
        `stop what listens there, or pick another port: ${PORT_VAR}=0 npm run demo (any free port)`,
      );
    }
    throw new DemoError(`starting the Kibana emulator failed: ${firstLine(error)}`, `run \`npm run build\`, then retry; ${REPORT}`);
  }
}

/** Runs one Pulumi step, turning a CLI failure into its error lines plus a remedy. */
async function pulumiStep(what, remedy, run) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DemoError) throw error;
    const result = error && error.commandResult;
    if (result && result.err && result.err.code === "ENOENT") {
      throw new DemoError(
        "the Pulumi CLI is not on PATH",
        'run the demo as `npm run demo` (it puts the CLI on PATH), or first: export PATH="$(bash scripts/pulumi-cli.sh):$PATH"',
      );
    }
    throw new DemoError(`${what} failed: ${pulumiErrorLines(error)}`, remedy);
  }
}

/** The `error:` lines Pulumi printed (the Automation API's message is the whole stdout and stderr). */
function pulumiErrorLines(error) {
  const result = error && error.commandResult;
  if (!result) return firstLine(error);
  const lines = `${result.stdout}\n${result.stderr}`.split("\n").map((l) => l.trim());
  const errors = [...new Set(lines.filter((l) => l.startsWith("error:")).map((l) => l.slice("error:".length).trim()))];
  // "update failed" only says that some resource failed; the resources' own lines say why.
  const specific = errors.filter((e) => e !== "update failed");
  if (errors.length) return (specific.length ? specific : errors).slice(0, 3).join(" / ");
  return lines.filter(Boolean).pop() ?? `pulumi exited with code ${result.code}`;
}

function firstLine(error) {
  const text = error && error.message ? error.message : String(error);
  return text.split("\n")[0];
}

async function main() {
  const { LocalWorkspace, startEmulator } = loadModules();
  const kibana = await startKibana(startEmulator);
  const stateDir = mkdtempSync(join(tmpdir(), "esac-demo-"));
  mkdirSync(join(stateDir, "backend"));
  const envVars = {
    PULUMI_BACKEND_URL: `file://${join(stateDir, "backend")}`,
    PULUMI_HOME: join(stateDir, "pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "esac-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The stack config below is the only connection: a developer's KIBANA_* must not override it.
    KIBANA_ENDPOINT: "",
    KIBANA_API_KEY: "",
    KIBANA_USERNAME: "",
    KIBANA_PASSWORD: "",
  };
  const cleanUp = async () => {
    const stackFile = join(PROGRAM, `Pulumi.${STACK}.yaml`);
    if (existsSync(stackFile)) unlinkSync(stackFile);
    rmSync(stateDir, { recursive: true, force: true });
    await kibana.stop();
  };

  try {
    heading(`Kibana emulator at ${kibana.url} (every request checked against Kibana's OpenAPI contract)`);
    const stack = await pulumiStep("creating the demo stack", `check the Pulumi CLI: bash scripts/run.sh pulumi version; ${REPORT}`, async () => {
      const created = await LocalWorkspace.createOrSelectStack({ stackName: STACK, workDir: PROGRAM }, { envVars });
      await created.setAllConfig({
        "kibana:endpoint": { value: kibana.url },
        "kibana:apiKey": { value: kibana.apiKey, secret: true },
      });
      return created;
    });

    heading(`pulumi up — ${PROGRAM}`);
    const up = await pulumiStep(
      "pulumi up",
      `the output above names the failing resource; ESAC_LOG_LEVEL=debug npm run demo shows its HTTP calls; ${REPORT}`,
      () => stack.up({ onOutput: (text) => process.stdout.write(text), color: "never" }),
    );
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
      // A space is not in a space: its own id goes in that column.
      for (const item of [].concat(out)) rows.push([kind, "", "", item.id, item.space_id ?? (kind === "space" ? item.id : "")]);
    }
    printTable(["resource", "type", "enabled", "Kibana id", "space"], rows);
    const resources = up.summary.resourceChanges?.create ?? rows.length;
    const byMethod = {};
    for (const r of upCalls) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
    const breakdown = Object.entries(byMethod)
      .map(([m, n]) => `${n} ${m}`)
      .join(", ");
    const prebuilt = up.outputs.prebuiltRules?.value;
    if (prebuilt) {
      const enabled = await enabledPrebuiltRules(kibana, platform.space?.id ?? "default");
      console.log(
        `\nElastic's prebuilt rules (the emulator's package): ${prebuilt.installed} installed, ${enabled.length} enabled (${enabled.join(", ")}); ` +
          `${prebuilt.customised.rule_id} notifies Slack and uses the SOC's exception list.`,
      );
    }
    console.log(`\n${resources - 1} resources, ${upCalls.length} HTTP calls to Kibana (${breakdown}): one per create, plus the`);
    console.log("value lists' data-stream check, the entity engines' status polls until they are started, and the prebuilt");
    console.log("rules' reads (package status, installed rules, the rules to customise).");

    heading("pulumi preview (again)");
    const before = kibana.requests().length;
    const preview = await pulumiStep("pulumi preview", REPORT, () => stack.preview({ color: "never" }));
    const summary = Object.entries(preview.changeSummary)
      .map(([op, n]) => `${n} ${op}`)
      .join(", ");
    const calls = kibana.requests().length - before;
    console.log(`${summary} — ${calls} HTTP calls to Kibana during the preview.`);
    const drift = Object.keys(preview.changeSummary).filter((op) => op !== "same");
    if (drift.length || calls) {
      throw new DemoError(`expected a no-change preview without HTTP calls, got ${summary} and ${calls} calls`, `this is a bug in esac; ${REPORT}`);
    }
    const violations = kibana.violations();
    if (violations.length) {
      throw new DemoError(
        `the emulator recorded ${violations.length} OpenAPI contract violation(s), the first: ${JSON.stringify(violations[0])}`,
        `this is a bug in esac; ${REPORT}`,
      );
    }

    heading("Point the same program at a real Kibana");
    console.log(realKibanaInstructions());

    if (keep()) {
      heading("--keep: the emulator stays up; Ctrl-C to stop");
      console.log(`  export KIBANA_ENDPOINT=${kibana.url} KIBANA_API_KEY=${kibana.apiKey}`);
      console.log(
        `  export PULUMI_BACKEND_URL=${envVars.PULUMI_BACKEND_URL} PULUMI_HOME=${envVars.PULUMI_HOME} PULUMI_CONFIG_PASSPHRASE=${envVars.PULUMI_CONFIG_PASSPHRASE}`,
      );
      await new Promise((done) => process.once("SIGINT", done));
    }
  } finally {
    await cleanUp();
  }
}

function keep() {
  return process.argv.includes("--keep");
}

async function getRule(kibana, spaceId, ruleId) {
  const prefix = spaceId === "default" ? "" : `/s/${spaceId}`;
  const res = await fetch(`${kibana.url}${prefix}/api/detection_engine/rules?rule_id=${encodeURIComponent(ruleId)}`, {
    headers: { authorization: `ApiKey ${kibana.apiKey}`, "elastic-api-version": "2023-10-31" },
  });
  if (!res.ok) throw new DemoError(`reading rule ${ruleId} back from the emulator: HTTP ${res.status}`, `this is a bug in esac; ${REPORT}`);
  return res.json();
}

/** rule_ids of the space's enabled prebuilt rules, as Kibana lists them. */
async function enabledPrebuiltRules(kibana, spaceId) {
  const prefix = spaceId === "default" ? "" : `/s/${spaceId}`;
  const filter = encodeURIComponent("alert.attributes.params.immutable: true and alert.attributes.enabled: true");
  const res = await fetch(`${kibana.url}${prefix}/api/detection_engine/rules/_find?per_page=1000&filter=${filter}`, {
    headers: { authorization: `ApiKey ${kibana.apiKey}`, "elastic-api-version": "2023-10-31" },
  });
  if (!res.ok) throw new DemoError(`listing prebuilt rules from the emulator: HTTP ${res.status}`, `this is a bug in esac; ${REPORT}`);
  return (await res.json()).data.map((r) => r.rule_id).sort();
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

module.exports = { PLACEHOLDERS, REAL_KIBANA, realKibanaCommands, realKibanaInstructions };

if (require.main === module) {
  main().catch((error) => {
    if (error instanceof DemoError) {
      console.error(`demo failed: ${error.message}; ${error.remedy}`);
    } else {
      console.error(`demo failed: ${error && error.stack ? error.stack : error}`);
    }
    process.exit(1);
  });
}
