#!/usr/bin/env node
"use strict";
/* Regenerates contract/kibana-openapi.snapshot.json from the Kibana OpenAPI bundles (needs a build: tsc -b). */
const { findBundlesDir, writeSnapshot } = require("../dist/contract/snapshot");

const dir = findBundlesDir();
if (!dir) {
  console.error("contract:snapshot: the Kibana OpenAPI bundles were not found; set ESAC_KIBANA_OPENAPI_DIR or put them in ../shared/kibana-openapi");
  process.exit(1);
}
try {
  const { file, bytes, operations } = writeSnapshot(dir);
  console.log(`contract:snapshot: wrote ${file} (${operations} operations, ${(bytes / 1024).toFixed(0)} KiB) from ${dir}`);
} catch (e) {
  console.error(`contract:snapshot: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
