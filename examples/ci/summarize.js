#!/usr/bin/env node
"use strict";
/*
 * Turns a `pulumi preview --event-log` file into a Markdown summary for CI: verdict, planned changes, policy
 * violations (mandatory ones block), errors, and the full `--diff` output in a collapsed block. No dependencies.
 *
 *   node summarize.js --events events.jsonl [--output preview.txt] [--exit-code N] [--stack S] [--program DIR]
 *
 * Also a module: `summarize({ events, output, exitCode, stack, program })` returns the Markdown.
 */
const fs = require("node:fs");
const path = require("node:path");

/** Room for the raw output: GitHub caps a pull-request comment at 65,536 characters. */
const MAX_OUTPUT_CHARS = 40_000;
const OP_SYMBOL = {
  create: "+",
  update: "~",
  delete: "-",
  replace: "+-",
  "create-replacement": "+-",
  "delete-replaced": "+-",
  read: ">",
  import: "=>",
  discard: "-",
  refresh: "~",
};
const LEVEL = { mandatory: "❌ mandatory", advisory: "⚠️ advisory", remediate: "🔧 remediated", disabled: "disabled" };

/** Parses an event log (one JSON engine event per line; a truncated last line is ignored). */
function parseEvents(text) {
  const events = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      // the CLI may still be writing the last line when it is killed
    }
  }
  return events;
}

/** `urn:pulumi:stack::project::type::name` → its parts (the type of a child resource is its last `$` segment). */
function parseUrn(urn) {
  const parts = String(urn || "").split("::");
  const stack = (parts[0] || "").replace(/^urn:pulumi:/, "");
  const types = (parts[2] || "").split("$");
  return { stack, project: parts[1] || "", type: types[types.length - 1], name: parts.slice(3).join("::") };
}

function shortType(type) {
  const m = /^pulumi-nodejs:dynamic\/esac:(.+)$/.exec(type || "");
  return m ? m[1] : type;
}

/** Markdown table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? "")
    .trim()
    .replace(/\|/g, "\\|")
    .replace(/\r?\n+/g, "<br>");
}

const code = (s) => "`" + String(s).replace(/`/g, "'") + "`";
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The policy message without the policy's description (the CLI sends "description\nmessage"). */
function violationText(message) {
  const lines = String(message || "")
    .trim()
    .split("\n");
  return lines.length > 1 ? lines.slice(1).join("\n").trim() : lines[0];
}

