import * as pulumi from "@pulumi/pulumi";
import { Connector, EntityEngine, FleetServerHost } from "@esac/pulumi";

// Placeholders so the demo runs without real material; set the config keys for a real deployment.
const DEMO_CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIBdemo-esac-fleet-certificate\n-----END CERTIFICATE-----";
const DEMO_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEdemo-esac-fleet-private-key\n-----END PRIVATE KEY-----";

/** The rest of the SOC's Kibana: the Slack connector rules notify, the Fleet Server host, entity analytics. */
export function platform(space_id: pulumi.Input<string>) {
  const config = new pulumi.Config();
  const slack = new Connector("soc-slack", {
    space_id,
    connector_type_id: ".slack",
    name: "SOC alerts (Slack)",
    // A real webhook comes from `pulumi config set --secret slackWebhookUrl …`; the default only serves the demo.
    secrets: { webhookUrl: config.getSecret("slackWebhookUrl") ?? pulumi.secret("https://hooks.slack.com/services/T000/B000/demo") },
  });

  const fleetServer = new FleetServerHost("fleet-server", {
    id: "esac-fleet-server",
    name: "Fleet Server (esac)",
    host_urls: ["https://fleet.soc.example.com"],
    is_default: false,
    ssl: { certificate: config.get("fleetServerCertificate") ?? DEMO_CERTIFICATE },
    // The private key is a Pulumi secret and never reaches the state in plaintext (a salted hash detects changes).
    secrets: { ssl: { key: config.getSecret("fleetServerKey") ?? pulumi.secret(DEMO_KEY) } },
  });

  const engines = (["host", "user"] as const).map(
    (entity_type) => new EntityEngine(`${entity_type}-entities`, { space_id, entity_type, lookbackPeriod: "24h", fieldHistoryLength: 10 }),
  );
  return { slack, fleetServer, engines };
}
