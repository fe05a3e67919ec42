import { RULE_READ_ONLY_FIELDS } from "@esac/kibana-client";
import { isObject } from "./build-step";
import type { ExportedConnector } from "./loaded";

type Obj = Record<string, unknown>;

/** Fields Kibana adds to what it stores and exports, which no create body takes. */
const LIST_SERVER_FIELDS = ["_version", "id", "created_at", "created_by", "updated_at", "updated_by", "tie_breaker_id", "immutable"];
const ITEM_SERVER_FIELDS = ["_version", "id", "created_at", "created_by", "updated_at", "updated_by", "tie_breaker_id"];

function without(obj: Obj, keys: readonly string[]): Obj {
  const out = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

/** A rule as Kibana returns or exports it → its create body (read-only fields such as `id`, `revision` dropped). */
export function ruleCreateBody(rule: Obj): Obj {
  return without(rule, RULE_READ_ONLY_FIELDS);
}

/** An exported exception list → the list's create body. */
export function exceptionListCreateBody(list: Obj): Obj {
  return without(list, LIST_SERVER_FIELDS);
}

/** An exported exception item → the item's create body; exported comments carry ids and authors, the body only their text. */
export function exceptionItemCreateBody(item: Obj): Obj {
  const body = without(item, ITEM_SERVER_FIELDS);
  if (Array.isArray(body.comments)) body.comments = body.comments.map((c: unknown) => (isObject(c) && "comment" in c ? { comment: c.comment } : c));
  return body;
}

/**
 * An exported connector saved object (`{id, type: "action", attributes: {actionTypeId, name, config, secrets: {}}}`)
 * → the connector as a program declares it; undefined when the line is not one.
 */
export function exportedConnector(object: Obj, file: string): ExportedConnector | undefined {
  const attributes = object.attributes;
  if (object.type !== "action" || !isObject(attributes) || typeof object.id !== "string") return undefined;
  return {
    file,
    id: object.id,
    name: typeof attributes.name === "string" ? attributes.name : "",
    connector_type_id: typeof attributes.actionTypeId === "string" ? attributes.actionTypeId : "",
    config: isObject(attributes.config) ? attributes.config : {},
    needs_secrets: true,
  };
}
