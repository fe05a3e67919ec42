"use strict";
/*
 * The rule corpora that tests and benches run over: the shared corpus (1,650 real Elastic rules, kept next to the
 * clone in ../shared/corpus and never committed: it is Elastic-licensed) and the repository's own small corpus
 * (test-support/corpus, written for this project, always present).
 *
 * Why here, at the repository root, and not in a package: every test that needs a corpus can reach this one file by
 * a relative path (kibana-client, which must not depend on the emulator; the emulator; pulumi and its benches; the
 * e2e benches), so there is one mechanism instead of a copy per package; and no package lists it in `files`, so
 * neither the corpus nor this helper ever ships to npm. Plain CommonJS with a .d.ts, so jest (through SWC), tsc and
 * the plain-node benches load it as it is.
 */
const { readFileSync, statSync } = require("node:fs");
const { dirname, join, relative, resolve } = require("node:path");

const REPO_ROOT = resolve(__dirname, "..");
const ENV_VAR = "ESAC_CORPUS_DIR";
const SHARED_RULES = "detection-rules.dev.ndjson";
const SHARED_KIBANA_EXPORT = "samples/main/custom-consolidated-rules.ndjson";
/** Stated in the shared corpus's README; a shorter file means a truncated or different copy. */
const SHARED_RULE_COUNT = 1650;

const OWN_DIR = join(__dirname, "corpus");
/** Lines in test-support/corpus/rules.ndjson: update it together with the file. */
const OWN_RULE_COUNT = 29;

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `../shared/corpus` beside the clone: where a developer (and CI) keeps the shared corpus. */
function defaultSharedCorpusDir() {
  return resolve(REPO_ROOT, "..", "shared", "corpus");
}

function sharedCorpusAt(dir) {
  return {
    kind: "shared",
    dir,
    rulesFile: join(dir, SHARED_RULES),
    kibanaExportFile: join(dir, SHARED_KIBANA_EXPORT),
    ruleCount: SHARED_RULE_COUNT,
  };
}

/**
 * The shared corpus, or undefined when there is none: `$ESAC_CORPUS_DIR` when set (an error when it does not hold
 * the corpus: a wrong path must not pass for "not installed"), else the first `<ancestor>/shared/corpus` above the
 * repository.
 */
function findSharedCorpus() {
  const fromEnv = process.env[ENV_VAR];
  if (fromEnv) {
    const dir = resolve(fromEnv);
    if (!isFile(join(dir, SHARED_RULES))) {
      throw new Error(`${ENV_VAR}=${fromEnv}: no ${SHARED_RULES} there; point it at the folder that holds the shared corpus, or unset it`);
    }
    return sharedCorpusAt(dir);
  }
  for (let dir = REPO_ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, "shared", "corpus");
    if (isFile(join(candidate, SHARED_RULES))) return sharedCorpusAt(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The repository's own corpus: every rule type and the edge cases the shared one taught us. Always present. */
const ownCorpus = Object.freeze({
  kind: "own",
  dir: OWN_DIR,
  rulesFile: join(OWN_DIR, "rules.ndjson"),
  kibanaExportFile: join(OWN_DIR, "kibana-export.ndjson"),
  ruleCount: OWN_RULE_COUNT,
});

/** `CI=true` (or any value but empty, `0`, `false`): the shared corpus is required, not optional. */
function corpusRequired() {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/** How to make the shared corpus available: said the same way in every skip and CI failure. */
function howToGetIt() {
  return `put it at ../shared/corpus next to the clone (${defaultSharedCorpusDir()}) or set ${ENV_VAR} to its folder`;
}

/**
 * A jest `describe` over the shared corpus. Found: `body(corpus)` defines the tests. Not found with `CI=true`: one
 * failing test saying the corpus is required and where it is looked for (a skip would leave the run green). Not
 * found otherwise: the block is skipped and one line on stderr says what and how to get the corpus.
 */
function describeWithSharedCorpus(title, body) {
  const corpus = findSharedCorpus();
  if (corpus) {
    describe(title, () => body(corpus));
    return;
  }
  if (corpusRequired()) {
    describe(title, () => {
      it("finds the shared corpus (required when CI is set)", () => {
        throw new Error(
          `The shared corpus is required in CI (CI=${process.env.CI}) and was not found: ${ENV_VAR} is unset and no ancestor of ${REPO_ROOT} has shared/corpus. To provide it, ${howToGetIt()}.`,
        );
      });
    });
    return;
  }
  process.stderr.write(`skipped: "${title}": the shared corpus was not found. To run it, ${howToGetIt()}.\n`);
  describe.skip(title, () => {
    it("needs the shared corpus", () => undefined);
  });
}

/** For benches: the shared corpus when found, else the repository's own, with a line saying which. */
function benchCorpus() {
  const shared = findSharedCorpus();
  if (shared) return { corpus: shared, description: `the shared corpus (${shared.rulesFile}, ${shared.ruleCount} rules)` };
  return {
    corpus: ownCorpus,
    description: `the repository's own corpus (${relative(process.cwd(), ownCorpus.rulesFile)}, ${ownCorpus.ruleCount} rules; the shared corpus was not found: ${howToGetIt()})`,
  };
}

/** One JSON value per non-empty line. */
function readNdjson(file) {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${i + 1}: ${error.message}`, { cause: error });
      }
    });
}

module.exports = { benchCorpus, corpusRequired, describeWithSharedCorpus, findSharedCorpus, ownCorpus, readNdjson };
