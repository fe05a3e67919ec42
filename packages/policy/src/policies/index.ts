import type { PolicyDefinition } from "../types";
import { connectorNoSecretsInConfig } from "./connector-no-secrets-in-config";
import { connectorUrlsUseHttps } from "./connector-urls-use-https";
import { exceptionItemExpiry } from "./exception-item-expiry";
import { exceptionItemNotOverBroad } from "./exception-item-over-broad";
import { fleetServerHostHttps } from "./fleet-server-host-https";
import { ruleEnabledInProduction } from "./rule-enabled-in-production";
import { ruleInvestigationGuide } from "./rule-investigation-guide";
import { ruleLookbackCoversInterval } from "./rule-lookback";
import { ruleMaxSignalsSane } from "./rule-max-signals";
import { ruleMitreMapping } from "./rule-mitre-mapping";
import { ruleNoCatchAllIndex } from "./rule-no-catch-all-index";
import { ruleNoPlaceholderText } from "./rule-no-placeholder-text";
import { ruleQueryCheck } from "./rule-query-check";
import { ruleSeverityMatchesRiskScore } from "./rule-severity-risk-score";
import { stackExceptionListsDeclared } from "./stack-exception-lists-declared";
import { stackUniqueRules } from "./stack-unique-rules";
import { stackValueListsUsed } from "./stack-value-lists-used";

export {
  connectorNoSecretsInConfig,
  connectorUrlsUseHttps,
  exceptionItemExpiry,
  exceptionItemNotOverBroad,
  fleetServerHostHttps,
  ruleEnabledInProduction,
  ruleInvestigationGuide,
  ruleLookbackCoversInterval,
  ruleMaxSignalsSane,
  ruleMitreMapping,
  ruleNoCatchAllIndex,
  ruleNoPlaceholderText,
  ruleQueryCheck,
  ruleSeverityMatchesRiskScore,
  stackExceptionListsDeclared,
  stackUniqueRules,
  stackValueListsUsed,
};

/** Every policy of the esac pack, in the order the README documents them. */
export const POLICIES: readonly PolicyDefinition[] = [
  ruleMitreMapping,
  ruleSeverityMatchesRiskScore,
  ruleLookbackCoversInterval,
  ruleMaxSignalsSane,
  ruleInvestigationGuide,
  ruleNoPlaceholderText,
  ruleNoCatchAllIndex,
  ruleEnabledInProduction,
  ruleQueryCheck,
  exceptionItemExpiry,
  exceptionItemNotOverBroad,
  connectorNoSecretsInConfig,
  connectorUrlsUseHttps,
  fleetServerHostHttps,
  stackUniqueRules,
  stackExceptionListsDeclared,
  stackValueListsUsed,
];
