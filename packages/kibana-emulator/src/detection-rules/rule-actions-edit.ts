/**
 * Bulk edit `set_rule_actions` / `add_rule_actions` (BulkActionEditPayloadRuleActions). Kibana's
 * `action_to_rules_client_operation.ts` turns them into alerting `actions` set/add operations after
 * `transformToActionFrequency`: an action sent without `frequency` gets the one of the payload's `throttle`. Both are
 * non-idempotent (every action gets a new uuid), except that adding an empty list leaves the rule skipped
 * (perform_bulk_action.ts "should not change actions of rule if empty list of actions added").
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { frequencyFromThrottle } from "./model";

const frequency = z.object({
  summary: z.boolean(),
  notifyWhen: z.enum(["onActiveAlert", "onThrottleInterval", "onActionGroupChange"]),
  throttle: z.string().nullable(),
});

/** NormalizedRuleAction (no `action_type_id`: Kibana reads it from the connector). */
const normalizedRuleAction = z.strictObject({
  group: z.string().optional(),
  id: z.string(),
  params: z.record(z.string(), z.unknown()),
  frequency: frequency.optional(),
  alerts_filter: z.record(z.string(), z.unknown()).optional(),
});

const value = z.object({ actions: z.array(normalizedRuleAction), throttle: z.enum(["rule", "1h", "1d", "7d"]).optional() });

export const ruleActionsEditSchemas = [
  z.object({ type: z.literal("add_rule_actions"), value }),
  z.object({ type: z.literal("set_rule_actions"), value }),
] as const;

export type RuleActionsEdit = z.infer<(typeof ruleActionsEditSchemas)[number]>;

/** A connector's type id, or undefined when the space has no such connector. */
export type ConnectorTypeOf = (id: string) => string | undefined;

export class UnknownConnectorError extends Error {}

/** The rule's actions after the edit, or undefined when the edit changes nothing (an empty add). */
export function editedActions(current: unknown[], edit: RuleActionsEdit, connectorType: ConnectorTypeOf): unknown[] | undefined {
  if (edit.type === "add_rule_actions" && edit.value.actions.length === 0) return undefined;
  const added = edit.value.actions.map((a) => {
    const actionTypeId = connectorType(a.id);
    // alerting bulkEdit reads the connectors with the actions client: an unknown id is a saved-object 404.
    if (actionTypeId === undefined) throw new UnknownConnectorError(`Saved object [action/${a.id}] not found`);
    return {
      action_type_id: actionTypeId,
      group: a.group ?? "default",
      id: a.id,
      params: a.params,
      uuid: randomUUID(),
      frequency: a.frequency ?? frequencyFromThrottle(edit.value.throttle),
      ...(a.alerts_filter ? { alerts_filter: a.alerts_filter } : {}),
    };
  });
  return edit.type === "add_rule_actions" ? [...current, ...added] : added;
}
