import * as pulumi from "@pulumi/pulumi";
import { DetectionRule, fromDetectionRulesToml, Space, type DetectionRuleArgs } from "@esac/pulumi";
import { attack } from "./mitre";
import { platform } from "./platform";
import { prebuilt } from "./prebuilt";
import { tuning } from "./tuning";

const config = new pulumi.Config();
const spaceKey = config.get("space") ?? "soc";
/**
 * The SOC's own space, created by the program. Its `id` (an Output) is the `space_id` of everything below, so the
 * space exists before they are created and is deleted after them. The default space always exists: no resource.
 */
const space =
  spaceKey === "default"
    ? undefined
    : new Space("soc-space", { id: spaceKey, name: "Security Operations", description: "Detections, tuning and response", color: "#e7664c" });
const space_id: pulumi.Input<string> = space ? space.id : "default";

const ENDPOINT = ["logs-endpoint.events.*"];
const WINDOWS = ["logs-windows.*", "logs-system.security*"];
const common = { space_id, author: ["esac"], license: "Elastic License v2", enabled: true };

const { scanners, exceptions, attachment } = tuning(space_id);
const { slack, fleetServer, engines } = platform(space_id);
const notifySoc = {
  id: slack.id,
  action_type_id: ".slack",
  group: "default",
  params: { message: "{{context.rule.name}}: {{state.signals_count}} new alerts in {{context.rule.spaceId}}" },
  frequency: { summary: true, notifyWhen: "onActiveAlert" as const, throttle: null },
};
const elastic = prebuilt(space_id, [notifySoc], [attachment]);

