"use strict";
/*
 * PULUMI_HOME for the CLI runs of tests and benches, without Pulumi's automatic log.
 *
 * Since pulumi/pulumi#23731 (June 2026) every `pulumi` command writes a gzipped, encrypted log of every property of
 * every engine call to $PULUMI_HOME/logs, and the CLI has no switch to turn it off. For one DetectionRules of 1,650
 * corpus rules that log took 9.6 s of a 17.4 s no-change preview (the engine's own profile: gzip of the logged
 * properties) and wrote 88 MB. The CLI skips the log, saying "automatic logging unavailable" at -v, when it cannot
 * create that directory: a file in its place is enough. Tests and benches do not read these logs, so they run
 * without them; `npm run bench:e2e` measures both ways.
 */
const { existsSync, mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const NOTE = "A file where Pulumi's automatic log directory would go: the CLI then writes no automatic log (see esac's test-support/pulumi-home.js).\n";

/** Creates `dir` as a PULUMI_HOME; unless `automaticLogs`, with the automatic log turned off. Returns `dir`. */
function pulumiHome(dir, { automaticLogs = false } = {}) {
  mkdirSync(dir, { recursive: true });
  const logs = join(dir, "logs");
  if (!automaticLogs && !existsSync(logs)) writeFileSync(logs, NOTE);
  return dir;
}

module.exports = { pulumiHome };