function summarize({ events, output = "", exitCode = 0, stack, program } = {}) {
  const changes = [];
  const violations = [];
  const errors = [];
  let summary;
  for (const e of events) {
    if (e.resourcePreEvent) {
      const md = e.resourcePreEvent.metadata || {};
      // A replacement is logged as three steps (create-replacement, replace, delete-replaced): count it once.
      const skip = ["same", "create-replacement", "delete-replaced"].includes(md.op);
      if (md.op && !skip && !/^pulumi:(pulumi:Stack|providers:)/.test(md.type || "")) {
        changes.push({ op: md.op, type: md.type, urn: md.urn, diffs: md.diffs || [] });
      }
    } else if (e.policyEvent) {
      violations.push(e.policyEvent);
    } else if (e.diagnosticEvent && e.diagnosticEvent.severity === "error") {
      const msg = String(e.diagnosticEvent.message || "").trim();
      if (msg && msg !== "preview failed") errors.push({ urn: e.diagnosticEvent.urn, message: msg });
    } else if (e.summaryEvent) {
      summary = e.summaryEvent;
    }
  }
  const first = changes[0] || violations[0];
  const where = first ? parseUrn(first.urn || first.resourceUrn) : {};
  const projectName = where.project || (program ? path.basename(program) : "program");
  const stackName = stack || where.stack || "stack";
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
  const advisory = violations.filter((v) => v.enforcementLevel !== "mandatory");

  let verdict;
  if (exitCode !== 0 && mandatory.length) verdict = `❌ blocked by ${plural(mandatory.length, "mandatory policy violation")}`;
  else if (exitCode !== 0) verdict = `💥 preview failed${errors.length ? "" : ` (pulumi exit status ${exitCode})`}`;
  else if (advisory.length) verdict = `⚠️ passed with ${plural(advisory.length, "advisory policy violation")}`;
  else verdict = "✅ passed";

  const lines = [];
  lines.push(`### Pulumi preview of ${code(`${projectName}/${stackName}`)}: ${verdict}`, "");

  const counts = {};
  for (const c of changes) counts[c.op] = (counts[c.op] || 0) + 1;
  const changeText = Object.entries(counts)
    .map(([op, n]) => `${n} to ${op}`)
    .join(", ");
  lines.push(`**Changes:** ${changeText || "none"}  `);
  const packs = summary && summary.PolicyPacks ? Object.entries(summary.PolicyPacks) : [];
  const packText = packs.map(([key, version]) => `${key.split("|")[0]}@${version}`).join(", ");
  lines.push(
    `**Policies:** ${packText || "no policy pack ran"}${packs.length ? ` — ${plural(mandatory.length, "mandatory violation")}, ${plural(advisory.length, "advisory violation")}` : ""}`,
    "",
  );

  if (violations.length) {
    lines.push("#### Policy violations", "", "| Level | Policy | Resource | Problem |", "|---|---|---|---|");
    const order = (v) => (v.enforcementLevel === "mandatory" ? 0 : 1);
    const sorted = [...violations].sort(
      (a, b) => order(a) - order(b) || a.policyName.localeCompare(b.policyName) || String(a.resourceUrn).localeCompare(String(b.resourceUrn)),
    );
    for (const v of sorted) {
      const r = parseUrn(v.resourceUrn);
      const resource = v.resourceUrn ? `${shortType(r.type)} ${code(r.name)}` : "(stack)";
      lines.push(`| ${LEVEL[v.enforcementLevel] || v.enforcementLevel} | ${code(v.policyName)} | ${cell(resource)} | ${cell(violationText(v.message))} |`);
    }
    lines.push("");
  }

  if (errors.length) {
    lines.push("#### Errors", "");
    for (const e of errors) {
      const r = e.urn ? parseUrn(e.urn) : undefined;
      lines.push(`- ${r && r.name ? `${shortType(r.type)} ${code(r.name)}: ` : ""}${cell(e.message)}`);
    }
    lines.push("");
  }

  if (changes.length) {
    lines.push("#### Planned changes", "", "| Op | Type | Resource | Changed fields |", "|---|---|---|---|");
    const sorted = [...changes].sort((a, b) => a.op.localeCompare(b.op) || a.urn.localeCompare(b.urn));
    for (const c of sorted) {
      const r = parseUrn(c.urn);
      lines.push(`| ${OP_SYMBOL[c.op] || ""} ${c.op} | ${cell(shortType(c.type))} | ${code(r.name)} | ${c.diffs.map(code).join(", ")} |`);
    }
    lines.push("");
  }

  const raw = output.trim();
  if (raw) {
    const shown =
      raw.length > MAX_OUTPUT_CHARS ? `${raw.slice(0, MAX_OUTPUT_CHARS)}\n… (${raw.length - MAX_OUTPUT_CHARS} more characters in the job log)` : raw;
    lines.push(
      "<details><summary>Full <code>pulumi preview --diff</code> output</summary>",
      "",
      "```diff",
      shown.replace(/```/g, "'''"),
      "```",
      "</details>",
      "",
    );
  }
  return lines.join("\n");
}

function main(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    opts[key] = argv[++i];
  }
  if (!opts.events) {
    console.error("usage: summarize.js --events FILE [--output FILE] [--exit-code N] [--stack S] [--program DIR]");
    process.exit(2);
  }
  const events = fs.existsSync(opts.events) ? parseEvents(fs.readFileSync(opts.events, "utf8")) : [];
  const output = opts.output && fs.existsSync(opts.output) ? fs.readFileSync(opts.output, "utf8") : "";
  process.stdout.write(summarize({ events, output, exitCode: Number(opts["exit-code"] || 0), stack: opts.stack, program: opts.program }));
}

module.exports = { summarize, parseEvents, parseUrn };
if (require.main === module) main(process.argv.slice(2));
