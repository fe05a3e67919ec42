/**
 * `POST /api/detection_engine/rules/{id}/exceptions`, against Kibana's expectations in
 * security_solution_api_integration/.../exceptions/workflows/basic_license_essentials_tier/create_rule_exceptions.ts
 * (describe 'create "rule_default" exceptions'), in contract mode.
 */
import { client } from "../__tests__/client";
import { startEmulator } from "../server";
import type { RunningEmulator } from "../types";

const RULES = "/api/detection_engine/rules";
const simpleRule = (ruleId: string) => ({
  rule_id: ruleId,
  name: "Simple Rule Query",
  description: "Simple Rule Query",
  risk_score: 1,
  severity: "high",
  type: "query",
  query: "user.name: root or user.name: admin",
});
// `getRuleExceptionItemMock` of the Kibana test.
const ITEM = {
  description: "Exception item for rule default exception list",
  entries: [{ field: "some.not.nested.field", operator: "included", type: "match", value: "some value" }],
  name: "Sample exception item",
  type: "simple",
};
const SERVER_FIELDS = ["_version", "created_at", "id", "item_id", "tie_breaker_id", "updated_at"];
const withoutServerFields = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !SERVER_FIELDS.includes(k)));

describe("POST /api/detection_engine/rules/{id}/exceptions (create_rule_exceptions.ts)", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, contract: true });
    c = client(emu);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());
  afterEach(() => expect(emu.violations()).toEqual([]));

  const createRule = async (body: object) => {
    const res = await c.post(RULES, body);
    expect(res.status).toBe(200);
    return res.body;
  };
  const fetchRule = async (ruleId: string) => (await c.get(`${RULES}?rule_id=${ruleId}`)).body;

  it("creates and associates a `rule_default` exception list to a rule if one not already found", async () => {
    const rule = await createRule(simpleRule("rule-2"));
    const res = await c.post(`${RULES}/${rule.id}/exceptions`, { items: [ITEM] });
    expect(res.status).toBe(200);
    const updated = await fetchRule("rule-2");
    const defaultList = updated.exceptions_list.find((l: { type: string }) => l.type === "rule_default");
    expect(res.body.map(withoutServerFields)).toEqual([
      {
        comments: [],
        created_by: "elastic",
        description: "Exception item for rule default exception list",
        entries: [{ field: "some.not.nested.field", operator: "included", type: "match", value: "some value" }],
        name: "Sample exception item",
        list_id: defaultList.list_id,
        namespace_type: "single",
        os_types: [],
        tags: [],
        type: "simple",
        updated_by: "elastic",
      },
    ]);
    // route.ts `createExceptionList`: the list Kibana makes for the rule.
    const list = (await c.get(`/api/exception_lists?list_id=${defaultList.list_id}`)).body;
    expect(list).toMatchObject({
      id: defaultList.id,
      name: "Exceptions for rule - Simple Rule Query",
      description: `Exception list containing exceptions for rule with id: ${rule.id}`,
      type: "rule_default",
      namespace_type: "single",
      tags: ["default_rule_exception_list"],
      immutable: false,
      version: 1,
    });
    // `bulkEditRuleParamsWithReadAuth` edits the rule's params: a new revision.
    expect(updated.revision).toBe(rule.revision + 1);
  });

  it("creates and associates a `rule_default` exception list to a rule even when rule has non existent default list attached", async () => {
    const rule = await createRule({
      ...simpleRule("rule-5"),
      exceptions_list: [{ id: "123", list_id: "456", namespace_type: "single", type: "rule_default" }],
    });
    const res = await c.post(`${RULES}/${rule.id}/exceptions`, { items: [ITEM] });
    expect(res.status).toBe(200);
    const updated = await fetchRule("rule-5");
    const defaultList = updated.exceptions_list.find((l: { type: string }) => l.type === "rule_default");
    expect(defaultList.id).not.toBe("123");
    expect(updated.exceptions_list).toEqual([{ id: defaultList.id, list_id: defaultList.list_id, type: "rule_default", namespace_type: "single" }]);
    expect(res.body.map(withoutServerFields)).toEqual([expect.objectContaining({ list_id: defaultList.list_id, namespace_type: "single" })]);
  });

  it("adds exception items to rule default exception list", async () => {
    const list = (await c.post("/api/exception_lists", { list_id: "i_exist", name: "n", description: "d", namespace_type: "single", type: "rule_default" }))
      .body;
    const ref = { id: list.id, list_id: list.list_id, namespace_type: "single", type: "rule_default" };
    const rule = await createRule({ ...simpleRule("rule-4"), exceptions_list: [ref] });
    const res = await c.post(`${RULES}/${rule.id}/exceptions`, { items: [ITEM] });
    expect(res.status).toBe(200);
    expect(withoutServerFields(res.body[0])).toMatchObject({ list_id: "i_exist", namespace_type: "single", os_types: [], tags: [], comments: [] });
    // The rule is left as it was: no new list, no edit.
    expect(await fetchRule("rule-4")).toEqual(rule);
  });

  it("returns 500 if no rule is found to add exception list to", async () => {
    const res = await c.post(`${RULES}/4656dc92-5832-11ea-8e2d-0242ac130003/exceptions`, { items: [ITEM] });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      message: 'Unable to add exception to rule - rule with id:"4656dc92-5832-11ea-8e2d-0242ac130003" not found',
      status_code: 500,
    });
  });

  it("keeps the rule's other exception lists, and re-sending an item_id makes a second item (no uniqueness check on this route)", async () => {
    const shared = { id: "shared-id", list_id: "shared", namespace_type: "single", type: "detection" };
    const rule = await createRule({ ...simpleRule("rule-6"), exceptions_list: [shared] });
    const first = await c.post(`${RULES}/${rule.id}/exceptions`, { items: [{ ...ITEM, item_id: "same" }] });
    const second = await c.post(`${RULES}/${rule.id}/exceptions`, { items: [{ ...ITEM, item_id: "same" }] });
    expect([first.status, second.status]).toEqual([200, 200]);
    const refs = (await fetchRule("rule-6")).exceptions_list;
    expect(refs[0]).toEqual(shared);
    expect(refs).toHaveLength(2);
    expect(second.body[0].list_id).toBe(first.body[0].list_id);
    const found = await c.get(`/api/exception_lists/items/_find?list_id=${first.body[0].list_id}&namespace_type=single`);
    expect(found.body.data.map((i: { item_id: string }) => i.item_id)).toEqual(["same", "same"]);
  });

  it("keeps the sent item_id, generates one otherwise, and answers the items in the order sent", async () => {
    const rule = await createRule(simpleRule("rule-7"));
    const res = await c.post(`${RULES}/${rule.id}/exceptions`, {
      items: [
        { ...ITEM, item_id: "a", name: "A" },
        { ...ITEM, name: "B" },
      ],
    });
    expect(res.body.map((i: { name: string }) => i.name)).toEqual(["A", "B"]);
    expect(res.body[0].item_id).toBe("a");
    expect(res.body[1].item_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("deleting the rule leaves its default list and items in place (delete_rule route touches no exception list)", async () => {
    const rule = await createRule(simpleRule("rule-10"));
    const items = (await c.post(`${RULES}/${rule.id}/exceptions`, { items: [ITEM] })).body;
    expect((await c.del(`${RULES}?rule_id=rule-10`)).status).toBe(200);
    expect((await c.get(`/api/exception_lists/items?id=${items[0].id}`)).status).toBe(200);
  });
});

// Outside contract mode: the contract checker refuses these requests before the handler (they break the spec).
describe("route validation of POST /api/detection_engine/rules/{id}/exceptions", () => {
  let emu: RunningEmulator;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    c = client(emu);
  });
  afterAll(() => emu.stop());

  it("refuses a rule id that is not a UUID, and a body without items, as route validation (Boom 400)", async () => {
    const badId = await c.post(`${RULES}/rule-7/exceptions`, { items: [ITEM] });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toMatch(/^\[request params\]: id: /);
    const rule = (await c.post(RULES, simpleRule("rule-8"))).body;
    const noItems = await c.post(`${RULES}/${rule.id}/exceptions`, {});
    expect(noItems.status).toBe(400);
    expect(noItems.body.message).toMatch(/^\[request body\]: items: /);
  });
});
