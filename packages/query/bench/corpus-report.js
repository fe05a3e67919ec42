"use strict";
/*
 * What checkRuleQueries finds over the rule corpora (the shared one when present, and the repository's own), with
 * default options: findings by severity and kind, the most frequent unknown fields, and the other findings in full.
 * `node bench/corpus-report.js [--top N]`; needs `npm run build` first (it loads dist/).
 */
const { checkRuleQueries } = require("../dist");
const { findSharedCorpus, ownCorpus, readNdjson } = require("../../../test-support/corpus");

const topArg = process.argv.indexOf("--top");
const TOP = topArg > 0 ? Number(process.argv[topArg + 1]) : 40;

function report(corpus) {
  const rules = readNdjson(corpus.rulesFile);
  const byKind = {};
  const unknown = new Map();
  const others = [];
  let rulesWithFindings = 0;
  for (const rule of rules) {
    const findings = checkRuleQueries(rule);
    if (findings.length > 0) rulesWithFindings++;
    for (const finding of findings) {
      const key = `${finding.severity} ${finding.kind}`;
      byKind[key] = (byKind[key] ?? 0) + 1;
      if (finding.kind === "unknown-field") {
        const name = /field "([^"]+)"/.exec(finding.message)[1];
        const entry = unknown.get(name) ?? { rules: 0, args: new Set() };
        entry.rules++;
        entry.args.add(finding.field);
        unknown.set(name, entry);
      } else {
        others.push(`${rule.rule_id ?? rule.name} ${finding.severity} ${finding.kind} ${finding.field}: ${finding.message}`);
      }
    }
  }
  const prefixes = new Map();
  for (const [name, { rules: count }] of unknown) {
    const prefix = name.split(".")[0];
    prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + count);
  }
  console.log(`\n${corpus.kind} corpus: ${rules.length} rules, ${rulesWithFindings} with findings`);
  console.log("findings by severity and kind:", byKind);
  console.log(`distinct unknown fields: ${unknown.size}; by first name segment (uses):`);
  console.log(
    [...prefixes]
      .sort((a, b) => b[1] - a[1])
      .map(([p, n]) => `${p} ${n}`)
      .join(", "),
  );
  console.log(`top ${TOP} unknown fields (rules using them):`);
  for (const [name, { rules: count, args }] of [...unknown].sort((a, b) => b[1].rules - a[1].rules).slice(0, TOP)) {
    console.log(`  ${String(count).padStart(4)} ${name} (${[...args].join(", ")})`);
  }
  if (others.length > 0) console.log("other findings:\n  " + others.join("\n  "));
}

const shared = findSharedCorpus();
if (shared) report(shared);
else console.log("no shared corpus (../shared/corpus or $ESAC_CORPUS_DIR): own corpus only");
report(ownCorpus);
