import { RULE_BODIES, RULES, useEmulator } from "../__tests__/client";
import type { EmulatorOptions } from "../types";

const C = "/api/actions/connector";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const webhook = { name: "Hook", connector_type_id: ".webhook", config: { url: "https://hooks.example.com/in" }, secrets: { user: "u", password: "hunter22" } };
const slack = { name: "SOC Slack", connector_type_id: ".slack", secrets: { webhookUrl: "https://hooks.slack.com/services/T0/B0/XYZ" } };
const options: EmulatorOptions = {
  connectors: { preconfigured: [{ id: "my-slack", name: "Preconfigured Slack", connector_type_id: ".slack" }] },
};

function suite(contract: boolean, checkViolations = contract) {
  const kibana = useEmulator({ contract, ...options });
  const c = kibana.c;
  if (checkViolations) afterEach(() => expect(kibana.emu.violations()).toEqual([]));
  return { emu: () => kibana.emu, c: () => c };
}

describe("connectors (kibana-behaviour.md §4)", () => {
  const t = suite(false);

  it("create fills the type's config defaults (AAI webhook.ts: method, headers, hasAuth only), never returns secrets, and reads back the same", async () => {
    const r = await t.c().post(C, webhook);
    expect(r.status).toBe(200);
    expect(r.headers.get("elastic-api-version")).toBe("2023-10-31");
    expect(r.body).toEqual({
      id: expect.stringMatching(UUID),
      name: "Hook",
      connector_type_id: ".webhook",
      config: {
        url: "https://hooks.example.com/in",
        method: "post",
        headers: null,
        hasAuth: true,
      },
      is_preconfigured: false,
      is_deprecated: false,
      is_missing_secrets: false,
      is_system_action: false,
      is_connector_type_deprecated: false,
    });
    expect(r.text).not.toContain("hunter22");
    const read = await t.c().get(`${C}/${r.body.id}`);
    expect(read.body).toEqual(r.body);
    expect(read.text).not.toContain("hunter22");
  });

  it("accepts a client-chosen id; a taken id is a 409 in any space", async () => {
    const r = await t.c().post(`${C}/soc-slack`, slack);
    expect([r.status, r.body.id]).toEqual([200, "soc-slack"]);
    const again = await t.c().post(`/s/other${C}/soc-slack`, slack);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ statusCode: 409, error: "Conflict", message: "Saved object [action/soc-slack] conflict" });
  });

  it("connectors are per space", async () => {
    const r = await t.c().post(`/s/soc${C}`, slack);
    expect((await t.c().get(`/s/soc${C}/${r.body.id}`)).status).toBe(200);
    const elsewhere = await t.c().get(`${C}/${r.body.id}`);
    expect(elsewhere.body).toEqual({ statusCode: 404, error: "Not Found", message: `Saved object [action/${r.body.id}] not found` });
  });

  it("rejects what config-schema rejects, with its wording", async () => {
    const cases: [unknown, string][] = [
      [{ ...slack, name: undefined }, "[request body.name]: expected value of type [string] but got [undefined]"],
      [{ ...slack, extra: 1 }, "[request body.extra]: definition for this key is missing"],
      [{ ...slack, name: " " }, "[request body.name]: value '' is not valid"],
      [{ ...slack, secrets: { webhookUrl: "" } }, "[request body.secrets.webhookUrl]: value '' is not valid"],
      [{ ...slack, connector_type_id: ".nope" }, 'Action type ".nope" is not registered.'],
      [{ ...slack, connector_type_id: ".cases" }, "System action creation is forbidden. Action type: .cases."],
      [{ ...webhook, config: {} }, "error validating connector type config: ✖ Invalid input: expected string, received undefined\n  → at url"],
      [{ ...webhook, config: { url: "https://x", foo: 1 } }, 'error validating connector type config: ✖ Unrecognized key: "foo"'],
      [{ ...slack, secrets: {} }, "error validating connector type secrets: ✖ Invalid input: expected string, received undefined\n  → at webhookUrl"],
      [
        { name: "m", connector_type_id: ".email", config: { from: "a@b.c", service: "gmail" }, secrets: {} },
        "error validating action type connector: [user] is required when [hasAuth] is true",
      ],
    ];
    for (const [body, message] of cases) {
      const r = await t.c().post(C, body);
      expect([r.status, r.body]).toEqual([400, { statusCode: 400, error: "Bad Request", message }]);
    }
    expect((await t.c().get("/api/actions/connectors")).body).toEqual([expect.objectContaining({ id: "my-slack", is_preconfigured: true })]);
  });

  it("unvalidated types pass their config through", async () => {
    const r = await t.c().post(C, { name: "Ops", connector_type_id: ".opsgenie", config: { apiUrl: "https://api.opsgenie.com" }, secrets: { apiKey: "k1" } });
    expect([r.status, r.body.config]).toEqual([200, { apiUrl: "https://api.opsgenie.com" }]);
  });

  it("PUT replaces name, config (re-defaulted) and secrets; connector_type_id is refused", async () => {
    const { body: created } = await t.c().post(C, { ...webhook, config: { ...webhook.config, method: "put", headers: { a: "b" } } });
    const bad = await t.c().put(`${C}/${created.id}`, { ...webhook, name: "x" });
    expect(bad.body.message).toBe("[request body.connector_type_id]: definition for this key is missing");
    const r = await t.c().put(`${C}/${created.id}`, { name: "Renamed", config: { url: "https://other.example.com" }, secrets: {} });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: "Renamed", config: { url: "https://other.example.com", method: "post", headers: null } });
    const slackC = (await t.c().post(C, slack)).body;
    const wiped = await t.c().put(`${C}/${slackC.id}`, { name: "no secrets" });
    expect(wiped.body.message).toBe("error validating connector type secrets: ✖ Invalid input: expected string, received undefined\n  → at webhookUrl");
    expect((await t.c().put(`${C}/nope`, { name: "x" })).status).toBe(404);
  });

  it("preconfigured connectors: readable, never writable", async () => {
    expect((await t.c().get(`${C}/my-slack`)).body).toEqual({
      id: "my-slack",
      name: "Preconfigured Slack",
      connector_type_id: ".slack",
      is_preconfigured: true,
      is_deprecated: false,
      is_system_action: false,
      is_connector_type_deprecated: false,
    });
    expect((await t.c().post(`${C}/my-slack`, slack)).body.message).toBe("This my-slack already exists in a preconfigured action.");
    expect((await t.c().put(`${C}/my-slack`, { name: "x", secrets: slack.secrets })).body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "Preconfigured action my-slack can not be updated.",
    });
    expect((await t.c().del(`${C}/my-slack`)).body.message).toBe("Preconfigured action my-slack is not allowed to delete.");
  });

  it("DELETE answers 204 with no body, then 404", async () => {
    const { body } = await t.c().post(C, slack);
    const r = await t.c().del(`${C}/${body.id}`);
    expect([r.status, r.text]).toEqual([204, ""]);
    expect((await t.c().del(`${C}/${body.id}`)).status).toBe(404);
  });

  it("lists the space's connectors and the preconfigured ones by name, with how many rules use each", async () => {
    const a = (await t.c().post(C, { ...slack, name: "B slack" })).body;
    await t.c().post(C, { ...webhook, name: "A hook" });
    await t.c().post(RULES, { ...RULE_BODIES.query, actions: [{ id: a.id, action_type_id: ".slack", params: { message: "x" } }] });
    const list = (await t.c().get("/api/actions/connectors")).body;
    expect(list.map((x: any) => [x.name, x.referenced_by_count])).toEqual([
      ["A hook", 0],
      ["B slack", 1],
      ["Preconfigured Slack", 0],
    ]);
  });

  it("lists connector types, filtered by feature", async () => {
    const all = (await t.c().get("/api/actions/connector_types")).body;
    expect(all.find((x: any) => x.id === ".webhook")).toMatchObject({ enabled: true, minimum_license_required: "gold", is_system_action_type: false });
    const cases = (await t.c().get("/api/actions/connector_types?feature_id=cases")).body.map((x: any) => x.id);
    expect(cases).toContain(".jira");
    expect(cases).not.toContain(".slack");
  });
});

