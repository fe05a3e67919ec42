/**
 * Kibana's own API integration test expectations for connectors, replayed against the emulator on the releases they
 * hold for. Numbering (C1…) follows the research notes; each test names the Kibana file and test it comes from.
 * `AAI` = x-pack/platform/test/alerting_api_integration/security_and_spaces/group2/tests/actions/.
 * Kibana's tests use the test plugin's `test.index-record` type; the emulator registers only real types, so those
 * expectations are replayed with `.index` (same route-level code path).
 */
import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const C = "/api/actions/connector";
const UUID = "c7a5b1f0-2b3c-4d5e-8f90-123456789abc";
const preconfigured = [
  { id: "custom-system-abc-connector", name: "SystemABC", connector_type_id: ".index" },
  { id: "my-slack1", name: "Slack#xyz", connector_type_id: ".slack" },
  { id: "notification-email", name: "Notification Email Connector", connector_type_id: ".email" },
];
const index = { name: "My Connector", connector_type_id: ".index", config: { index: "alerts-test" } };
const webhookUrl = "http://localhost:9000";
const webhook = {
  name: "A generic Webhook action",
  connector_type_id: ".webhook",
  secrets: { user: "username", password: "mypassphrase" },
  config: { url: webhookUrl },
};
const casesWebhookConfig = {
  createIncidentJson: '{"fields":{"summary":{{{case.title}}}}}',
  createIncidentResponseKey: "id",
  createIncidentUrl: "https://coolsite.net/rest/api/2/issue",
  getIncidentResponseExternalTitleKey: "key",
  getIncidentUrl: "https://coolsite.net/rest/api/2/issue/{{{external.system.id}}}",
  updateIncidentJson: '{"fields":{"summary":{{{case.title}}}}}',
  updateIncidentUrl: "https://coolsite.net/rest/api/2/issue/{{{external.system.id}}}",
  viewIncidentUrl: "https://coolsite.net/browse/{{{external.system.title}}}",
};
const casesWebhook = { name: "A cases webhook", connector_type_id: ".cases-webhook", config: casesWebhookConfig, secrets: { user: "user", password: "pass" } };

const bad = (message: string) => ({ statusCode: 400, error: "Bad Request", message });

function onVersion(version: string) {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, version, connectors: { preconfigured } });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());
  return () => c;
}

