#!/usr/bin/env node
"use strict";
/*
 * `node scripts/check-release-tag.js v0.2.0`: exits 0 when every published package (packages/*, not private) has
 * the tag's version, else 1 naming the packages that differ. The release workflow runs it before publishing, so a
 * tag pushed without `npm run release:version` publishes nothing.
 */
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const tag = process.argv[2] ?? "";
const match = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag);
if (!match) {
  console.error(`check-release-tag: "${tag}" is not a release tag; expected v<major>.<minor>.<patch>, e.g. v0.2.0`);
  process.exit(1);
}
const version = match[1];
const packages = readdirSync(join(root, "packages"))
  .map((dir) => JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")))
  .filter((manifest) => !manifest.private);
const differing = packages.filter((manifest) => manifest.version !== version);
if (differing.length) {
  console.error(
    `check-release-tag: tag ${tag} but ${differing.map((m) => `${m.name} is ${m.version}`).join(", ")}; ` +
      "run `npm run release:version`, commit, and tag that commit",
  );
  process.exit(1);
}
console.log(`check-release-tag: ${packages.map((m) => m.name).join(", ")} are all ${version}`);
