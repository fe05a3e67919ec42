/**
 * Kibana's own API integration test expectations for detection rules, replayed against the emulator (issue 11 item 4).
 * Each test names the Kibana FTR file (under x-pack/solutions/security/test/security_solution_api_integration/
 * test_suites/detections_response/ unless noted) and the test it comes from; the assertions restate what that test
 * asserts. Messages are checked in the default release's (9.4, Zod 4) wording.
 */
import { multipartFile, RULES, useEmulator } from "../__tests__/client";

const BULK = `${RULES}/_bulk_action`;
const CREATE = "rules_management/rule_creation/basic_license_essentials_tier/create_rules.ts";
const CREATE_TRIAL = "rules_management/rule_creation/trial_license_complete_tier/create_rules.ts";
const READ = "rules_management/rule_read/basic_license_essentials_tier/read_rules.ts";
const FIND = "rules_management/rule_read/basic_license_essentials_tier/find_rules.ts";
const UPDATE = "rules_management/rule_update/trial_license_complete_tier/update_rules.ts";
const PATCH = "rules_management/rule_patch/basic_license_essentials_tier/patch_rules.ts";
const PATCH_TRIAL = "rules_management/rule_patch/trial_license_complete_tier/patch_rules.ts";
const DELETE = "rules_management/rule_delete/basic_license_essentials_tier/delete_rules.ts";
const IMPORT = "rules_management/rule_import_export/basic_license_essentials_tier/import_rules.ts";
const BULK_ACTIONS = "rules_management/rule_bulk_actions/trial_license_complete_tier/perform_bulk_action.ts";

/** utils/rules/get_simple_rule.ts `getSimpleRule`. */
function getSimpleRule(ruleId = "rule-1", enabled = false): Record<string, unknown> {
  return {
    name: "Simple Rule Query",
    description: "Simple Rule Query",
    enabled,
    risk_score: 1,
    rule_id: ruleId,
    severity: "high",
    index: ["auditbeat-*"],
    type: "query",
    query: "user.name: root or user.name: admin",
  };
}

/** utils/rules/get_simple_rule_output.ts `getSimpleRuleOutput` (query rule), username as the emulator's user. */
function getSimpleRuleOutput(ruleId = "rule-1", enabled = false): Record<string, unknown> {
  return {
    actions: [],
    author: [],
    created_by: "elastic",
    description: "Simple Rule Query",
    enabled,
    false_positives: [],
    from: "now-6m",
    immutable: false,
    rule_source: { type: "internal" },
    interval: "5m",
    rule_id: ruleId,
    output_index: "",
    max_signals: 100,
    related_integrations: [],
    required_fields: [],
    risk_score: 1,
    risk_score_mapping: [],
    name: "Simple Rule Query",
    references: [],
    setup: "",
    severity: "high",
    severity_mapping: [],
    updated_by: "elastic",
    tags: [],
    to: "now",
    threat: [],
    exceptions_list: [],
    version: 1,
    revision: 0,
    index: ["auditbeat-*"],
    language: "kuery",
    query: "user.name: root or user.name: admin",
    type: "query",
  };
}

/** utils/rules/remove_server_generated_properties.ts. */
function removeServerGeneratedProperties(rule: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, created_at: _c, updated_at: _u, execution_summary: _e, ...rest } = rule;
  return rest;
}

function withoutRuleId(rule: Record<string, unknown>): Record<string, unknown> {
  const { rule_id: _r, ...rest } = removeServerGeneratedProperties(rule);
  return rest;
}

const ml = (ruleId = "rule-1") => ({
  name: "Simple ML Rule",
  description: "Simple Machine Learning Rule",
  anomaly_threshold: 44,
  risk_score: 1,
  rule_id: ruleId,
  severity: "high",
  machine_learning_job_id: ["some_job_id"],
  type: "machine_learning",
});

const threshold = (extra: Record<string, unknown> = {}) => ({
  ...getSimpleRule(),
  type: "threshold",
  query: "*:*",
  threshold: { field: ["host.id"], value: 1, ...extra },
});

const defaultList = (id: string, listId: string) => ({ id, list_id: listId, namespace_type: "single", type: "rule_default" });

