/**
 * The emulator's own prebuilt rule package (written for the emulator, not Elastic's rules): what Fleet's
 * `security_detection_engine` package holds as `security-rule` assets. Each package version lists every asset
 * version it ships (Elastic's packages carry the previous versions of a rule too, which is what gives an upgrade its
 * base version). 8.19.1 → 8.19.2: three rules bumped, one added, one removed.
 */
export interface PrebuiltRuleAsset extends Record<string, unknown> {
  rule_id: string;
  version: number;
  name: string;
  type: "query" | "eql";
  tags: string[];
}

const AUTHOR = ["esac emulator"];
const LICENSE = "Apache-2.0";

function query(
  n: number,
  name: string,
  os: "Windows" | "Linux" | "macOS",
  tactic: string,
  source: string,
  q: string,
  extra: Record<string, unknown> = {},
): PrebuiltRuleAsset {
  return {
    rule_id: `esac-prebuilt-${String(n).padStart(2, "0")}`,
    version: 1,
    name,
    description: `${name} (emulator fixture rule).`,
    type: "query",
    language: "kuery",
    query: q,
    index: os === "Windows" ? ["logs-endpoint.events.*", "winlogbeat-*"] : ["logs-endpoint.events.*", "auditbeat-*"],
    risk_score: 47,
    severity: "medium",
    from: "now-9m",
    interval: "5m",
    author: AUTHOR,
    license: LICENSE,
    tags: [`OS: ${os}`, `Tactic: ${tactic}`, `Data Source: ${source}`, "Use Case: Threat Detection"],
    ...extra,
  };
}

function eql(n: number, name: string, os: "Windows" | "Linux", tactic: string, q: string): PrebuiltRuleAsset {
  return {
    ...query(n, name, os, tactic, "Elastic Defend", ""),
    type: "eql",
    language: "eql",
    query: q,
  };
}

const V1: PrebuiltRuleAsset[] = [
  query(
    1,
    "Encoded PowerShell Command Line",
    "Windows",
    "Execution",
    "Elastic Defend",
    'process.name:"powershell.exe" and process.args:("-enc" or "-EncodedCommand")',
  ),
  query(
    2,
    "Office Application Spawning a Shell",
    "Windows",
    "Execution",
    "Elastic Defend",
    'process.parent.name:("winword.exe" or "excel.exe") and process.name:("cmd.exe" or "powershell.exe")',
  ),
  query(
    3,
    "Scheduled Task Created from a Temp Folder",
    "Windows",
    "Persistence",
    "Sysmon",
    'process.name:"schtasks.exe" and process.args:"/create" and process.args:*\\\\Temp\\\\*',
  ),
  query(
    4,
    "Registry Run Key Written by a Script Host",
    "Windows",
    "Persistence",
    "Sysmon",
    'registry.path:*\\\\CurrentVersion\\\\Run\\\\* and process.name:("wscript.exe" or "cscript.exe")',
  ),
  query(
    5,
    "Shadow Copies Deleted with vssadmin",
    "Windows",
    "Impact",
    "Elastic Defend",
    'process.name:"vssadmin.exe" and process.args:("delete" and "shadows")',
    { severity: "high", risk_score: 73 },
  ),
  query(
    6,
    "LSASS Memory Read by an Unusual Process",
    "Windows",
    "Credential Access",
    "Elastic Defend",
    'event.action:"lsass_read" and not process.name:("MsMpEng.exe" or "svchost.exe")',
    { severity: "high", risk_score: 73 },
  ),
  query(7, "New Local Administrator Added", "Windows", "Persistence", "Windows Security Event Logs", 'event.code:"4732" and group.name:"Administrators"'),
  query(8, "Remote Service Created over SMB", "Windows", "Lateral Movement", "Windows Security Event Logs", 'event.code:"7045" and service.name:*'),
  eql(
    9,
    "Rundll32 Loading a DLL from a User Folder",
    "Windows",
    "Defense Evasion",
    'process where process.name == "rundll32.exe" and process.args : "C:\\\\Users\\\\*"',
  ),
  query(10, "Windows Event Log Cleared", "Windows", "Defense Evasion", "Windows Security Event Logs", 'event.code:("1102" or "104")', {
    severity: "low",
    risk_score: 21,
  }),
  query(11, "Reverse Shell through Netcat", "Linux", "Execution", "Auditd Manager", 'process.name:("nc" or "ncat") and process.args:"-e"', {
    severity: "high",
    risk_score: 73,
  }),
  query(
    12,
    "Crontab Edited by a Web Server User",
    "Linux",
    "Persistence",
    "Auditd Manager",
    'process.name:"crontab" and user.name:("www-data" or "nginx" or "apache")',
  ),
  query(13, "SSH Authorized Keys Modified", "Linux", "Persistence", "File Integrity Monitoring", 'file.path:*/.ssh/authorized_keys and event.type:"change"'),
  query(14, "Kernel Module Loaded with insmod", "Linux", "Persistence", "Auditd Manager", 'process.name:("insmod" or "modprobe") and process.args:*.ko'),
  eql(15, "Shell History Cleared", "Linux", "Defense Evasion", 'process where process.name in ("bash", "sh") and process.args : "history -c"'),
  query(
    16,
    "Setuid Binary Created in /tmp",
    "Linux",
    "Privilege Escalation",
    "Auditd Manager",
    'file.path:/tmp/* and process.name:"chmod" and process.args:"u+s"',
  ),
  query(
    17,
    "Passwd File Read by an Unusual Process",
    "Linux",
    "Credential Access",
    "Auditd Manager",
    'file.path:"/etc/shadow" and not process.name:("sshd" or "login" or "passwd")',
  ),
  query(
    18,
    "Outbound Connection from a Cron Job",
    "Linux",
    "Command and Control",
    "Network Packet Capture",
    'process.parent.name:"cron" and event.category:"network" and event.type:"start"',
    { severity: "low", risk_score: 21 },
  ),
  query(
    19,
    "Launch Agent Created by a Script",
    "macOS",
    "Persistence",
    "Elastic Defend",
    'file.path:*/Library/LaunchAgents/*.plist and process.name:("osascript" or "python3")',
  ),
  query(20, "Gatekeeper Disabled with spctl", "macOS", "Defense Evasion", "Elastic Defend", 'process.name:"spctl" and process.args:"--master-disable"'),
];

