/**
 * Connector types the emulator registers (Kibana's action type registry), and how a stored connector is rendered
 * (`transformConnectorResponseV2`, kibana-behaviour.md §4.2): never with secrets.
 */
import type { ConnectorResponse } from "@esac/kibana-client";
import type { PreconfiguredConnector } from "./options";

export interface ConnectorTypeInfo {
  id: string;
  name: string;
  minimum_license_required: "basic" | "gold" | "platinum" | "enterprise";
  supported_feature_ids: string[];
  is_system_action_type?: boolean;
}

const ALERTING = ["alerting", "siem"];
const CASES = ["alerting", "cases", "siem"];

export const CONNECTOR_TYPES: readonly ConnectorTypeInfo[] = [
  { id: ".email", name: "Email", minimum_license_required: "gold", supported_feature_ids: ["alerting", "cases", "siem", "uptime"] },
  { id: ".index", name: "Index", minimum_license_required: "basic", supported_feature_ids: ["alerting", "uptime", "siem"] },
  { id: ".pagerduty", name: "PagerDuty", minimum_license_required: "gold", supported_feature_ids: ["alerting", "uptime", "siem"] },
  { id: ".server-log", name: "Server log", minimum_license_required: "basic", supported_feature_ids: ["alerting", "uptime", "siem"] },
  { id: ".slack", name: "Slack", minimum_license_required: "gold", supported_feature_ids: ["alerting", "uptime", "siem"] },
  { id: ".slack_api", name: "Slack API", minimum_license_required: "gold", supported_feature_ids: ["alerting", "siem"] },
  { id: ".teams", name: "Microsoft Teams", minimum_license_required: "gold", supported_feature_ids: ["alerting", "uptime", "siem"] },
  { id: ".webhook", name: "Webhook", minimum_license_required: "gold", supported_feature_ids: ["alerting", "uptime", "siem"] },
  { id: ".cases-webhook", name: "Webhook - Case Management", minimum_license_required: "gold", supported_feature_ids: CASES },
  { id: ".jira", name: "Jira", minimum_license_required: "gold", supported_feature_ids: CASES },
  { id: ".servicenow", name: "ServiceNow ITSM", minimum_license_required: "platinum", supported_feature_ids: CASES },
  { id: ".servicenow-sir", name: "ServiceNow SecOps", minimum_license_required: "platinum", supported_feature_ids: ["cases", "siem"] },
  { id: ".servicenow-itom", name: "ServiceNow ITOM", minimum_license_required: "platinum", supported_feature_ids: ALERTING },
  { id: ".opsgenie", name: "Opsgenie", minimum_license_required: "platinum", supported_feature_ids: ALERTING },
  { id: ".xmatters", name: "xMatters", minimum_license_required: "gold", supported_feature_ids: ALERTING },
  { id: ".swimlane", name: "Swimlane", minimum_license_required: "gold", supported_feature_ids: CASES },
  { id: ".resilient", name: "IBM Resilient", minimum_license_required: "platinum", supported_feature_ids: CASES },
  { id: ".tines", name: "Tines", minimum_license_required: "gold", supported_feature_ids: ALERTING },
  { id: ".torq", name: "Torq", minimum_license_required: "gold", supported_feature_ids: ALERTING },
  { id: ".d3security", name: "D3 Security", minimum_license_required: "gold", supported_feature_ids: ALERTING },
  { id: ".gen-ai", name: "OpenAI", minimum_license_required: "enterprise", supported_feature_ids: ["generativeAIForSecurity"] },
  { id: ".bedrock", name: "Amazon Bedrock", minimum_license_required: "enterprise", supported_feature_ids: ["generativeAIForSecurity"] },
  { id: ".cases", name: "Cases", minimum_license_required: "platinum", supported_feature_ids: ["alerting"], is_system_action_type: true },
];

export function connectorType(id: string): ConnectorTypeInfo | undefined {
  return CONNECTOR_TYPES.find((t) => t.id === id);
}

/** A connector as stored (the `action` saved object, decrypted). */
export interface StoredConnector {
  id: string;
  name: string;
  connector_type_id: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  is_missing_secrets: boolean;
}

export function connectorResponse(c: StoredConnector): ConnectorResponse {
  return {
    id: c.id,
    name: c.name,
    connector_type_id: c.connector_type_id,
    config: c.config,
    is_preconfigured: false,
    is_deprecated: false,
    is_missing_secrets: c.is_missing_secrets,
    is_system_action: false,
    is_connector_type_deprecated: false,
  };
}

export function preconfiguredResponse(c: PreconfiguredConnector): ConnectorResponse {
  return {
    id: c.id,
    name: c.name,
    connector_type_id: c.connector_type_id,
    is_preconfigured: true,
    is_deprecated: c.is_deprecated ?? false,
    is_system_action: false,
    is_connector_type_deprecated: false,
  };
}
