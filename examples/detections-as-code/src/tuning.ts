import type * as pulumi from "@pulumi/pulumi";
import { ExceptionList, ExceptionListItem, ValueList, ValueListItems } from "@esac/pulumi";

/**
 * Tuning: a value list of known scanner addresses and an exception list whose items (several entry kinds, one
 * using the value list) are attached to rules through `exceptions_list`.
 */
export function tuning(space_id: pulumi.Input<string>) {
  const scanners = new ValueList("scanner-ips", {
    space_id,
    list_id: "esac-scanner-ips",
    name: "Authorised vulnerability scanners",
    description: "Source addresses of the internal scanners; alerts from them are expected.",
    type: "ip",
  });
  new ValueListItems("scanner-ips-values", {
    space_id,
    list_id: scanners.list_id,
    type: "ip",
    values: ["10.20.0.11", "10.20.0.12", "10.20.0.13", "192.168.50.7"],
  });

  const exceptions = new ExceptionList("soc-tuning", {
    space_id,
    list_id: "esac-soc-tuning",
    name: "SOC tuning",
    description: "Known-good activity excluded from the SOC's rules.",
    type: "detection",
    namespace_type: "single",
    tags: ["esac"],
  });

  new ExceptionListItem("scanner-sources", {
    space_id,
    list_id: exceptions.list_id,
    item_id: "esac-scanner-sources",
    name: "Authorised scanners",
    description: "Internal vulnerability scanners brute-force on purpose.",
    namespace_type: "single",
    entries: scanners.list_id.apply((id) => [{ field: "source.ip", operator: "included" as const, type: "list" as const, list: { id, type: "ip" as const } }]),
    comments: [{ comment: "Scanners listed by the vulnerability-management team (ticket SEC-1042)." }],
  });
  new ExceptionListItem("backup-admin-tools", {
    space_id,
    list_id: exceptions.list_id,
    item_id: "esac-backup-admin-tools",
    name: "Backup agent PowerShell",
    description: "The backup agent runs encoded PowerShell on the backup servers.",
    namespace_type: "single",
    os_types: ["windows"],
    entries: [
      { field: "process.parent.name", operator: "included", type: "match", value: "BackupAgent.exe" },
      { field: "host.name", operator: "included", type: "match_any", value: ["bkp-01", "bkp-02"] },
    ],
    comments: [{ comment: "Permanent: the backup agent's signed scripts, reviewed by the SOC (ticket SEC-1187)." }],
  });

  /** What a rule puts in `exceptions_list` to use this list. */
  const attachment = {
    id: exceptions.id,
    list_id: exceptions.list_id,
    namespace_type: "single" as const,
    type: "detection" as const,
  };
  return { scanners, exceptions, attachment };
}
