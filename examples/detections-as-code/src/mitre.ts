/** MITRE ATT&CK entries in Kibana's `threat` shape. */
const TACTICS = {
  execution: { id: "TA0002", name: "Execution" },
  persistence: { id: "TA0003", name: "Persistence" },
  credentialAccess: { id: "TA0006", name: "Credential Access" },
  discovery: { id: "TA0007", name: "Discovery" },
  lateralMovement: { id: "TA0008", name: "Lateral Movement" },
  commandAndControl: { id: "TA0011", name: "Command and Control" },
  initialAccess: { id: "TA0001", name: "Initial Access" },
} as const;

type Technique = { id: string; name: string; sub?: { id: string; name: string } };

export function attack(tactic: keyof typeof TACTICS, ...techniques: Technique[]) {
  const t = TACTICS[tactic];
  return {
    framework: "MITRE ATT&CK",
    tactic: { ...t, reference: `https://attack.mitre.org/tactics/${t.id}/` },
    technique: techniques.map(({ id, name, sub }) => ({
      id,
      name,
      reference: `https://attack.mitre.org/techniques/${id}/`,
      subtechnique: sub ? [{ ...sub, reference: `https://attack.mitre.org/techniques/${sub.id.replace(".", "/")}/` }] : [],
    })),
  };
}