describe("connectors in contract mode (checked against connectors_actions_bundled.yaml)", () => {
  const t = suite(true);

  it("a full lifecycle over the validated types records zero violations", async () => {
    const bodies = [
      webhook,
      slack,
      { name: "Index", connector_type_id: ".index", config: { index: "alerts-soc" } },
      { name: "Log", connector_type_id: ".server-log" },
      {
        name: "Mail",
        connector_type_id: ".email",
        config: { from: "soc@example.com", host: "smtp.example.com", port: 587 },
        secrets: { user: "u", password: "p" },
      },
      { name: "PD", connector_type_id: ".pagerduty", config: {}, secrets: { routingKey: "rk" } },
      {
        name: "Jira",
        connector_type_id: ".jira",
        config: { apiUrl: "https://x.atlassian.net", projectKey: "SOC" },
        secrets: { email: "a@b.c", apiToken: "t" },
      },
      { name: "SN", connector_type_id: ".servicenow", config: { apiUrl: "https://x.service-now.com" }, secrets: { username: "u", password: "p" } },
      { name: "Teams", connector_type_id: ".teams", secrets: { webhookUrl: "https://outlook.office.com/webhook/x" } },
      { name: "Slack API", connector_type_id: ".slack_api", secrets: { token: "xoxb" } },
      {
        name: "Cases",
        connector_type_id: ".cases-webhook",
        config: {
          createIncidentJson: "{}",
          createIncidentResponseKey: "id",
          createIncidentUrl: "https://x/i",
          getIncidentResponseExternalTitleKey: "key",
          getIncidentUrl: "https://x/i/{{{external.system.id}}}",
          updateIncidentJson: "{}",
          updateIncidentUrl: "https://x/i/{{{external.system.id}}}",
          viewIncidentUrl: "https://x/v/{{{external.system.title}}}",
        },
        secrets: { user: "u", password: "p" },
      },
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const r = await t.c().post(`/s/contract${C}`, body);
      expect([body.connector_type_id, r.status, r.body?.message]).toEqual([body.connector_type_id, 200, undefined]);
      ids.push(r.body.id);
    }
    expect((await t.c().post(`${C}/chosen-id`, slack)).status).toBe(200);
    for (const [i, body] of bodies.entries()) {
      const { connector_type_id: _type, ...update } = body as Record<string, unknown>;
      const r = await t.c().put(`/s/contract${C}/${ids[i]}`, { ...update, name: `${body.name} v2` });
      expect([body.connector_type_id, r.status, r.body?.message]).toEqual([body.connector_type_id, 200, undefined]);
      expect((await t.c().get(`/s/contract${C}/${ids[i]}`)).status).toBe(200);
    }
    expect((await t.c().get("/s/contract/api/actions/connectors")).body).toHaveLength(bodies.length + 1);
    expect((await t.c().get("/api/actions/connector_types?feature_id=siem")).status).toBe(200);
    expect((await t.c().del(`/s/contract${C}/${ids[0]}`)).status).toBe(204);
    // documented errors match the spec too
    expect((await t.c().get(`/s/contract${C}/${ids[0]}`)).status).toBe(404);
    expect((await t.c().put(`${C}/my-slack`, { name: "x", secrets: slack.secrets })).status).toBe(400);
  });
});