for (const version of ["8.19.17", "9.4.2"]) {
  const zodEra = version.startsWith("9.4");
  describe(`connectors: Kibana's expectations on ${version}`, () => {
    const c = onVersion(version);

    it("C1 AAI/create.ts 'should handle create connector request appropriately when payload is empty and invalid'", async () => {
      const r = await c().post(C, {});
      expect([r.status, r.body]).toEqual([400, bad("[request body.name]: expected value of type [string] but got [undefined]")]);
    });

    it("C2 AAI/create.ts and update.ts '…when empty strings are submitted': the config key is named, the value always shown as ''", async () => {
      const created = await c().post(C, { ...index, config: { index: " " } });
      expect([created.status, created.body]).toEqual([400, bad("[request body.config.index]: value '' is not valid")]);
      const ok = await c().post(C, index);
      const updated = await c().put(`${C}/${ok.body.id}`, { name: "n", config: { index: "x", executionTimeField: "  " } });
      expect(updated.body).toEqual(bad("[request body.config.executionTimeField]: value '' is not valid"));
      expect((await c().post(C, { ...index, name: "  " })).body).toEqual(bad("[request body.name]: value '' is not valid"));
      expect((await c().post(C, { ...index, connector_type_id: "" })).body).toEqual(bad("[request body.connector_type_id]: value '' is not valid"));
    });

    it("C3 AAI/update.ts '…when passing a null config': checked before the connector is looked up", async () => {
      const r = await c().put(`${C}/1`, { name: "My Connector updated", config: null });
      expect([r.status, r.body]).toEqual([400, bad("[request body.config]: expected value of type [object] but got [null]")]);
    });

    it("C4 AAI/update.ts '…when payload is empty and invalid' (even for an unknown id)", async () => {
      const r = await c().put(`${C}/1`, {});
      expect([r.status, r.body]).toEqual([400, bad("[request body.name]: expected value of type [string] but got [undefined]")]);
    });

    it("C5 AAI/update.ts: unknown body keys are refused by config-schema (connector_type_id on PUT)", async () => {
      const ok = await c().post(C, index);
      const r = await c().put(`${C}/${ok.body.id}`, { ...index });
      expect(r.body).toEqual(bad("[request body.connector_type_id]: definition for this key is missing"));
    });

    it("C8 AAI/create.ts '…with a predefined id': the path id is echoed", async () => {
      const r = await c().post(`${C}/${UUID}`, index);
      expect([r.status, r.body.id]).toEqual([200, UUID]);
    });

    it("C9 AAI/create.ts 'shouldn't create a preconfigured connector with the same id as an existing one'", async () => {
      const r = await c().post(`${C}/custom-system-abc-connector`, index);
      expect([r.status, r.body]).toEqual([400, bad("This custom-system-abc-connector already exists in a preconfigured action.")]);
    });

    it("C10 AAI/create.ts 'shouldn't create a system action'", async () => {
      const r = await c().post(C, { name: "sys", connector_type_id: ".cases" });
      expect([r.status, r.body]).toEqual([400, bad("System action creation is forbidden. Action type: .cases.")]);
    });

    it("C11 AAI/create.ts '…when connector type isn't registered'", async () => {
      const r = await c().post(C, { name: "x", connector_type_id: "test.unregistered-action-type" });
      expect([r.status, r.body]).toEqual([400, bad('Action type "test.unregistered-action-type" is not registered.')]);
    });

    it("C13 duplicate id: the saved-objects conflict passes through (actions create.ts → SO create without overwrite)", async () => {
      await c().post(`${C}/${UUID}`, index);
      const r = await c().post(`${C}/${UUID}`, index);
      expect([r.status, r.body]).toEqual([409, { statusCode: 409, error: "Conflict", message: `Saved object [action/${UUID}] conflict` }]);
    });

    it("C14 AAI/connector_types/webhook.ts '…with default method': config is exactly url + method, headers, hasAuth", async () => {
      const r = await c().post(C, webhook);
      const expected = {
        id: r.body.id,
        is_preconfigured: false,
        is_system_action: false,
        is_deprecated: false,
        name: "A generic Webhook action",
        connector_type_id: ".webhook",
        is_missing_secrets: false,
        config: { headers: null, method: "post", hasAuth: true, url: webhookUrl },
        is_connector_type_deprecated: false,
      };
      expect([r.status, r.body]).toEqual([200, expected]);
      expect((await c().get(`${C}/${r.body.id}`)).body).toEqual(expected);
    });

    it("C16 AAI/connector_types/webhook.ts 'should remove headers when a webhook is updated'", async () => {
      const r = await c().post(C, { ...webhook, config: { url: webhookUrl, headers: { someHeader: "123" } } });
      expect(r.body.config).toEqual({ headers: { someHeader: "123" }, method: "post", hasAuth: true, url: webhookUrl });
      const put = await c().put(`${C}/${r.body.id}`, {
        name: webhook.name,
        secrets: webhook.secrets,
        config: { url: webhookUrl, headers: { someOtherHeader: "456" } },
      });
      expect(put.status).toBe(200);
      expect((await c().get(`${C}/${r.body.id}`)).body.config).toEqual({ headers: { someOtherHeader: "456" }, method: "post", hasAuth: true, url: webhookUrl });
    });

    it("C19 AAI/connector_types/es_index.ts 'should be created successfully': refresh and executionTimeField defaulted, given values echoed", async () => {
      const r = await c().post(C, { name: "An index action", connector_type_id: ".index", config: { index: "es-test" } });
      expect([r.status, r.body.config]).toEqual([200, { index: "es-test", refresh: false, executionTimeField: null }]);
      const all = await c().post(C, { name: "2", connector_type_id: ".index", config: { index: "es-test", refresh: true, executionTimeField: "test" } });
      expect(all.body.config).toEqual({ index: "es-test", refresh: true, executionTimeField: "test" });
    });

    it("C20 AAI/connector_types/es_index.ts 'should respond with error when creation unsuccessful' (wording of the era)", async () => {
      const r = await c().post(C, { name: "An index action", connector_type_id: ".index", config: { index: 666 } });
      const message = zodEra
        ? "error validating connector type config: ✖ Invalid input: expected string, received number\n  → at index"
        : "error validating action type config: [index]: expected value of type [string] but got [number]";
      expect([r.status, r.body]).toEqual([400, bad(message)]);
    });

    it("C21 AAI/connector_types/slack_webhook.ts: created with config {}; no webhookUrl and one without a host name refused", async () => {
      const ok = await c().post(C, { name: "A slack action", connector_type_id: ".slack", secrets: { webhookUrl: "http://localhost:9001/slack" } });
      expect([ok.status, ok.body.config]).toEqual([200, {}]);
      const missing = await c().post(C, { name: "A slack action", connector_type_id: ".slack", secrets: {} });
      expect(missing.body).toEqual(
        bad(
          zodEra
            ? "error validating connector type secrets: ✖ Invalid input: expected string, received undefined\n  → at webhookUrl"
            : "error validating action type secrets: [webhookUrl]: expected value of type [string] but got [undefined]",
        ),
      );
      const noHost = await c().post(C, { name: "A slack action", connector_type_id: ".slack", secrets: { webhookUrl: "fee-fi-fo-fum" } });
      const era = zodEra ? "connector" : "action";
      expect([noHost.status, noHost.body]).toEqual([
        400,
        bad(`error validating ${era} type secrets: error configuring slack action: unable to parse host name from webhookUrl`),
      ]);
    });

    it("C22/C23 AAI/connector_types/cases_webhook.ts '400s for all required fields when missing' (wording of the era)", async () => {
      for (const field of Object.keys(casesWebhookConfig)) {
        const { [field]: _gone, ...config } = casesWebhookConfig as Record<string, string>;
        const r = await c().post(C, { ...casesWebhook, config });
        const message = zodEra
          ? `error validating connector type config: ✖ Invalid input: expected string, received undefined\n  → at ${field}`
          : `error validating action type config: [${field}]: expected value of type [string] but got [undefined]`;
        expect([field, r.status, r.body]).toEqual([field, 400, bad(message)]);
      }
    });

    it("C23 AAI/connector_types/cases_webhook.ts 'should return 200 when creating a casesWebhook action successfully': echoed exactly, nothing added", async () => {
      const config = {
        ...casesWebhookConfig,
        createIncidentMethod: "post",
        getIncidentMethod: "get",
        getIncidentJson: null,
        updateIncidentMethod: "put",
        createCommentUrl: "https://coolsite.net/rest/api/2/issue/{{{external.system.id}}}/comment",
        createCommentJson: '{"body":{{{case.comment}}}}',
        createCommentMethod: "post",
        headers: { "content-type": "application/json" },
        hasAuth: true,
        authType: "webhook-authentication-basic",
      };
      const r = await c().post(C, { ...casesWebhook, config });
      expect([r.status, r.body.config]).toEqual([200, config]);
    });

    it("C24 .cases-webhook createCommentMethod omitted: null in the config-schema era, 'put' in the zod era (schema sources in KIBANA_FEATURES connectorSchemasZod)", async () => {
      const r = await c().post(C, casesWebhook);
      expect([r.status, r.body.config]).toEqual([
        200,
        {
          ...casesWebhookConfig,
          createIncidentMethod: "post",
          getIncidentMethod: "get",
          getIncidentJson: null,
          updateIncidentMethod: "put",
          createCommentUrl: null,
          createCommentJson: null,
          createCommentMethod: zodEra ? "put" : null,
          headers: null,
          hasAuth: true,
        },
      ]);
    });

    it("C25 AAI/update.ts 'shouldn't update connector from another space', AAI/delete.ts 'shouldn't delete connector from another space'", async () => {
      const r = await c().post(`/s/space1${C}`, index);
      const notFound = { statusCode: 404, error: "Not Found", message: `Saved object [action/${r.body.id}] not found` };
      expect((await c().get(`/s/other${C}/${r.body.id}`)).body).toEqual(notFound);
      expect((await c().put(`/s/other${C}/${r.body.id}`, { name: "x", config: { index: "y" } })).body).toEqual(notFound);
      expect((await c().del(`/s/other${C}/${r.body.id}`)).body).toEqual(notFound);
    });

    it("C26 AAI/update.ts '…when connector doesn't exist'", async () => {
      const r = await c().put(`${C}/1`, { name: "My action updated", config: { index: "x" } });
      expect([r.status, r.body]).toEqual([404, { statusCode: 404, error: "Not Found", message: "Saved object [action/1] not found" }]);
    });

    it("C28 AAI/update.ts 'shouldn't update a preconfigured connector'", async () => {
      const r = await c().put(`${C}/custom-system-abc-connector`, { name: "x", config: { index: "y" } });
      expect([r.status, r.body]).toEqual([400, bad("Preconfigured action custom-system-abc-connector can not be updated.")]);
    });

    it("C29 AAI/delete.ts: 204 with an empty body, 404 when missing, preconfigured refused", async () => {
      const r = await c().post(C, index);
      const del = await c().del(`${C}/${r.body.id}`);
      expect([del.status, del.text]).toEqual([204, ""]);
      expect((await c().del(`${C}/${r.body.id}`)).status).toBe(404);
      expect((await c().del(`${C}/my-slack1`)).body).toEqual(bad("Preconfigured action my-slack1 is not allowed to delete."));
    });

    it("C30 AAI/get_all.ts: sorted by name ignoring case, preconfigured without config/is_missing_secrets, other spaces see only preconfigured", async () => {
      await c().post(C, { ...index, name: "My Connector" });
      await c().post(C, { ...index, name: "a lower-case name" });
      const list = await c().get("/api/actions/connectors");
      expect(list.body.map((x: { name: string }) => x.name)).toEqual([
        "a lower-case name",
        "My Connector",
        "Notification Email Connector",
        "Slack#xyz",
        "SystemABC",
      ]);
      expect(list.body.find((x: { id: string }) => x.id === "notification-email")).toEqual({
        connector_type_id: ".email",
        id: "notification-email",
        is_deprecated: false,
        is_system_action: false,
        is_preconfigured: true,
        name: "Notification Email Connector",
        referenced_by_count: 0,
        is_connector_type_deprecated: false,
      });
      const other = await c().get(`/s/other/api/actions/connectors`);
      expect(other.body.map((x: { id: string }) => x.id).sort()).toEqual(["custom-system-abc-connector", "my-slack1", "notification-email"]);
    });
  });
}