const rules: Record<string, DetectionRuleArgs> = {
  "web-shell-spawn": {
    ...common,
    actions: [notifySoc],
    rule_id: "esac-web-shell-spawn",
    type: "eql",
    language: "eql",
    name: "Shell spawned by a web server process",
    description: "A web server process started a shell, which often means a web shell or command injection.",
    severity: "high",
    risk_score: 73,
    index: ENDPOINT,
    query:
      'process where event.type == "start" and process.parent.name in ("nginx", "httpd", "apache2", "w3wp.exe") and process.name in ("sh", "bash", "dash", "cmd.exe", "powershell.exe")',
    tags: ["Domain: Endpoint", "Tactic: Persistence", "Use Case: Threat Detection"],
    threat: [attack("persistence", { id: "T1505", name: "Server Software Component", sub: { id: "T1505.003", name: "Web Shell" } })],
    note: "## Triage\n\n- Review the parent web server and the command line.\n- Check recent file writes under the web root.",
    max_signals: 100,
  },
  "encoded-powershell": {
    ...common,
    exceptions_list: [attachment],
    rule_id: "esac-encoded-powershell",
    type: "query",
    language: "kuery",
    name: "PowerShell with an encoded command",
    description: "PowerShell was started with -EncodedCommand, a common way to hide malicious scripts.",
    severity: "medium",
    risk_score: 47,
    index: ENDPOINT,
    query: 'process.name:"powershell.exe" and process.args:("-enc" or "-encodedcommand" or "-e")',
    tags: ["Domain: Endpoint", "OS: Windows", "Tactic: Execution"],
    threat: [attack("execution", { id: "T1059", name: "Command and Scripting Interpreter", sub: { id: "T1059.001", name: "PowerShell" } })],
    alert_suppression: { group_by: ["host.name"], duration: { value: 30, unit: "m" }, missing_fields_strategy: "suppress" },
    investigation_fields: { field_names: ["host.name", "user.name", "process.command_line"] },
    required_fields: [
      { name: "process.name", type: "keyword" },
      { name: "process.args", type: "keyword" },
    ],
  },
  "ssh-brute-force": {
    ...common,
    exceptions_list: [attachment],
    actions: [notifySoc],
    rule_id: "esac-ssh-brute-force",
    type: "threshold",
    language: "kuery",
    name: "SSH brute force from one source",
    description: "Many failed SSH logins from one source address in a short time.",
    severity: "medium",
    risk_score: 47,
    index: ["logs-system.auth*"],
    query: 'event.category:authentication and event.outcome:failure and process.name:"sshd"',
    threshold: { field: ["source.ip"], value: 25, cardinality: [{ field: "user.name", value: 3 }] },
    tags: ["Domain: Endpoint", "OS: Linux", "Tactic: Credential Access"],
    threat: [attack("credentialAccess", { id: "T1110", name: "Brute Force", sub: { id: "T1110.001", name: "Password Guessing" } })],
    interval: "5m",
    from: "now-10m",
  },
  "ioc-ip-match": {
    ...common,
    rule_id: "esac-ioc-ip-match",
    type: "threat_match",
    language: "kuery",
    name: "Network connection to a known-bad IP",
    description: "A host connected to an IP address listed in the threat intelligence indices.",
    severity: "critical",
    risk_score: 99,
    index: ["logs-network_traffic.*", "logs-endpoint.events.network-*"],
    query: "destination.ip:*",
    threat_index: ["logs-ti_*"],
    threat_query: '@timestamp >= "now-30d/d" and threat.indicator.ip:*',
    threat_mapping: [{ entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip" }] }],
    threat_indicator_path: "threat.indicator",
    tags: ["Domain: Network", "Rule Type: Indicator Match", "Tactic: Command and Control"],
    threat: [attack("commandAndControl", { id: "T1071", name: "Application Layer Protocol" })],
    interval: "1h",
    from: "now-65m",
  },
  "rare-process-ml": {
    ...common,
    enabled: false,
    rule_id: "esac-rare-process-ml",
    type: "machine_learning",
    name: "Anomalous process for a Windows host",
    description: "The rare-process ML job found a process that is unusual for this host.",
    severity: "low",
    risk_score: 21,
    anomaly_threshold: 75,
    machine_learning_job_id: ["v3_rare_process_by_host_windows"],
    tags: ["Domain: Endpoint", "Rule Type: ML", "Tactic: Execution"],
    threat: [attack("execution", { id: "T1204", name: "User Execution" })],
    interval: "15m",
    from: "now-45m",
  },
  "rare-admin-logon": {
    ...common,
    rule_id: "esac-rare-admin-logon",
    type: "new_terms",
    language: "kuery",
    name: "First remote logon of an administrator to a host",
    description: "An administrator account logged on remotely to a host it never logged on to in 14 days.",
    severity: "medium",
    risk_score: 47,
    index: WINDOWS,
    query: 'event.action:"logged-in" and winlog.logon.type:"RemoteInteractive" and user.name:*admin*',
    new_terms_fields: ["host.name", "user.name"],
    history_window_start: "now-14d",
    tags: ["Domain: Endpoint", "OS: Windows", "Tactic: Lateral Movement"],
    threat: [attack("lateralMovement", { id: "T1021", name: "Remote Services", sub: { id: "T1021.001", name: "Remote Desktop Protocol" } })],
  },
  "dns-tunnel-esql": {
    ...common,
    rule_id: "esac-dns-tunnel-esql",
    type: "esql",
    language: "esql",
    name: "Possible DNS tunnelling: many long subdomains",
    description: "One host queried many long, distinct subdomains of one registered domain.",
    severity: "high",
    risk_score: 73,
    query:
      "FROM logs-network_traffic.dns-* | WHERE LENGTH(dns.question.name) > 60 | STATS names = COUNT_DISTINCT(dns.question.name) BY host.name, dns.question.registered_domain | WHERE names > 200",
    tags: ["Domain: Network", "Rule Type: ES|QL", "Tactic: Command and Control"],
    threat: [attack("commandAndControl", { id: "T1071", name: "Application Layer Protocol", sub: { id: "T1071.004", name: "DNS" } })],
    interval: "15m",
    from: "now-20m",
  },
  "saved-query-discovery": {
    ...common,
    rule_id: "esac-saved-query-discovery",
    type: "saved_query",
    language: "kuery",
    name: "Discovery commands burst (saved query)",
    description: "Runs the team's saved query for bursts of discovery commands.",
    severity: "low",
    risk_score: 21,
    index: ENDPOINT,
    saved_id: "esac-discovery-commands",
    query: 'process.name:("whoami" or "net.exe" or "nltest.exe" or "systeminfo.exe")',
    tags: ["Domain: Endpoint", "Tactic: Discovery"],
    threat: [attack("discovery", { id: "T1033", name: "System Owner/User Discovery" })],
  },
  "office-child-process-bb": {
    ...common,
    rule_id: "esac-office-child-process-bb",
    type: "query",
    language: "kuery",
    building_block_type: "default",
    name: "Office application started a process (building block)",
    description: "Building block: any process started by an Office application, to be correlated by other rules.",
    severity: "low",
    risk_score: 21,
    index: ENDPOINT,
    query: 'event.type:"start" and process.parent.name:("WINWORD.EXE" or "EXCEL.EXE" or "POWERPNT.EXE")',
    tags: ["Domain: Endpoint", "Rule Type: BBR"],
  },
  "archive-in-temp-bb": {
    ...common,
    rule_id: "esac-archive-in-temp-bb",
    type: "eql",
    language: "eql",
    building_block_type: "default",
    name: "Archive written to a temporary folder (building block)",
    description: "Building block: an archive file was created in a temporary directory.",
    severity: "low",
    risk_score: 21,
    index: ENDPOINT,
    query: 'file where event.type == "creation" and file.extension in ("zip", "7z", "rar") and file.path : ("*\\\\Temp\\\\*", "/tmp/*")',
    tags: ["Domain: Endpoint", "Rule Type: BBR"],
  },
  "phishing-link-click": {
    ...common,
    rule_id: "esac-phishing-link-click",
    type: "query",
    language: "kuery",
    name: "Browser launched from a mail client",
    description: "A browser was launched by a mail client shortly after a message was opened.",
    severity: "medium",
    risk_score: 47,
    index: ENDPOINT,
    query: 'event.type:"start" and process.parent.name:("OUTLOOK.EXE" or "thunderbird") and process.name:("chrome.exe" or "msedge.exe" or "firefox.exe")',
    tags: ["Domain: Endpoint", "Tactic: Initial Access"],
    threat: [attack("initialAccess", { id: "T1566", name: "Phishing", sub: { id: "T1566.002", name: "Spearphishing Link" } })],
    false_positives: ["Users opening legitimate links from e-mail."],
    references: ["https://attack.mitre.org/techniques/T1566/002/"],
  },
  // A rule kept in the elastic/detection-rules repository format (its `[rule]` table), converted by the loader.
  "new-service-from-repo": {
    ...fromDetectionRulesToml({
      author: ["esac"],
      description: "A Windows service binary was created that has never been seen on this host.",
      index: WINDOWS,
      language: "kuery",
      license: "Elastic License v2",
      name: "New Windows service binary on a host",
      risk_score: 47,
      rule_id: "esac-new-service-binary",
      severity: "medium",
      tags: ["Domain: Endpoint", "OS: Windows", "Tactic: Persistence"],
      type: "new_terms",
      query: 'event.code:"7045"',
      new_terms: {
        field: "new_terms_fields",
        value: ["host.id", "winlog.event_data.ImagePath"],
        history_window_start: [{ field: "history_window_start", value: "now-10d" }],
      },
      threat: [attack("persistence", { id: "T1543", name: "Create or Modify System Process", sub: { id: "T1543.003", name: "Windows Service" } })],
    }),
    space_id,
    enabled: true,
  },
};

const deployed = Object.entries(rules).map(([name, args]) => [name, new DetectionRule(name, args)] as const);

/** resource → Kibana ids, for the demo's table. */
export const detectionRules = Object.fromEntries(
  deployed.map(([name, rule]) => [name, { id: rule.id, rule_id: rule.rule_id, space_id: rule.space_id, revision: rule.revision }]),
);

/** Every other managed object: kind → Kibana id. */
export const platformObjects = {
  space: { id: space_id },
  valueList: { id: scanners.id, space_id },
  exceptionList: { id: exceptions.id, list_id: exceptions.list_id, space_id },
  connector: { id: slack.id, space_id },
  fleetServerHost: { id: fleetServer.id, space_id: "default" },
  entityEngines: engines.map((e) => ({ id: e.id, space_id })),
};

/** Elastic's prebuilt rules in the space: Kibana's counts, what the selection enabled, the customised rule. */
export const prebuiltRules = {
  installed: elastic.elasticRules.rules_installed,
  notUpdated: elastic.elasticRules.rules_not_updated,
  enabledRuleIds: elastic.enabled.enabled_rule_ids,
  customised: { rule_id: elastic.customised.rule_id, is_customized: elastic.customised.is_customized },
  ruleExceptionsList: elastic.ruleException.list_id,
};
