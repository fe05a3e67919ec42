import type * as pulumi from "@pulumi/pulumi";
import { ExceptionList, type ExceptionListArgs } from "../../exception-list/resource";
import { ExceptionListItem, type ExceptionListItemArgs } from "../../exception-list-item/resource";
import type { ConnectionArgs } from "../../provider-kit/resource-args";
import type { DetectionRuleCommonArgs } from "../args";
import { DetectionRule, type DetectionRuleArgs } from "../resource";
import { isObject } from "./build-step";
import { loadRuleFiles } from "./directory";
import type { ExportedConnector } from "./loaded";

/** Options of {@link rulesFromDirectory}. */
export interface RulesFromDirectoryOptions {
  /** Space of every rule, exception list and item. Default: the provider's (the default space). */
  space_id?: pulumi.Input<string>;
  /** Kibana connection of every resource. Default: the stack configuration (`esac:*` config / `KIBANA_*`). */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Take over objects that already exist in Kibana under the same key (see each resource's `adopt`). */
  adopt?: boolean;
  /** Fields every rule gets unless its file sets them, e.g. `{ enabled: false }`. Checked with the files. */
  defaults?: Partial<DetectionRuleCommonArgs>;
  /**
   * Prefix of the Pulumi resource names, which are `<prefix><rule_id>` (and `<prefix>exception-list-<list_id>`,
   * `<prefix>exception-item-<item_id>`), so that renaming or moving a file changes nothing. Default `rule-` for
   * rules, none for lists and items; set one when a program loads two folders into different spaces.
   */
  namePrefix?: string;
  /** Options of every resource (`provider`, `protect`, `parent`, …). */
  resourceOptions?: pulumi.CustomResourceOptions;
}

/** The resources a folder of rule files declares, keyed by Kibana's keys. */
export interface RulesFromDirectory {
  /** One DetectionRule per rule file (or per rule of an NDJSON / array file), by `rule_id`. */
  rules: Record<string, DetectionRule>;
  /** Exception lists of Kibana exports and detection-rules exception files, by `list_id`. */
  exceptionLists: Record<string, ExceptionList>;
  /** Their items, by `item_id`; each refers to its list's resource, so the list is created first. */
  exceptionListItems: Record<string, ExceptionListItem>;
  /**
   * Connectors the exports list. Kibana never exports secrets, so they are not declared here: declare each
   * with `new Connector(...)` (same `id`, so rules' `actions[].id` keep pointing at it) and its secrets.
   */
  connectors: ExportedConnector[];
}

/**
 * Declares every rule of a folder of rule files (detection-rules TOML, Kibana export NDJSON, JSON or YAML in
 * Kibana's field names), with the exception lists and items the files hold. Resources are named from `rule_id`
 * (`list_id`, `item_id`), so adding a file adds a rule and deleting a file deletes it on the next `pulumi up`.
 * Rules' `exceptions_list` entries that name a loaded list (by `list_id`) are wired to that list's resource.
 * All files are read and checked (with DetectionRule's, ExceptionList's and ExceptionListItem's own schemas)
 * before any resource is registered: one error lists every bad file, field and reason.
 */
export function rulesFromDirectory(path: string, options: RulesFromDirectoryOptions = {}): RulesFromDirectory {
  const loaded = loadRuleFiles(path, { defaults: options.defaults as Record<string, unknown> | undefined });
  const prefix = options.namePrefix ?? "";
  const rulePrefix = options.namePrefix ?? "rule-";
  const common = Object.fromEntries(
    Object.entries({ space_id: options.space_id, connection: options.connection, adopt: options.adopt }).filter(([, v]) => v !== undefined),
  );
  const opts = options.resourceOptions;

  const exceptionLists: Record<string, ExceptionList> = {};
  for (const [listId, list] of Object.entries(loaded.exceptionLists)) {
    exceptionLists[listId] = new ExceptionList(`${prefix}exception-list-${listId}`, { ...list.body, ...common } as unknown as ExceptionListArgs, opts);
  }
  const exceptionListItems: Record<string, ExceptionListItem> = {};
  for (const [itemId, item] of Object.entries(loaded.exceptionListItems)) {
    const list = exceptionLists[item.body.list_id as string];
    const args = { ...item.body, ...common, ...(list ? { list_id: list.list_id } : {}) } as unknown as ExceptionListItemArgs;
    exceptionListItems[itemId] = new ExceptionListItem(`${prefix}exception-item-${itemId}`, args, opts);
  }
  const rules: Record<string, DetectionRule> = {};
  for (const [ruleId, rule] of Object.entries(loaded.rules)) {
    const body = { ...options.defaults, ...rule.body };
    if (Array.isArray(body.exceptions_list)) {
      body.exceptions_list = body.exceptions_list.map((entry) => {
        const list = isObject(entry) ? exceptionLists[entry.list_id as string] : undefined;
        return list ? list.ruleReference() : entry;
      });
    }
    rules[ruleId] = new DetectionRule(`${rulePrefix}${ruleId}`, { ...body, ...common } as DetectionRuleArgs, opts);
  }
  return { rules, exceptionLists, exceptionListItems, connectors: loaded.connectors };
}
