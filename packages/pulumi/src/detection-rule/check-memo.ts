import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stackConfigValue } from "../provider-kit/config";
import { canonicalJson, deepEqual } from "../provider-kit/json";
import { carriedOptions, OPTION_KEYS } from "../provider-kit/kibana-target";
import { VERSION_CONFIG_KEY } from "../provider-kit/kibana-version";
import { CUSTOM_FIELDS_CONFIG_KEY, QUERY_FIELD_CHECK_CONFIG_KEY } from "./query-check";

type Obj = Record<string, unknown>;

/*
 * Checking a rule (schema, defaults, normal form, query parse) costs about a millisecond, at every preview, for every
 * rule. Its result depends only on the program's inputs, on esac's code and on the stack config the check reads, so
 * the checked inputs keep a digest of those: when the program's inputs give the same digest, the state's checked
 * inputs are the check's result. The digest sits under a `__` key, which Pulumi leaves out of its diff display, and
 * which neither the request body nor the diff reads (both take the rule's own fields). `read` (refresh) does not keep
 * it, so a rule refreshed from Kibana is always checked again.
 *
 * A digest is recorded only with a rule whose checked inputs change anyway (a new rule, an edited one). Recording
 * new digests for unchanged rules would change every resource's inputs after an esac upgrade or a change of the check's
 * config, and with Pulumi's default checkpoints the engine rewrites the whole state once per changed resource: 72 s for
 * 418 rules. Such rules keep their inputs, and are checked in full until they next change.
 */

/** Input key of a DetectionRule: the digest of what its checked inputs were made from. */
export const RULE_SOURCE_KEY = "__esac_rule_source";

/** Stack config read by the rule check: a change to one of them checks every rule again. */
const CHECK_CONFIG_KEYS = [VERSION_CONFIG_KEY, QUERY_FIELD_CHECK_CONFIG_KEY, CUSTOM_FIELDS_CONFIG_KEY];

let packageVersion: string | undefined;
function esacVersion(): string {
  packageVersion ??= (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
  return packageVersion;
}

/** What else a rule's check depends on: esac's version and the stack config the check reads. */
export function checkFingerprint(): string {
  return JSON.stringify([esacVersion(), ...CHECK_CONFIG_KEYS.map(stackConfigValue)]);
}

/** The digest of a rule's source text under `fingerprint` (see checkFingerprint). */
export function sourceDigest(fingerprint: string, text: string): string {
  return createHash("sha256").update(fingerprint).update("\n").update(text).digest("base64url");
}

/**
 * The digest of a DetectionRule's program inputs. The connection is left out: it holds credentials, which no digest in
 * the state should be made from, and the check only carries it over.
 */
export function ruleSourceOf(news: Obj): string {
  const { connection: _connection, __provider: _provider, ...source } = news;
  return sourceDigest(checkFingerprint(), canonicalJson(source));
}

/**
 * The state's checked inputs, when they were made from inputs with this `source` digest: the per-resource options
 * carried over from the program's inputs (the connection may have changed), everything else as checked.
 */
export function reusableCheck(olds: Obj, news: Obj, source: string): Obj | undefined {
  if (olds[RULE_SOURCE_KEY] !== source) return undefined;
  const checked = Object.fromEntries(Object.entries(olds).filter(([key]) => !(OPTION_KEYS as readonly string[]).includes(key)));
  return { ...checked, ...carriedOptions(news) };
}

/**
 * The inputs a full check returns: the state's own when the check gives them again (their digest, stale or missing,
 * is kept: see above), else the checked inputs with this `source` digest.
 */
export function withRuleSource(olds: Obj, checked: Obj, source: string): Obj {
  const { [RULE_SOURCE_KEY]: _digest, __provider: _provider, ...previous } = olds;
  return deepEqual(previous, checked) ? olds : { ...checked, [RULE_SOURCE_KEY]: source };
}