describe("connectors: Kibana's expectations on 9.4 only", () => {
  const c = onVersion("9.4.2");

  it("C6 9.4 validateConnectorId (actions/common/validate_connector_id.test.ts, PR #255922): Kibana's texts under [request params.id]", async () => {
    const cases: [string, string][] = [
      ["My-Connector", "Connector ID must contain only lowercase letters, numbers, underscores, and hyphens."],
      ["my connector", "Connector ID must contain only lowercase letters, numbers, underscores, and hyphens."],
      ["my@connector!", "Connector ID must contain only lowercase letters, numbers, underscores, and hyphens."],
      // config-schema's maxLength runs before validateConnectorId (create/schemas/v1.ts: minLength 1, maxLength 36).
      ["a".repeat(37), "value has length [37] but it must have a maximum length of [36]."],
    ];
    for (const [id, message] of cases) {
      const r = await c().post(`${C}/${encodeURIComponent(id)}`, index);
      expect([id, r.status, r.body]).toEqual([id, 400, bad(`[request params.id]: ${message}`)]);
    }
    for (const id of ["my-connector", "connector-123", "my_connector", "a".repeat(36), UUID]) {
      expect([id, (await c().post(`${C}/${id}`, index)).status]).toEqual([id, 200]);
    }
  });

  it("C7 AAI/create.ts 'should handle create connector request appropriately': exactly these keys, no secrets", async () => {
    const r = await c().post(C, index);
    expect(r.body).toEqual({
      id: r.body.id,
      is_preconfigured: false,
      is_system_action: false,
      is_deprecated: false,
      is_missing_secrets: false,
      name: "My Connector",
      connector_type_id: ".index",
      config: { index: "alerts-test", refresh: false, executionTimeField: null },
      is_connector_type_deprecated: false,
    });
  });

  it("C27 AAI/update.ts 'should handle update connector request appropriately'", async () => {
    const r = await c().post(C, index);
    const put = await c().put(`${C}/${r.body.id}`, { name: "My Connector updated", config: { index: "other" } });
    expect(put.body).toEqual({
      id: r.body.id,
      is_preconfigured: false,
      is_system_action: false,
      is_deprecated: false,
      connector_type_id: ".index",
      is_missing_secrets: false,
      name: "My Connector updated",
      config: { index: "other", refresh: false, executionTimeField: null },
      is_connector_type_deprecated: false,
    });
  });
});

describe("connectors: before 9.4 any client-chosen id is taken (create/schemas/v1.ts: id schema.maybe(schema.string()))", () => {
  const c = onVersion("8.19.17");

  it("C6 an id 9.4 would refuse is created on 8.19", async () => {
    for (const id of ["My_Connector", "a".repeat(40)]) expect([id, (await c().post(`${C}/${id}`, index)).status]).toEqual([id, 200]);
  });
});
