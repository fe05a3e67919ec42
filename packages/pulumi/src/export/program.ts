/**
 * The generated `index.ts`: a program that declares every data file as a resource. It reads the folders at run
 * time, so adding a file adds an object and deleting a file deletes it on the next `pulumi up`.
 */
export function programSource(adopt: boolean): string {
  return `import { readdirSync, readFileSync, existsSync } from "fs";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import * as esac from "@esac/pulumi";

/** Take over the objects that already exist in Kibana (first \`pulumi up\` after the export); then set to false. */
const ADOPT = ${adopt};

const config = new pulumi.Config();
const adopt = ADOPT ? { adopt: true } : {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = any;

/** Every JSON file under \`dir\` (one level of space folders or none), sorted, with the folder it is in. */
function dataFiles(dir: string): { space: string; data: Data }[] {
  const root = join(__dirname, dir);
  if (!existsSync(root)) return [];
  const out: { space: string; data: Data }[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      for (const file of readdirSync(join(root, entry.name)).sort()) {
        if (file.endsWith(".json")) out.push({ space: entry.name, data: JSON.parse(readFileSync(join(root, entry.name, file), "utf8")) });
      }
    } else if (entry.name.endsWith(".json")) {
      out.push({ space: entry.name.slice(0, -".json".length), data: JSON.parse(readFileSync(join(root, entry.name), "utf8")) });
    }
  }
  return out;
}

const secretKeys: Data = JSON.parse(readFileSync(join(__dirname, "secrets.json"), "utf8"));

const spaces = new Map<string, esac.Space>();
for (const { data } of dataFiles("spaces")) spaces.set(data.id, new esac.Space(data.id, { ...data, ...adopt }, { protect: false }));
const inSpace = (space: string): pulumi.CustomResourceOptions => (spaces.has(space) ? { dependsOn: [spaces.get(space)!] } : {});

const connectors = new Map<string, esac.Connector>();
for (const { space, data } of dataFiles("connectors")) {
  const key = \`\${space}/\${data.id}\`;
  const secretKey = secretKeys.connectors[key];
  const secrets = secretKey ? { secrets: config.requireSecretObject<Record<string, string>>(secretKey) } : {};
  connectors.set(key, new esac.Connector(key, { ...data, ...secrets, space_id: space, ...adopt }, inSpace(space)));
}

for (const { data } of dataFiles("fleet-server-hosts")) {
  const keys: Record<string, string> = secretKeys.fleetServerHosts[data.id] ?? {};
  const ssl = Object.fromEntries(Object.entries(keys).map(([field, configKey]) => [field, config.requireSecret(configKey)]));
  const secrets = Object.keys(ssl).length ? { secrets: { ssl } } : {};
  new esac.FleetServerHost(data.id, { ...data, ...secrets, ...adopt });
}

const valueLists = new Map<string, esac.ValueList>();
for (const { space, data } of dataFiles("value-lists")) {
  const { values, ...list } = data;
  const key = \`\${space}/\${list.list_id}\`;
  const valueList = new esac.ValueList(key, { ...list, space_id: space, ...adopt }, inSpace(space));
  valueLists.set(key, valueList);
  new esac.ValueListItems(key, { list_id: valueList.list_id, values, type: list.type, space_id: space, ...adopt }, inSpace(space));
}

/** An exception entry of type \`list\` names the ValueList resource's id (an output: the list is declared first). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function wireEntry(space: string, entry: Data): any {
  if (entry.type === "nested") return { ...entry, entries: entry.entries.map((e: Data) => wireEntry(space, e)) };
  const valueList = entry.type === "list" ? valueLists.get(\`\${space}/\${entry.list.id}\`) : undefined;
  return valueList ? { ...entry, list: { ...entry.list, id: valueList.list_id } } : entry;
}

const exceptionLists = new Map<string, esac.ExceptionList>();
for (const { space, data } of dataFiles("exception-lists")) {
  const { items, ...list } = data;
  const key = \`\${space}/\${list.list_id}\`;
  const exceptionList = new esac.ExceptionList(key, { ...list, space_id: space, ...adopt }, inSpace(space));
  exceptionLists.set(key, exceptionList);
  for (const item of items as Data[]) {
    new esac.ExceptionListItem(\`\${key}/\${item.item_id}\`, {
      ...item,
      entries: item.entries.map((e: Data) => wireEntry(space, e)),
      list_id: exceptionList.list_id,
      namespace_type: list.namespace_type,
      space_id: space,
      ...adopt,
    }, inSpace(space));
  }
}

for (const { space, data } of dataFiles("rules")) {
  const actions = data.actions?.map((a: Data) => ({ ...a, id: connectors.get(\`\${space}/\${a.id}\`)?.id ?? a.id }));
  const exceptions = data.exceptions_list?.map((e: Data) => {
    const list = exceptionLists.get(\`\${space}/\${e.list_id}\`);
    return list ? { ...e, id: list.id, list_id: list.list_id } : e;
  });
  new esac.DetectionRule(\`\${space}/\${data.rule_id}\`, {
    ...data,
    ...(actions ? { actions } : {}),
    ...(exceptions ? { exceptions_list: exceptions } : {}),
    space_id: space,
    ...adopt,
  }, inSpace(space));
}

for (const { space, data } of dataFiles("prebuilt-rules")) {
  const installed = new esac.PrebuiltRules(\`\${space}/prebuilt\`, { rule_ids: data.rule_ids, upgrade: "never", space_id: space }, inSpace(space));
  new esac.PrebuiltRuleSelection(\`\${space}/prebuilt-selection\`, {
    enable: { rule_ids: data.enabled_rule_ids },
    others: "disable",
    installed_rule_ids: installed,
    space_id: space,
  }, inSpace(space));
}

for (const { space, data } of dataFiles("entity-engines")) {
  new esac.EntityEngine(\`\${space}/\${data.entity_type}\`, { ...data, space_id: space, ...adopt }, inSpace(space));
}
`;
}
