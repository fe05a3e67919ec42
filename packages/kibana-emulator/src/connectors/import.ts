/**
 * `POST /api/saved_objects/_import` for connector (`action`) saved objects — the way connectors reach Kibana without
 * their secrets (kibana-behaviour.md §4.3): they are stored with `is_missing_secrets: true` until a PUT resends them.
 * Other saved-object types are reported as unsupported. Not covered by any bundle.
 */
import { applyConnectorConfigDefaults } from "@esac/kibana-client";
import { boomError } from "../errors";
import type { HandlerResult, RouteContext } from "../router";
import { queryBoolean } from "../validation";
import { connectorType } from "./model";
import type { ConnectorsStore } from "./store";

interface ActionSavedObject {
  type: string;
  id: string;
  attributes?: { actionTypeId?: string; name?: string; config?: Record<string, unknown>; secrets?: Record<string, unknown> };
}

export function importSavedObjects(ctx: RouteContext, store: ConnectorsStore): HandlerResult {
  const file = ctx.parts?.find((p) => p.name === "file");
  if (!file) throw boomError(400, "[request body.file]: expected value of type [Stream] but got [undefined]");
  const overwrite = queryBoolean(ctx.query.overwrite) === true;
  const successResults: unknown[] = [];
  const errors: unknown[] = [];
  let missingSecrets = 0;
  for (const line of file.data.toString("utf8").split(/\r?\n/)) {
    if (!line.trim()) continue;
    const so = JSON.parse(line) as ActionSavedObject;
    if (so.type === undefined && "exportedCount" in so) continue; // export details line
    const title = so.attributes?.name ?? so.id;
    if (so.type !== "action" || !so.attributes?.actionTypeId || !connectorType(so.attributes.actionTypeId)) {
      errors.push({ id: so.id, type: so.type, meta: { title }, error: { type: "unsupported_type" } });
      continue;
    }
    if (store.get(ctx.spaceId, so.id) && !overwrite) {
      errors.push({ id: so.id, type: so.type, meta: { title }, error: { type: "conflict" } });
      continue;
    }
    const secrets = so.attributes.secrets ?? {};
    const isMissingSecrets = Object.keys(secrets).length === 0;
    if (isMissingSecrets) missingSecrets++;
    store.put(ctx.spaceId, {
      id: so.id,
      name: title,
      connector_type_id: so.attributes.actionTypeId,
      config: applyConnectorConfigDefaults(so.attributes.actionTypeId, so.attributes.config, ctx.version),
      secrets,
      is_missing_secrets: isMissingSecrets,
    });
    successResults.push({ type: "action", id: so.id, meta: { title, icon: "actionsApp" }, ...(overwrite ? { overwrite: true } : {}) });
  }
  const warnings = missingSecrets
    ? [
        {
          type: "action_required",
          message: `${missingSecrets} connector${missingSecrets > 1 ? "s have" : " has"} sensitive information that require updates.`,
          actionPath: "/app/management/insightsAndAlerting/triggersActions/connectors",
        },
      ]
    : [];
  return { body: { successCount: successResults.length, success: errors.length === 0, warnings, successResults, ...(errors.length ? { errors } : {}) } };
}
