import { createRuleExceptions, ruleDefaultListOf, ruleExceptionItemStrictSchema, ruleExceptionsCreateSchema } from "./rule-exceptions";
import type { ApiTarget } from "../detection-rules/api";

const ITEM = { name: "n", description: "d", type: "simple", entries: [{ type: "exists", field: "user.name", operator: "included" }] };

describe("rule exception items (CreateRuleExceptionListItems)", () => {
  it("items have no list_id: the strict schema refuses one, Kibana's strips it", () => {
    const strict = ruleExceptionItemStrictSchema.safeParse({ ...ITEM, list_id: "x" });
    expect(strict.success).toBe(false);
    expect(strict.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["list_id"] });
    expect(ruleExceptionsCreateSchema.parse({ items: [{ ...ITEM, list_id: "x" }] }).items[0]).not.toHaveProperty("list_id");
    expect(ruleExceptionsCreateSchema.safeParse({}).success).toBe(false);
  });

  it("finds the rule's rule_default reference among its exception lists", () => {
    const ref = { id: "1", list_id: "own", namespace_type: "single", type: "rule_default" };
    expect(ruleDefaultListOf({ exceptions_list: [{ id: "2", list_id: "shared", namespace_type: "single", type: "detection" }, ref] })).toEqual(ref);
    expect(ruleDefaultListOf({ exceptions_list: [] })).toBeUndefined();
    expect(ruleDefaultListOf({})).toBeUndefined();
  });

  it("refuses, before any call, an item without item_id (a re-sent create would duplicate it)", async () => {
    const request = jest.fn();
    const target = { transport: { request } } as unknown as ApiTarget;
    await expect(createRuleExceptions(target, "rule-so-id", [{ ...ITEM, item_id: "a" } as never, ITEM as never])).rejects.toThrow(
      "createRuleExceptions: items.1.item_id is required",
    );
    expect(request).not.toHaveBeenCalled();
  });
});