describe("connectors contract mode catches a client error", () => {
  const t = suite(true, false);

  it("turns a body the spec rejects into a recorded violation, before the handler runs", async () => {
    const r = await t.c().post(C, { ...webhook, config: { url: 42 } });
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/^Contract violation request POST \/api\/actions\/connector: /);
    const [v] = t.emu().violations();
    expect(v).toMatchObject({ method: "POST", direction: "request" });
    expect(v!.errors).toContain("/config/url must be string");
    expect((await t.c().get("/api/actions/connectors")).body).toHaveLength(1); // only the preconfigured one
  });
});

describe("connectors imported as saved objects (no secrets)", () => {
  const t = suite(false);

  it("are stored with is_missing_secrets: true until a PUT resends the secrets", async () => {
    const { multipartFile } = await import("../__tests__/client");
    const line = JSON.stringify({
      type: "action",
      id: "imported-slack",
      attributes: { actionTypeId: ".slack", name: "Imported", isMissingSecrets: false, config: {}, secrets: {} },
    });
    const { raw, headers } = multipartFile("file", "export.ndjson", `${line}\n{"exportedCount":1,"missingRefCount":0,"missingReferences":[]}\n`);
    const r = await t.c().call("POST", "/api/saved_objects/_import?overwrite=true", { raw, headers });
    expect(r.body).toMatchObject({ success: true, successCount: 1, warnings: [{ type: "action_required" }] });
    expect((await t.c().get(`${C}/imported-slack`)).body).toMatchObject({ is_missing_secrets: true, name: "Imported" });
    expect((await t.c().put(`${C}/imported-slack`, { name: "Imported", secrets: slack.secrets })).body.is_missing_secrets).toBe(false);
  });
});