const bump = (rule: PrebuiltRuleAsset, changes: Partial<PrebuiltRuleAsset>): PrebuiltRuleAsset => ({ ...rule, ...changes, version: rule.version + 1 });
const byId = (n: number) => V1[n - 1]!;

/** The assets that change in 8.19.2 (new versions of rules 1, 5 and 11). */
const BUMPED: PrebuiltRuleAsset[] = [
  bump(byId(1), { query: 'process.name:("powershell.exe" or "pwsh.exe") and process.args:("-enc" or "-EncodedCommand" or "-e")' }),
  bump(byId(5), { description: "Shadow copies deleted with vssadmin or wmic (emulator fixture rule).", severity: "critical", risk_score: 99 }),
  bump(byId(11), { tags: [...byId(11).tags, "Resources: Investigation Guide"], note: "Look at the parent process and the remote address." }),
];

const ADDED = query(21, "Curl Piped into a Shell", "Linux", "Execution", "Auditd Manager", 'process.name:"curl" and process.parent.name:("bash" or "sh")');
const REMOVED_IN_8_19_2 = byId(20).rule_id;

/** Prebuilt timeline templates the package ships (counted by the status routes; the emulator serves no timelines). */
export const PACKAGE_TIMELINES = 2;

export const PREBUILT_PACKAGES: Record<string, PrebuiltRuleAsset[]> = {
  "8.19.1": V1,
  "8.19.2": [...V1.filter((r) => r.rule_id !== REMOVED_IN_8_19_2), ...BUMPED, ADDED],
};

export const DEFAULT_PREBUILT_PACKAGE = "8.19.1";

/**
 * `n` generated rules (for benches: a package the size of Elastic's), the same in every package version:
 * `esac-synthetic-0001`… at version 1, tagged by OS and with `Synthetic` so a tag selector can take them all.
 */
export function syntheticPrebuiltRules(n: number): PrebuiltRuleAsset[] {
  const oses = ["Windows", "Linux", "macOS"] as const;
  return Array.from({ length: n }, (_, i) => ({
    ...query(0, `Synthetic rule ${i + 1}`, oses[i % 3]!, "Execution", "Elastic Defend", `process.name:"synthetic-${i + 1}"`),
    rule_id: `esac-synthetic-${String(i + 1).padStart(4, "0")}`,
    tags: [`OS: ${oses[i % 3]}`, "Synthetic", "Use Case: Threat Detection"],
  }));
}
