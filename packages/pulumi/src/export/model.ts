import type { KibanaSnapshot } from "./read";
import {
  connectorData,
  connectorSecretKeys,
  connectorSkipReason,
  entityEngineData,
  exceptionListData,
  fleetServerHostData,
  isPrebuiltRule,
  ruleData,
  spaceData,
  valueListData,
} from "./shape";

type Obj = Record<string, unknown>;

/** A secret Kibana never returns: the stack config key the generated program reads it from, and what it is. */
export interface SecretPlaceholder {
  configKey: string;
  /** What to put there, e.g. `{"user":"…","password":"…"}` or `PEM text`. */
  shape: string;
  about: string;
}

/** One object that is not exported, and why. */
export interface Skipped {
  family: string;
  key: string;
  reason: string;
}

/** The export, as data files (path → JSON value), secrets to set, counts and what was left out. */
export interface ExportModel {
  files: Map<string, unknown>;
  secrets: SecretPlaceholder[];
  counts: Record<string, number>;
  skipped: Skipped[];
}

/** File-name form of a key: characters a file system or a shell might mind become `_`. */
export function fileName(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]/g, "_") + ".json";
}

/** A config key (Pulumi accepts letters, digits, `_`, `-`, `.` without quoting). */
function configKey(...parts: string[]): string {
  return parts.join("_").replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * Turns what was read into the project's data files: `spaces/`, `rules/<space>/`, `value-lists/<space>/`,
 * `exception-lists/<space>/`, `connectors/<space>/`, `entity-engines/<space>/`, `prebuilt-rules/<space>.json`,
 * `fleet-server-hosts/`, and `secrets.json` (which config key feeds which secret).
 */
export function buildModel(snapshot: KibanaSnapshot): ExportModel {
  const files = new Map<string, unknown>();
  const secrets: SecretPlaceholder[] = [];
  const skipped: Skipped[] = [];
  const counts: Record<string, number> = {};
  const count = (family: string) => (counts[family] = (counts[family] ?? 0) + 1);
  const secretRefs: { connectors: Obj; fleetServerHosts: Obj } = { connectors: {}, fleetServerHosts: {} };

  for (const [spaceId, s] of snapshot.spaces) {
    if (s.space && spaceId !== "default") {
      files.set(`spaces/${fileName(spaceId)}`, spaceData(s.space));
      count("spaces");
    } else if (spaceId === "default") {
      skipped.push({ family: "spaces", key: "default", reason: "the default space always exists and cannot be deleted: nothing to manage" });
    }
    for (const u of s.unavailable) skipped.push({ family: u.family, key: spaceId, reason: u.reason });

    const prebuilt = { installed: [] as string[], enabled: [] as string[], customized: [] as string[] };
    for (const rule of s.rules) {
      if (isPrebuiltRule(rule)) {
        prebuilt.installed.push(rule.rule_id);
        if (rule.enabled) prebuilt.enabled.push(rule.rule_id);
        if ((rule.rule_source as Obj | undefined)?.is_customized === true) prebuilt.customized.push(rule.rule_id);
        continue;
      }
      files.set(`rules/${spaceId}/${fileName(rule.rule_id)}`, ruleData(rule));
      count("rules");
    }
    if (prebuilt.installed.length) {
      files.set(`prebuilt-rules/${fileName(spaceId)}`, {
        rule_ids: prebuilt.installed.sort(),
        enabled_rule_ids: prebuilt.enabled.sort(),
      });
      counts["prebuilt rules (selection)"] = (counts["prebuilt rules (selection)"] ?? 0) + prebuilt.installed.length;
      skipped.push({
        family: "rules",
        key: `${spaceId}: ${prebuilt.installed.length} prebuilt`,
        reason: "Elastic's prebuilt rules are not exported as DetectionRules: PrebuiltRules installs them and PrebuiltRuleSelection keeps which run",
      });
      for (const ruleId of prebuilt.customized) {
        skipped.push({ family: "rules", key: `${spaceId}/${ruleId}`, reason: "customised prebuilt rule: declare its changes with a PrebuiltRule resource" });
      }
    }

    for (const { list, items } of s.valueLists) {
      files.set(`value-lists/${spaceId}/${fileName(list.id)}`, valueListData(list, items));
      count("value lists");
      counts["value list values"] = (counts["value list values"] ?? 0) + items.length;
    }

    for (const { list, items } of s.exceptionLists) {
      if (list.type !== "detection") {
        const reason =
          list.type === "rule_default"
            ? "a rule's own exception list: declare its items with RuleExceptions"
            : `type ${list.type}: Elastic Defend artifacts are managed in Security's endpoint pages`;
        skipped.push({ family: "exception lists", key: `${spaceId}/${list.list_id}`, reason });
        continue;
      }
      files.set(`exception-lists/${spaceId}/${fileName(list.list_id)}`, exceptionListData(list, items));
      count("exception lists");
      counts["exception items"] = (counts["exception items"] ?? 0) + items.length;
    }

    for (const connector of s.connectors) {
      const reason = connectorSkipReason(connector);
      if (reason) {
        skipped.push({ family: "connectors", key: `${spaceId}/${connector.id}`, reason });
        continue;
      }
      files.set(`connectors/${spaceId}/${fileName(connector.id)}`, connectorData(connector));
      count("connectors");
      const keys = connectorSecretKeys(connector.connector_type_id);
      if (keys.length) {
        const key = configKey("connector", spaceId, connector.id, "secrets");
        secretRefs.connectors[`${spaceId}/${connector.id}`] = key;
        secrets.push({
          configKey: key,
          shape: `{${keys.map((k) => `"${k}":"…"`).join(",")}} (the keys this connector uses)`,
          about: `secrets of ${connector.connector_type_id} connector "${connector.name}" (${connector.id}) in space ${spaceId}`,
        });
      }
    }

    for (const engine of s.entityEngines) {
      files.set(`entity-engines/${spaceId}/${fileName(engine.type)}`, entityEngineData(engine));
      count("entity engines");
    }
  }

  for (const host of snapshot.fleetServerHosts) {
    if (host.is_preconfigured) {
      skipped.push({ family: "Fleet Server hosts", key: host.id, reason: "preconfigured in kibana.yml (xpack.fleet.fleetServerHosts)" });
      continue;
    }
    const { data, secretSslKeys } = fleetServerHostData(host);
    files.set(`fleet-server-hosts/${fileName(host.id)}`, data);
    count("Fleet Server hosts");
    if (secretSslKeys.length) {
      const refs: Obj = {};
      for (const k of secretSslKeys) {
        refs[k] = configKey("fleet", host.id, "ssl", k);
        secrets.push({ configKey: refs[k] as string, shape: "PEM text", about: `ssl.${k} of Fleet Server host "${host.name}" (${host.id})` });
      }
      secretRefs.fleetServerHosts[host.id] = refs;
    }
  }
  files.set("secrets.json", secretRefs);
  return { files, secrets, counts, skipped };
}