describe("Kibana API integration expectations: detection rules", () => {
  const kibana = useEmulator();
  const c = kibana.c;

  const create = async (body: Record<string, unknown>) => {
    const r = await c.post(RULES, body);
    expect(r.status).toBe(200);
    return r.body as Record<string, unknown> & { id: string; rule_id: string; version: number; name: string };
  };
  const bulk = (body: Record<string, unknown>, query = "") => c.post(`${BULK}${query}`, body);

  describe(`create — ${CREATE}, ${CREATE_TRIAL}`, () => {
    it("should create a single rule with a rule_id", async () => {
      expect(removeServerGeneratedProperties(await create(getSimpleRule()))).toEqual(getSimpleRuleOutput());
    });

    it("should create a single rule without an input index", async () => {
      const { index: _i, ...body } = getSimpleRule("rule-1", true);
      const { index: _o, ...expected } = getSimpleRuleOutput("rule-1", true);
      expect(removeServerGeneratedProperties(await create(body))).toEqual(expected);
    });

    it("should create a single rule without a rule_id", async () => {
      const { rule_id: _r, ...body } = getSimpleRule();
      const rule = await create(body);
      expect(typeof rule.rule_id).toBe("string");
      const { rule_id: _o, ...expected } = getSimpleRuleOutput();
      expect(withoutRuleId(rule)).toEqual(expected);
    });

    it("should cause a 409 conflict if we attempt to create the same rule_id twice", async () => {
      await create(getSimpleRule());
      const r = await c.post(RULES, getSimpleRule());
      expect(r.status).toBe(409);
      expect(r.body).toEqual({ message: 'rule_id: "rule-1" already exists', status_code: 409 });
    });

    it("should create a rule with defaultable fields (required_fields[].ecs from the ECS field list)", async () => {
      const body = {
        ...getSimpleRule(),
        max_signals: 200,
        setup: "# some setup markdown",
        related_integrations: [
          { package: "package-a", version: "^1.2.3" },
          { package: "package-b", integration: "integration-b", version: "~1.1.1" },
        ],
        required_fields: [
          { name: "@timestamp", type: "date" },
          { name: "my-non-ecs-field", type: "keyword" },
        ],
      };
      const expected = {
        ...body,
        required_fields: [
          { name: "@timestamp", type: "date", ecs: true },
          { name: "my-non-ecs-field", type: "keyword", ecs: false },
        ],
      };
      expect(await create(body)).toMatchObject(expected);
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body).toMatchObject(expected);
    });

    it("creates a rule with max_signals defaulted to 100 when not present", async () => {
      expect((await create(getSimpleRule())).max_signals).toBe(100);
    });

    it("does NOT create a rule when max_signals is less than 1", async () => {
      const r = await c.post(RULES, { ...getSimpleRule(), max_signals: 0 });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe("[request body]: max_signals: Too small: expected number to be >=1");
    });

    it("creates a rule with required_fields defaulted to an empty array when not present", async () => {
      expect((await create(getSimpleRule())).required_fields).toEqual([]);
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body.required_fields).toEqual([]);
    });

    it("creates a ML rule with legacy machine_learning_job_id", async () => {
      expect((await create({ ...ml(), machine_learning_job_id: "some_job_id" })).machine_learning_job_id).toEqual(["some_job_id"]);
    });

    it("creates a saved query rule", async () => {
      const body = { ...getSimpleRule(), type: "saved_query", query: undefined, data_view_id: "my-data-view", saved_id: "my-saved-query-id" };
      const { query: _q, ...sent } = body;
      expect(await create(sent)).toMatchObject({ ...sent, created_by: "elastic", updated_by: "elastic" });
    });

    it("does NOT create a rule if trying to add more than one default rule exception list", async () => {
      const r = await c.post(RULES, { ...getSimpleRule(), exceptions_list: [defaultList("2", "123"), defaultList("1", "456")] });
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ message: "More than one default exception list found on rule", status_code: 500 });
    });

    it('does NOT create a rule when there is an attempt to share non sharable exception ("rule_default" type)', async () => {
      const first = await create({ ...getSimpleRule(), exceptions_list: [defaultList("2", "123")] });
      const r = await c.post(RULES, { ...getSimpleRule("rule-2"), exceptions_list: [defaultList("2", "123")] });
      expect(r.status).toBe(409);
      expect(r.body).toEqual({ message: `default exception list already exists in rule(s): ${first.id}`, status_code: 409 });
    });

    it('creates a rule when shared exception type is used ("detection" type)', async () => {
      const shared = { id: "2", list_id: "123", namespace_type: "single", type: "detection" };
      await create({ ...getSimpleRule(), exceptions_list: [shared] });
      await create({ ...getSimpleRule("rule-2"), exceptions_list: [shared] });
    });

    it("returns HTTP 400 error when NO threshold field is provided", async () => {
      const { threshold: _t, ...body } = threshold();
      const r = await c.post(RULES, body);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        error: "Bad Request",
        message: "[request body]: threshold: Invalid input: expected object, received undefined",
        statusCode: 400,
      });
    });

    it("returns HTTP 400 error when there are more than 5 threshold fields provided", async () => {
      const r = await c.post(RULES, threshold({ field: ["field-1", "field-2", "field-3", "field-4", "field-5", "field-6"] }));
      expect(r.status).toBe(400);
      expect(r.body.message).toBe("[request body]: threshold.field: Too big: expected array to have <=5 items");
    });

    it("returns HTTP 400 error when threshold value is less than 1", async () => {
      const r = await c.post(RULES, threshold({ field: ["field-1"], value: 0 }));
      expect(r.status).toBe(400);
      expect(r.body.message).toBe("[request body]: threshold.value: Too small: expected number to be >=1");
    });

    it("returns HTTP 400 error when cardinality is also an agg field", async () => {
      const r = await c.post(RULES, threshold({ field: ["field-1"], value: 1, cardinality: [{ field: "field-1", value: 5 }] }));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message: ["Cardinality of a field that is being aggregated on is always 1"], status_code: 400 });
    });

    it("should result in 400 error if more than 3 threshold fields", async () => {
      const r = await c.post(RULES, threshold({ field: ["field-1", "field-2", "field-3", "field-4"] }));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message: ["Number of fields must be 3 or less"], status_code: 400 });
    });

    it("creates a rule with investigation_fields", async () => {
      expect((await create({ ...getSimpleRule(), investigation_fields: { field_names: ["host.name"] } })).investigation_fields).toEqual({
        field_names: ["host.name"],
      });
    });

    it("does NOT create a rule with legacy investigation_fields", async () => {
      const r = await c.post(RULES, { ...getSimpleRule(), investigation_fields: ["host.name"] });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe("[request body]: investigation_fields: Invalid input: expected object, received array");
    });

    const action = { group: "default", id: "connector-1", action_type_id: ".slack", params: { message: "m" } };
    it.each([undefined, "no_actions", "rule"])("sets each action's frequency attribute to default value when 'throttle' is %s", async (throttle) => {
      const rule = await create({ ...getSimpleRule(), throttle, actions: [action, { ...action, id: "connector-2" }] });
      for (const a of rule.actions as { frequency: unknown }[]) expect(a.frequency).toEqual({ summary: true, notifyWhen: "onActiveAlert", throttle: null });
    });

    it.each(["300s", "5m", "3h", "4d"])("transforms correctly 'throttle = %s' and sets it as a frequency of each action", async (throttle) => {
      const rule = await create({ ...getSimpleRule(), throttle, actions: [action] });
      expect((rule.actions as { frequency: unknown }[])[0]!.frequency).toEqual({ summary: true, throttle, notifyWhen: "onThrottleInterval" });
    });

    it.each([undefined, "no_actions", "rule", "1h"])("does NOT change action frequency when 'throttle' is %s", async (throttle) => {
      const frequency = { summary: false, throttle: "3d", notifyWhen: "onThrottleInterval" };
      const rule = await create({ ...getSimpleRule(), throttle, actions: [{ ...action, frequency }] });
      expect((rule.actions as unknown[])[0]).toEqual(expect.objectContaining({ ...action, frequency }));
    });
  });

  describe(`read — ${READ}`, () => {
    it("should be able to read a single rule using rule_id", async () => {
      await create(getSimpleRule());
      expect(removeServerGeneratedProperties((await c.get(`${RULES}?rule_id=rule-1`)).body)).toEqual(getSimpleRuleOutput());
    });

    it("should be able to read a single rule using id", async () => {
      const rule = await create(getSimpleRule());
      expect(removeServerGeneratedProperties((await c.get(`${RULES}?id=${rule.id}`)).body)).toEqual(getSimpleRuleOutput());
    });

    it("should be able to read a single rule with an auto-generated rule_id", async () => {
      const { rule_id: _r, ...body } = getSimpleRule();
      const rule = await create(body);
      const { rule_id: _o, ...expected } = getSimpleRuleOutput();
      expect(withoutRuleId((await c.get(`${RULES}?rule_id=${rule.rule_id}`)).body)).toEqual(expected);
    });

    it("should return 404 if given a fake id", async () => {
      const r = await c.get(`${RULES}?id=c1e1b359-7ac1-4e96-bc81-c683c092436f`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status_code: 404, message: 'id: "c1e1b359-7ac1-4e96-bc81-c683c092436f" not found' });
    });

    it("should return 404 if given a fake rule_id", async () => {
      const r = await c.get(`${RULES}?rule_id=fake_id`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status_code: 404, message: 'rule_id: "fake_id" not found' });
    });
  });

  describe(`find — ${FIND}`, () => {
    it("should return an empty find body correctly if no rules are loaded", async () => {
      expect((await c.get(`${RULES}/_find`)).body).toEqual({ data: [], page: 1, perPage: 20, total: 0 });
    });

    it("should return a single rule when a single rule is loaded from a find with defaults added", async () => {
      await create(getSimpleRule());
      const r = (await c.get(`${RULES}/_find`)).body;
      expect({ ...r, data: r.data.map(removeServerGeneratedProperties) }).toEqual({ data: [getSimpleRuleOutput()], page: 1, perPage: 20, total: 1 });
    });

    it("should return a single rule when a single rule is loaded from a find with everything for the rule added", async () => {
      // utils/rules/get_complex_rule.ts / get_complex_rule_output.ts (the echoed optional fields)
      const complex = {
        ...getSimpleRule(),
        filters: [{ query: { match_phrase: { "host.name": "siem-windows" } } }],
        index: ["auditbeat-*", "filebeat-*"],
        meta: { anything_you_want_ui_related_or_otherwise: { as_deep_structured_as_you_need: { any_data_type: {} } } },
        max_signals: 10,
        tags: ["tag 1", "tag 2", "any tag you want"],
        references: ["http://www.example.com/some-article-about-attack"],
        false_positives: ["https://www.example.com/some-article-about-a-false-positive"],
        timeline_id: "timeline_id",
        timeline_title: "timeline_title",
        note: "# some investigation documentation",
      };
      await create(complex);
      const r = (await c.get(`${RULES}/_find`)).body;
      expect(r.total).toBe(1);
      expect(removeServerGeneratedProperties(r.data[0])).toEqual({ ...getSimpleRuleOutput(), ...complex });
    });
  });

  describe(`update — ${UPDATE}`, () => {
    const update = (body: Record<string, unknown>) => c.put(RULES, { ...body, version: 1 });

    it("should update a single rule property of name using a rule_id", async () => {
      await create(getSimpleRule());
      const r = await update({ ...getSimpleRule(), name: "some other name" });
      expect(removeServerGeneratedProperties(r.body)).toEqual({ ...getSimpleRuleOutput(), name: "some other name", revision: 1 });
    });

    it("should update a single rule property of name using the auto-generated id", async () => {
      const rule = await create(getSimpleRule());
      const { rule_id: _r, ...body } = getSimpleRule();
      const r = await update({ ...body, id: rule.id, name: "some other name" });
      expect(removeServerGeneratedProperties(r.body)).toEqual({ ...getSimpleRuleOutput(), name: "some other name", revision: 1 });
    });

    it("should update a rule's machine learning job ID if given a legacy job ID format", async () => {
      await create(ml());
      const r = await update({ ...ml(), machine_learning_job_id: "legacy_job_id" });
      expect(r.body).toMatchObject({ machine_learning_job_id: ["legacy_job_id"], revision: 1 });
    });

    it("should update a single rule property and remove the action", async () => {
      await create({ ...getSimpleRule(), actions: [{ group: "default", id: "c-1", action_type_id: ".slack", params: { message: "m" } }] });
      const r = await update(getSimpleRule());
      expect(r.body).toMatchObject({ actions: [], revision: 1 });
    });

    it("should change the revision of a rule when it updates enabled and another property", async () => {
      await create(getSimpleRule());
      expect((await update({ ...getSimpleRule(), severity: "low", enabled: false })).body.revision).toBe(1);
    });

    it("should change other properties when it does updates and effectively delete them such as timeline_title", async () => {
      await create(getSimpleRule());
      await update({ ...getSimpleRule(), timeline_id: "some id", timeline_title: "some title" });
      const r = await update(getSimpleRule());
      expect(removeServerGeneratedProperties(r.body)).toEqual({ ...getSimpleRuleOutput(), revision: 2 });
    });

    it("should give a 404 if it is given a fake id", async () => {
      const { rule_id: _r, ...body } = getSimpleRule();
      const r = await update({ ...body, id: "5096dec6-b6b9-4d8d-8f93-6c2602079d9d" });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status_code: 404, message: 'id: "5096dec6-b6b9-4d8d-8f93-6c2602079d9d" not found' });
    });

    it("should give a 404 if it is given a fake rule_id", async () => {
      const r = await update(getSimpleRule("fake_id"));
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status_code: 404, message: 'rule_id: "fake_id" not found' });
    });

    it("should overwrite exception list value on update - non additive", async () => {
      await create({ ...getSimpleRule(), exceptions_list: [defaultList("1", "123")] });
      const r = await update({ ...getSimpleRule(), exceptions_list: [defaultList("2", "456")] });
      expect(r.body.exceptions_list).toEqual([defaultList("2", "456")]);
    });

    it("should throw error if trying to add more than one default exception list", async () => {
      await create(getSimpleRule());
      const r = await update({ ...getSimpleRule(), exceptions_list: [defaultList("1", "123"), defaultList("2", "456")] });
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ message: "More than one default exception list found on rule", status_code: 500 });
    });

    it("should not update a rule if trying to add default rule exception list which attached to another", async () => {
      const first = await create({ ...getSimpleRule(), exceptions_list: [defaultList("2", "123")] });
      await create(getSimpleRule("rule-2"));
      const r = await update({ ...getSimpleRule("rule-2"), exceptions_list: [defaultList("2", "123")] });
      expect(r.status).toBe(409);
      expect(r.body).toEqual({ message: `default exception list for rule: rule-2 already exists in rule(s): ${first.id}`, status_code: 409 });
    });

    it("should not update a rule if trying to add default rule exception list which attached to another using rule.id", async () => {
      const first = await create({ ...getSimpleRule(), exceptions_list: [defaultList("2", "123")] });
      const second = await create(getSimpleRule("rule-2"));
      const { rule_id: _r, ...body } = getSimpleRule("rule-2");
      const r = await update({ ...body, id: second.id, exceptions_list: [defaultList("2", "123")] });
      expect(r.status).toBe(409);
      expect(r.body).toEqual({ message: `default exception list for rule: ${second.id} already exists in rule(s): ${first.id}`, status_code: 409 });
    });

    it("should result in 400 error if more than 5 threshold fields", async () => {
      await create(threshold());
      const six = await update(threshold({ field: ["f1", "f2", "f3", "f4", "f5", "f6"] }));
      expect(six.status).toBe(400);
      expect(six.body.message).toBe("[request body]: threshold.field: Too big: expected array to have <=5 items");
    });

    it("should result in 400 error if threshold value is less than 1", async () => {
      await create(threshold());
      const zero = await update(threshold({ value: 0 }));
      expect(zero.status).toBe(400);
      expect(zero.body.message).toBe("[request body]: threshold.value: Too small: expected number to be >=1");
    });

    it("should result in 400 error if cardinality is also an agg field", async () => {
      await create(threshold());
      const r = await update(threshold({ field: ["field-1"], cardinality: [{ field: "field-1", value: 5 }] }));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message: ["Cardinality of a field that is being aggregated on is always 1"], status_code: 400 });
    });

    it("should result in 400 error if more than 3 threshold fields (update)", async () => {
      await create(threshold());
      const r = await update(threshold({ field: ["field-1", "field-2", "field-3", "field-4"] }));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message: ["Number of fields must be 3 or less"], status_code: 400 });
    });

    it("should allow to save a query rule type as a saved_query rule type", async () => {
      await create(getSimpleRule());
      const r = await update({ ...getSimpleRule(), type: "saved_query", saved_id: "my-saved-query-id", query: undefined });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ type: "saved_query", saved_id: "my-saved-query-id" });
    });

    it("should allow to save a saved_query rule type as a query rule type", async () => {
      await create({ ...getSimpleRule(), type: "saved_query", saved_id: "my-saved-query-id" });
      const r = await update(getSimpleRule());
      expect(r.body.type).toBe("query");
      expect(r.body.saved_id).toBeUndefined();
    });

    it("should overwrite investigation_fields value on update - non additive / should unset investigation_fields", async () => {
      await create({ ...getSimpleRule(), investigation_fields: { field_names: ["blob", "boop"] } });
      expect((await update({ ...getSimpleRule(), investigation_fields: { field_names: ["foo", "bar"] } })).body.investigation_fields).toEqual({
        field_names: ["foo", "bar"],
      });
      expect((await update(getSimpleRule())).body.investigation_fields).toBeUndefined();
    });
  });

  describe(`patch — ${PATCH}, ${PATCH_TRIAL}`, () => {
    it("should patch a single rule property of name using a rule_id", async () => {
      await create(getSimpleRule());
      const r = await c.patch(RULES, { rule_id: "rule-1", name: "some other name" });
      expect(removeServerGeneratedProperties(r.body)).toEqual({ ...getSimpleRuleOutput(), name: "some other name", revision: 1 });
    });

    it("should patch a single rule property of name using the auto-generated id", async () => {
      const rule = await create(getSimpleRule());
      const r = await c.patch(RULES, { id: rule.id, name: "some other name" });
      expect(removeServerGeneratedProperties(r.body)).toEqual({ ...getSimpleRuleOutput(), name: "some other name", revision: 1 });
    });

    it("should not change the revision of a rule when it patches only enabled", async () => {
      await create(getSimpleRule());
      const r = await c.patch(RULES, { rule_id: "rule-1", enabled: false });
      expect(removeServerGeneratedProperties(r.body)).toEqual(getSimpleRuleOutput());
    });

    it("should change the revision of a rule when it patches enabled and another property", async () => {
      await create(getSimpleRule());
      expect((await c.patch(RULES, { rule_id: "rule-1", severity: "low", enabled: false })).body.revision).toBe(1);
    });

    it("should not change other properties when it does patches", async () => {
      await create(getSimpleRule());
      await c.patch(RULES, { rule_id: "rule-1", timeline_id: "some id", timeline_title: "some title" });
      const r = await c.patch(RULES, { rule_id: "rule-1", name: "some other name" });
      expect(r.body).toMatchObject({ timeline_id: "some id", timeline_title: "some title", name: "some other name", revision: 2 });
    });

    it("should patch a machine_learning rule's job ID if in a legacy format", async () => {
      await create(ml());
      const r = await c.patch(RULES, { rule_id: "rule-1", machine_learning_job_id: "some_job_id" });
      expect(r.body).toMatchObject({ machine_learning_job_id: ["some_job_id"], revision: 0 });
    });

    it("should patch defaultable fields", async () => {
      await create(getSimpleRule());
      const patch = {
        max_signals: 200,
        setup: "# some setup markdown",
        related_integrations: [{ package: "package-a", version: "^1.2.3" }],
        required_fields: [{ name: "@timestamp", type: "date" }],
      };
      const expected = { ...patch, required_fields: [{ name: "@timestamp", type: "date", ecs: true }] };
      expect((await c.patch(RULES, { rule_id: "rule-1", ...patch })).body).toMatchObject(expected);
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body).toMatchObject(expected);
    });

    it("should not change required_fields when not present in patch body", async () => {
      await create({ ...getSimpleRule(), required_fields: [{ name: "event.action", type: "keyword" }] });
      const r = await c.patch(RULES, { rule_id: "rule-1", name: "New name" });
      expect(r.body.required_fields).toEqual([{ name: "event.action", type: "keyword", ecs: true }]);
    });

    it("should overwrite exception list value on patch - non additive", async () => {
      await create({ ...getSimpleRule(), exceptions_list: [defaultList("1", "123")] });
      const detection = { id: "2", list_id: "123", namespace_type: "single", type: "detection" };
      expect((await c.patch(RULES, { rule_id: "rule-1", exceptions_list: [detection] })).body.exceptions_list).toEqual([detection]);
    });

    it("should throw error if trying to add more than one default exception list", async () => {
      await create(getSimpleRule());
      const r = await c.patch(RULES, { rule_id: "rule-1", exceptions_list: [defaultList("1", "123"), defaultList("2", "456")] });
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ message: "More than one default exception list found on rule", status_code: 500 });
    });

    it("should not patch a rule if trying to add default rule exception list which attached to another (rule_id and id)", async () => {
      const first = await create({ ...getSimpleRule(), exceptions_list: [defaultList("2", "123")] });
      const second = await create(getSimpleRule("rule-2"));
      const byRuleId = await c.patch(RULES, { rule_id: "rule-2", exceptions_list: [defaultList("2", "123")] });
      expect(byRuleId.status).toBe(409);
      expect(byRuleId.body).toEqual({ message: `default exception list for rule: rule-2 already exists in rule(s): ${first.id}`, status_code: 409 });
      const byId = await c.patch(RULES, { id: second.id, exceptions_list: [defaultList("2", "123")] });
      expect(byId.body).toEqual({ message: `default exception list for rule: ${second.id} already exists in rule(s): ${first.id}`, status_code: 409 });
    });

    it("should give a 404 if it is given a fake id / rule_id", async () => {
      const byId = await c.patch(RULES, { id: "5096dec6-b6b9-4d8d-8f93-6c2602079d9d", name: "x" });
      expect(byId.status).toBe(404);
      expect(byId.body).toEqual({ status_code: 404, message: 'id: "5096dec6-b6b9-4d8d-8f93-6c2602079d9d" not found' });
      const byRuleId = await c.patch(RULES, { rule_id: "fake_id", name: "x" });
      expect(byRuleId.body).toEqual({ status_code: 404, message: 'rule_id: "fake_id" not found' });
    });

    it("patch per-action frequencies", async () => {
      await create(getSimpleRule());
      const r = await c.patch(RULES, { rule_id: "rule-1", throttle: "1h", actions: [{ group: "default", id: "c-1", action_type_id: ".slack", params: {} }] });
      expect(r.body.actions[0].frequency).toEqual({ summary: true, throttle: "1h", notifyWhen: "onThrottleInterval" });
      expect(r.body.revision).toBe(1);
    });

    it("should overwrite investigation_fields value on patch - non additive", async () => {
      await create({ ...getSimpleRule(), investigation_fields: { field_names: ["blob", "boop"] } });
      const r = await c.patch(RULES, { rule_id: "rule-1", investigation_fields: { field_names: ["foo", "bar"] } });
      expect(r.body.investigation_fields).toEqual({ field_names: ["foo", "bar"] });
    });

    it("should not unset investigation_fields if not specified in patch", async () => {
      await create({ ...getSimpleRule(), investigation_fields: { field_names: ["blob", "boop"] } });
      expect((await c.patch(RULES, { rule_id: "rule-1", name: "New name" })).body.investigation_fields).toEqual({ field_names: ["blob", "boop"] });
    });
  });

  describe(`delete — ${DELETE}`, () => {
    it("should delete a single rule with a rule_id", async () => {
      await create(getSimpleRule());
      const r = await c.del(`${RULES}?rule_id=rule-1`);
      expect(removeServerGeneratedProperties(r.body)).toEqual(getSimpleRuleOutput());
    });

    it("should delete a single rule using an auto generated rule_id / id", async () => {
      const { rule_id: _r, ...body } = getSimpleRule();
      const { rule_id: _o, ...expected } = getSimpleRuleOutput();
      const a = await create(body);
      expect(withoutRuleId((await c.del(`${RULES}?rule_id=${a.rule_id}`)).body)).toEqual(expected);
      const b = await create(body);
      expect(withoutRuleId((await c.del(`${RULES}?id=${b.id}`)).body)).toEqual(expected);
    });

    it("should return an error if the id does not exist when trying to delete it", async () => {
      const r = await c.del(`${RULES}?id=c1e1b359-7ac1-4e96-bc81-c683c092436f`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ message: 'id: "c1e1b359-7ac1-4e96-bc81-c683c092436f" not found', status_code: 404 });
    });

    it("should return an error if the rule_id does not exist when trying to delete it", async () => {
      const r = await c.del(`${RULES}?rule_id=fake_id`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ message: 'rule_id: "fake_id" not found', status_code: 404 });
    });
  });

  describe(`import — ${IMPORT}`, () => {
    const ndjson = (...rules: Record<string, unknown>[]) => rules.map((r) => JSON.stringify(r)).join("\n") + "\n";
    const importRules = (text: string, query = "", filename = "rules.ndjson") => {
      const { raw, headers } = multipartFile("file", filename, text);
      return c.call("POST", `${RULES}/_import${query}`, { raw, headers });
    };

    it("should set the response content types to be expected", async () => {
      const r = await importRules(ndjson(getSimpleRule()));
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
    });

    it("should reject with an error if the file type is not that of a ndjson", async () => {
      const r = await importRules("", "", "rules.txt");
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ status_code: 400, message: "Invalid file extension .txt" });
    });

    it("should report that it imported a simple rule successfully", async () => {
      expect((await importRules(ndjson(getSimpleRule()))).body).toMatchObject({ errors: [], success: true, success_count: 1, rules_count: 1 });
    });

    it("should be able to read an imported rule back out correctly", async () => {
      await importRules(ndjson(getSimpleRule("rule-to-import")));
      expect((await c.get(`${RULES}?rule_id=rule-to-import`)).body).toMatchObject(getSimpleRule("rule-to-import"));
    });

    it("should be able to import two rules / 10 rules", async () => {
      expect((await importRules(ndjson(getSimpleRule("rule-1"), getSimpleRule("rule-2")))).body).toMatchObject({
        errors: [],
        success: true,
        success_count: 2,
        rules_count: 2,
      });
      const ten = Array.from({ length: 10 }, (_, i) => getSimpleRule(`rule-x${i}`));
      expect((await importRules(ndjson(...ten))).body).toMatchObject({ errors: [], success: true, success_count: 10, rules_count: 10 });
    });

    it("should report a conflict if there is an attempt to import two rules with the same rule_id", async () => {
      expect((await importRules(ndjson(getSimpleRule(), getSimpleRule()))).body).toMatchObject({
        errors: [{ error: { message: 'More than one rule with rule-id: "rule-1" found', status_code: 400 }, rule_id: "rule-1" }],
        success: false,
        success_count: 1,
        rules_count: 2,
      });
    });

    it("should NOT report a conflict if there is an attempt to import two rules with the same rule_id and overwrite is set to true", async () => {
      const r = await importRules(ndjson(getSimpleRule(), { ...getSimpleRule(), name: "second definition" }), "?overwrite=true");
      expect(r.body).toMatchObject({ errors: [], success: true, success_count: 1, rules_count: 2 });
      // Kibana's rule_id Map keeps the last definition
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body.name).toBe("second definition");
    });

    it("should report a conflict if there is an attempt to import a rule with a rule_id that already exists", async () => {
      await create(getSimpleRule());
      expect((await importRules(ndjson(getSimpleRule()))).body).toMatchObject({
        errors: [{ error: { message: 'rule_id: "rule-1" already exists', status_code: 409 }, rule_id: "rule-1" }],
        success: false,
        rules_count: 1,
        success_count: 0,
      });
    });

    it("should NOT report a conflict if there is an attempt to import a rule with a rule_id that already exists and overwrite is set to true", async () => {
      await create(getSimpleRule());
      expect((await importRules(ndjson(getSimpleRule()), "?overwrite=true")).body).toMatchObject({
        errors: [],
        success: true,
        success_count: 1,
        rules_count: 1,
      });
    });

    it("should overwrite an existing rule if overwrite is set to true / should bump a revision when overwriting a rule", async () => {
      expect((await create(getSimpleRule("rule-to-overwrite"))).revision).toBe(0);
      await importRules(ndjson({ ...getSimpleRule("rule-to-overwrite"), name: "some other name" }), "?overwrite=true");
      expect((await c.get(`${RULES}?rule_id=rule-to-overwrite`)).body).toMatchObject({ name: "some other name", revision: 1 });
    });

    it("should report a conflict if there is an attempt to import a rule with a rule_id that already exists, but still have some successes with other rules", async () => {
      await create(getSimpleRule("existing-rule"));
      const r = await importRules(ndjson(getSimpleRule("existing-rule"), getSimpleRule("non-existing-rule-1"), getSimpleRule("non-existing-rule-2")));
      expect(r.body).toMatchObject({
        errors: [{ error: { message: 'rule_id: "existing-rule" already exists', status_code: 409 }, rule_id: "existing-rule" }],
        success: false,
        success_count: 2,
        rules_count: 3,
      });
    });

    it("should report a mix of conflicts and a mix of successes", async () => {
      await create(getSimpleRule("existing-rule-1"));
      await create(getSimpleRule("existing-rule-2"));
      const r = await importRules(ndjson(getSimpleRule("existing-rule-1"), getSimpleRule("existing-rule-2"), getSimpleRule("non-existing-rule")));
      expect(r.body).toMatchObject({
        errors: [
          { error: { message: 'rule_id: "existing-rule-1" already exists', status_code: 409 }, rule_id: "existing-rule-1" },
          { error: { message: 'rule_id: "existing-rule-2" already exists', status_code: 409 }, rule_id: "existing-rule-2" },
        ],
        success: false,
        success_count: 1,
        rules_count: 3,
      });
    });

    it("should be able to correctly read back a mixed import of different rules even if some cause conflicts", async () => {
      await create(getSimpleRule("existing-rule-1"));
      await importRules(ndjson({ ...getSimpleRule("existing-rule-1"), name: "ignored" }, getSimpleRule("non-existing-rule")));
      expect((await c.get(`${RULES}?rule_id=existing-rule-1`)).body).toMatchObject(getSimpleRule("existing-rule-1"));
      expect((await c.get(`${RULES}?rule_id=non-existing-rule`)).body).toMatchObject(getSimpleRule("non-existing-rule"));
    });
  });

  describe(`bulk actions — ${BULK_ACTIONS}`, () => {
    it("should export rules", async () => {
      await create(getSimpleRule());
      const r = await bulk({ query: "", action: "export" });
      expect(r.headers.get("content-type")).toContain("application/ndjson");
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="rules_export.ndjson"');
      const [rule, details] = r.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(rule).toMatchObject(getSimpleRule());
      expect(details).toEqual({
        exported_exception_list_count: 0,
        exported_exception_list_item_count: 0,
        exported_count: 1,
        exported_rules_count: 1,
        missing_exception_list_item_count: 0,
        missing_exception_list_items: [],
        missing_exception_lists: [],
        missing_exception_lists_count: 0,
        missing_rules: [],
        missing_rules_count: 0,
        excluded_action_connection_count: 0,
        excluded_action_connections: [],
        exported_action_connector_count: 0,
        missing_action_connection_count: 0,
        missing_action_connections: [],
      });
    });

    it("should delete rules", async () => {
      await create(getSimpleRule());
      const r = await bulk({ query: "", action: "delete" });
      expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 0, succeeded: 1, total: 1 });
      expect(r.body.attributes.results.deleted[0].name).toBe("Simple Rule Query");
      expect((await c.get(`${RULES}?rule_id=rule-1`)).status).toBe(404);
    });

    it("should duplicate rules", async () => {
      await create(getSimpleRule());
      const r = await bulk({ query: "", action: "duplicate", duplicate: { include_exceptions: false, include_expired_exceptions: false } });
      expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 0, succeeded: 1, total: 1 });
      expect(r.body.attributes.results.created[0].name).toBe("Simple Rule Query [Duplicate]");
      const found = (await c.get(`${RULES}/_find`)).body;
      expect(found.total).toBe(2);
      const { rule_id: _r, name: _n, enabled: _e, ...params } = getSimpleRule();
      expect(found.data.find((d: { rule_id: string }) => d.rule_id !== "rule-1")).toMatchObject({ ...params, rule_id: expect.any(String) });
    });

    it.each([
      [true, 1],
      [false, 0],
    ])("should duplicate rules with exceptions - expired exceptions included: %s", async (includeExpired, expiredCopies) => {
      // Kibana makes the rule_default list with POST /api/detection_engine/rules/{id}/exceptions; here through the lists API.
      const shared = (await c.post("/api/exception_lists", { list_id: "shared", name: "Shared", description: "d", type: "detection" })).body;
      const own = (await c.post("/api/exception_lists", { list_id: "own", name: "Own", description: "d", type: "rule_default" })).body;
      const item = {
        list_id: "own",
        name: "i",
        description: "d",
        type: "simple",
        entries: [{ field: "host.name", operator: "included", type: "match", value: "x" }],
      };
      expect((await c.post("/api/exception_lists/items", { ...item, item_id: "expired", expire_time: "2020-01-01T00:00:00.000Z" })).status).toBe(200);
      const sharedRef = { id: shared.id, list_id: "shared", namespace_type: "single", type: "detection" };
      const ownRef = { id: own.id, list_id: "own", namespace_type: "single", type: "rule_default" };
      const rule = await create({ ...getSimpleRule(), exceptions_list: [sharedRef, ownRef] });
      const r = await bulk({ ids: [rule.id], action: "duplicate", duplicate: { include_exceptions: true, include_expired_exceptions: includeExpired } });
      const copy = r.body.attributes.results.created[0];
      expect(copy.exceptions_list).toEqual([
        sharedRef,
        { id: expect.any(String), list_id: expect.any(String), namespace_type: "single", type: "rule_default" },
      ]);
      expect(copy.exceptions_list[1].id).not.toBe(own.id);
      const items = (await c.get(`/api/exception_lists/items/_find?list_id=${copy.exceptions_list[1].list_id}`)).body;
      expect(items.total).toBe(expiredCopies);
    });

    it.each([
      ["set", ["tag1", "tag2"], "set_tags", ["tag3"], ["tag3"]],
      ["set", ["tag1", "tag2"], "set_tags", [], []],
      ["delete", ["tag1", "tag2", "tag3"], "delete_tags", ["tag1", "tag2"], ["tag3"]],
      ["add", ["tag1", "tag2", "tag3"], "add_tags", ["tag4", "tag5", "tag1"], ["tag1", "tag2", "tag3", "tag4", "tag5"]],
    ])("should %s tags in rules, case: %j %s %j", async (_verb, existing, type, value, expected) => {
      const rule = await create({ ...getSimpleRule(), tags: existing });
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type, value }] });
      expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 0, succeeded: 1, total: 1 });
      expect(r.body.attributes.results.updated[0].tags).toEqual(expected);
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body.tags).toEqual(expected);
    });

    it.each([
      [["tag1", "tag2"], "delete_tags", []],
      [["tag1", "tag2"], "delete_tags", ["tag3"]],
      [["tag1", "tag2"], "add_tags", ["tag1"]],
      [["tag1", "tag2"], "add_tags", []],
    ])("should skip rule updated for tags, case: %j %s %j", async (existing, type, value) => {
      const rule = await create({ ...getSimpleRule(), tags: existing });
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type, value }] });
      expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 1, succeeded: 0, total: 1 });
      expect(r.body.attributes.results.skipped[0].skip_reason).toBe("RULE_NOT_MODIFIED");
    });

    it.each([["initial-index-*"], ["index1-*", "index2-*", "index3-*"]])("should set/add index patterns in rules (%s)", async (...expected) => {
      const rule = await create({ ...getSimpleRule(), index: ["index1-*", "index2-*"] });
      const type = expected.length === 1 ? "set_index_patterns" : "add_index_patterns";
      const value = expected.length === 1 ? expected : ["index3-*"];
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type, value }] });
      expect(r.body.attributes.results.updated[0].index).toEqual(expected);
    });

    it("should delete index patterns from rules", async () => {
      const rule = await create({ ...getSimpleRule(), index: ["index1-*", "index2-*"] });
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "delete_index_patterns", value: ["index2-*"] }] });
      expect(r.body.attributes.results.updated[0].index).toEqual(["index1-*"]);
    });

    it("should return error if index patterns action is applied to machine learning rule", async () => {
      const rule = await create(ml());
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "add_index_patterns", value: ["index-*"] }] });
      expect(r.status).toBe(500);
      expect(r.body.attributes.summary).toEqual({ failed: 1, skipped: 0, succeeded: 0, total: 1 });
      expect(r.body.attributes.errors[0]).toEqual({
        message: "Index patterns can't be added. Machine learning rule doesn't have index patterns property",
        status_code: 500,
        rules: [{ id: rule.id, name: rule.name }],
      });
    });

    it.each([
      ["delete_index_patterns", ["index1-*"]],
      ["set_index_patterns", []],
    ])("should return error if all index patterns removed from a rule / set to empty list (%s)", async (type, value) => {
      const rule = await create({ ...getSimpleRule(), index: ["index1-*"] });
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type, value }] });
      expect(r.status).toBe(500);
      expect(r.body.attributes.errors[0]).toEqual({
        message: "Mutated params invalid: Index patterns can't be empty",
        status_code: 500,
        rules: [{ id: rule.id, name: rule.name }],
      });
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body.index).toEqual(["index1-*"]);
    });

    it.each([
      [[], "delete_index_patterns", ["index1-*", "index2-*"], []],
      [["index1-*", "index2-*"], "delete_index_patterns", ["index3-*"], ["index1-*", "index2-*"]],
      [["index1-*", "index2-*"], "add_index_patterns", ["index1-*"], ["index1-*", "index2-*"]],
      [["index1-*", "index2-*"], "set_index_patterns", ["index1-*", "index2-*"], ["index1-*", "index2-*"]],
    ])("should skip rule updated for index patterns, case: %j %s %j", async (existing, type, value, expected) => {
      const rule = await create({ ...getSimpleRule(), index: existing });
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type, value }] });
      expect(r.status).toBe(200);
      expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 1, succeeded: 0, total: 1 });
      expect(r.body.attributes.results.skipped[0].skip_reason).toBe("RULE_NOT_MODIFIED");
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body.index).toEqual(expected);
    });

    it("should set/add/delete investigation fields, and skip the no-op cases", async () => {
      const rule = await create(getSimpleRule());
      const edit = (type: string, field_names: string[]) => bulk({ ids: [rule.id], action: "edit", edit: [{ type, value: { field_names } }] });
      const skippedDelete = await edit("delete_investigation_fields", ["a"]);
      expect(skippedDelete.body.attributes.summary.skipped).toBe(1);
      expect((await edit("set_investigation_fields", ["a", "b"])).body.attributes.results.updated[0].investigation_fields).toEqual({ field_names: ["a", "b"] });
      expect((await edit("add_investigation_fields", ["b"])).body.attributes.summary.skipped).toBe(1);
      expect((await edit("add_investigation_fields", ["c"])).body.attributes.results.updated[0].investigation_fields).toEqual({
        field_names: ["a", "b", "c"],
      });
      expect((await edit("delete_investigation_fields", ["a"])).body.attributes.results.updated[0].investigation_fields).toEqual({ field_names: ["b", "c"] });
    });

    it("should set timeline template values in rule / should correctly remove timeline template", async () => {
      const rule = await create(getSimpleRule());
      const set = await bulk({
        ids: [rule.id],
        action: "edit",
        edit: [{ type: "set_timeline", value: { timeline_id: "91832785-286d-4ebe-b884-1a208d111a70", timeline_title: "Test timeline" } }],
      });
      expect(set.body.attributes.results.updated[0]).toMatchObject({ timeline_id: "91832785-286d-4ebe-b884-1a208d111a70", timeline_title: "Test timeline" });
      const cleared = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "set_timeline", value: { timeline_id: "", timeline_title: "" } }] });
      expect(cleared.body.attributes.results.updated[0].timeline_id).toBeUndefined();
      expect(cleared.body.attributes.results.updated[0].timeline_title).toBeUndefined();
    });

    it("should increment version on rule bulk edit", async () => {
      const rule = await create(getSimpleRule());
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "add_tags", value: ["test"] }] });
      expect(r.body.attributes.results.updated[0].version).toBe(rule.version + 1);
      expect((await c.get(`${RULES}?rule_id=rule-1`)).body.version).toBe(rule.version + 1);
    });

    describe("set_rule_actions / add_rule_actions", () => {
      const createConnector = async () =>
        (await c.post("/api/actions/connector", { name: "Hook", connector_type_id: ".webhook", config: { url: "https://hooks.example.com/in" } })).body
          .id as string;
      const hookAction = (id: string, body = '{"test":"action to test"}') => ({ group: "default", id, params: { body } });
      const edit = (ruleId: string, type: string, actions: unknown[], throttle = "1h") =>
        bulk({ ids: [ruleId], action: "edit", edit: [{ type, value: { throttle, actions } }] });
      const existingRule = async (connectorId: string) =>
        create({
          ...getSimpleRule("ruleId"),
          actions: [{ ...hookAction(connectorId, '{"test":"a default action"}'), action_type_id: ".webhook" }],
          throttle: "1d",
        });

      it("should set action correctly to existing non empty actions list", async () => {
        const connectorId = await createConnector();
        const rule = await existingRule(connectorId);
        const r = await edit(rule.id, "set_rule_actions", [hookAction(connectorId)]);
        const updated = r.body.attributes.results.updated[0];
        const expected = [
          {
            ...hookAction(connectorId),
            action_type_id: ".webhook",
            uuid: updated.actions[0].uuid,
            frequency: { summary: true, throttle: "1h", notifyWhen: "onThrottleInterval" },
          },
        ];
        expect(updated.actions).toEqual(expected);
        expect((await c.get(`${RULES}?rule_id=ruleId`)).body.actions).toEqual(expected);
      });

      it("should set actions to empty list, actions payload is empty list", async () => {
        const rule = await existingRule(await createConnector());
        expect((await edit(rule.id, "set_rule_actions", [])).body.attributes.results.updated[0].actions).toEqual([]);
        expect((await c.get(`${RULES}?rule_id=ruleId`)).body.actions).toEqual([]);
      });

      it("should add action correctly to empty actions list", async () => {
        const connectorId = await createConnector();
        const rule = await create(getSimpleRule("ruleId"));
        const updated = (await edit(rule.id, "add_rule_actions", [hookAction(connectorId)])).body.attributes.results.updated[0];
        expect(updated.actions).toEqual([
          {
            ...hookAction(connectorId),
            action_type_id: ".webhook",
            uuid: updated.actions[0].uuid,
            frequency: { summary: true, throttle: "1h", notifyWhen: "onThrottleInterval" },
          },
        ]);
      });

      it("should add action correctly to non empty actions list of the same type", async () => {
        const connectorId = await createConnector();
        const rule = await existingRule(connectorId);
        const updated = (await edit(rule.id, "add_rule_actions", [hookAction(connectorId)])).body.attributes.results.updated[0];
        expect(updated.actions).toEqual([
          {
            ...hookAction(connectorId, '{"test":"a default action"}'),
            action_type_id: ".webhook",
            uuid: updated.actions[0].uuid,
            frequency: { summary: true, throttle: "1d", notifyWhen: "onThrottleInterval" },
          },
          {
            ...hookAction(connectorId),
            action_type_id: ".webhook",
            uuid: updated.actions[1].uuid,
            frequency: { summary: true, throttle: "1h", notifyWhen: "onThrottleInterval" },
          },
        ]);
        expect(updated.throttle).toBeUndefined();
      });

      it("should not change actions of rule if empty list of actions added", async () => {
        const rule = await existingRule(await createConnector());
        const r = await edit(rule.id, "add_rule_actions", []);
        expect(r.body.attributes.results.skipped[0].id).toBe(rule.id);
        expect((await c.get(`${RULES}?rule_id=ruleId`)).body.actions).toEqual(rule.actions);
      });
    });

    it("should return bad request error if payload is invalid", async () => {
      const rule = await create(getSimpleRule());
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "set_schedule", value: { interval: "0m", lookback: "-1m" } }] });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain("edit.0.value.interval: Invalid");
      expect(r.body.message).toContain("edit.0.value.lookback: Invalid");
    });

    it("should update schedule values in rules with a valid payload", async () => {
      const rule = await create(getSimpleRule());
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "set_schedule", value: { interval: "15m", lookback: "10m" } }] });
      expect(r.body.attributes.results.updated[0]).toMatchObject({ interval: "15m", meta: { from: "10m" }, from: "now-1500s" });
    });

    const dataViewRule = () => {
      const { index: _i, ...body } = getSimpleRule();
      return { ...body, data_view_id: "logs-*" };
    };

    it.each(["add_index_patterns", "set_index_patterns"])(
      "should return skipped rule and NOT %s an index pattern to a rule when overwrite_data_views is false",
      async (type) => {
        const rule = await create(dataViewRule());
        const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type, value: ["index1-*"], overwrite_data_views: false }] });
        expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 1, succeeded: 0, total: 1 });
        expect(r.body.attributes.results.skipped[0].skip_reason).toBe("RULE_NOT_MODIFIED");
        expect(r.body.attributes.errors).toBeUndefined();
        const stored = (await c.get(`${RULES}?rule_id=rule-1`)).body;
        expect(stored.data_view_id).toBe("logs-*");
        expect(stored.index).toBeUndefined();
      },
    );

    it("should set an index pattern to a rule and overwrite the data view when overwrite_data_views is true", async () => {
      const rule = await create(dataViewRule());
      const r = await bulk({ ids: [rule.id], action: "edit", edit: [{ type: "set_index_patterns", value: ["initial-index-*"], overwrite_data_views: true }] });
      expect(r.body.attributes.results.updated[0].index).toEqual(["initial-index-*"]);
      expect(r.body.attributes.results.updated[0].data_view_id).toBeUndefined();
    });

    it("should be successful on an attempt to remove index patterns from a rule with only a dataView (overwrite_data_views true)", async () => {
      const rule = await create(dataViewRule());
      const r = await bulk({
        ids: [rule.id],
        action: "edit",
        edit: [{ type: "delete_index_patterns", value: ["simple-index-*"], overwrite_data_views: true }],
      });
      expect(r.status).toBe(200);
      expect(r.body.attributes.summary).toEqual({ failed: 0, skipped: 0, succeeded: 1, total: 1 });
      expect(r.body.attributes.results.updated[0].index).toBeUndefined();
      expect(r.body.attributes.results.updated[0].data_view_id).toBeUndefined();
    });

    it("multiple_actions: updated when one edit changes, skipped when none does", async () => {
      const rule = await create({ ...getSimpleRule(), tags: ["tag1"] });
      const edits = (extra: string) => [
        { type: "add_tags", value: ["tag1"] },
        { type: "add_tags", value: [extra] },
      ];
      expect((await bulk({ ids: [rule.id], action: "edit", edit: edits("tag2") })).body.attributes.summary.succeeded).toBe(1);
      expect((await bulk({ ids: [rule.id], action: "edit", edit: edits("tag2") })).body.attributes.summary.skipped).toBe(1);
    });
  });
});
