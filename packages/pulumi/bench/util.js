"use strict";

// The providers' own bounded-concurrency helper.
const { inPool: pool } = require("../dist/provider-kit/kibana-target");

function printTable(rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(width[i])).join(" | ") + " |";
  console.log(line(cols));
  console.log("|" + width.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

module.exports = { pool, printTable };
