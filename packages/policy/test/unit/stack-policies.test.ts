import { stackExceptionListsDeclared, stackUniqueRules, stackValueListsUsed } from "../../src/policies";
import { UNKNOWN } from "../../src/util/props";
import { checkStack, itemProps, res, rule } from "../helpers";

const exceptionList = (list_id: string, extra: Record<string, any> = {}) =>
  res("ExceptionList", list_id, { list_id, type: "detection", namespace_type: "single", name: list_id, description: "d", ...extra });
const ref = (list_id: string, namespace_type = "single", type = "detection") => ({ id: `so-${list_id}`, list_id, namespace_type, type });

describe("stack-unique-rules", () => {
  it("passes distinct rules, and equal ones in different spaces", () => {
    const a = rule({ rule_id: "a", name: "Rule A" }, "a");
    const b = rule({ rule_id: "b", name: "Rule B" }, "b");
    const aElsewhere = rule({ rule_id: "a", name: "Rule A", space_id: "other" }, "a-other");
    expect(checkStack(stackUniqueRules, [a, b, aElsewhere])).toEqual([]);
  });
  it("fails duplicate rule_ids and names in a space, on every copy", () => {
    const a = rule({ rule_id: "same", name: "Rule A" }, "a");
    const b = rule({ rule_id: "same", name: "rule a " }, "b");
    const violations = checkStack(stackUniqueRules, [a, b]);
    expect(violations).toEqual([
      { urn: a.urn, message: 'rule "Rule A" (rule_id same) has the same rule_id "same" as resource "b" in space "soc".' },
      { urn: b.urn, message: 'rule "rule a" (rule_id same) has the same rule_id "same" as resource "a" in space "soc".' },
      { urn: a.urn, message: 'rule "Rule A" (rule_id same) has the same name "Rule A" as resource "b" in space "soc".' },
      { urn: b.urn, message: 'rule "rule a" (rule_id same) has the same name "rule a " as resource "a" in space "soc".' },
    ]);
    expect(checkStack(stackUniqueRules, [a, b], { checkNames: false })).toHaveLength(2);
  });
  it("skips values unknown during preview", () => {
    expect(checkStack(stackUniqueRules, [rule({ rule_id: UNKNOWN }, "a"), rule({ rule_id: UNKNOWN, name: "Other" }, "b")])).toEqual([]);
  });
});

describe("stack-exception-lists-declared", () => {
  it("passes references to declared and external lists", () => {
    const resources = [
      exceptionList("soc-exceptions", { space_id: "soc" }),
      exceptionList("global", { namespace_type: "agnostic" }),
      rule({ exceptions_list: [ref("soc-exceptions"), ref("global", "agnostic"), ref("endpoint_list", "agnostic", "endpoint"), ref("shared")] }),
      res("ExceptionListItem", "item", itemProps({ list_id: "soc-exceptions", space_id: "soc" })),
    ];
    expect(checkStack(stackExceptionListsDeclared, resources, { externalLists: ["shared"] })).toEqual([]);
  });
  it("fails a rule using a list nobody declares, or one declared in another space", () => {
    const r = rule({ exceptions_list: [ref("typo-exceptions")] });
    expect(checkStack(stackExceptionListsDeclared, [exceptionList("soc-exceptions"), r])).toEqual([
      {
        urn: r.urn,
        message:
          'rule "Discovery commands from a service account" (rule_id esac-test-rule) uses exception list "typo-exceptions" (single, space soc), which this stack does not declare; declare it or add it to externalLists.',
      },
    ]);
    const inDefaultSpace = exceptionList("soc-exceptions"); // no space_id: the default space
    expect(checkStack(stackExceptionListsDeclared, [inDefaultSpace, rule({ exceptions_list: [ref("soc-exceptions")] })])).toHaveLength(1);
  });
  it("fails items on undeclared lists unless told not to check items", () => {
    const item = res("ExceptionListItem", "item", itemProps({ list_id: "nowhere" }));
    expect(checkStack(stackExceptionListsDeclared, [item])).toEqual([
      { urn: item.urn, message: expect.stringContaining('belongs to exception list "nowhere"') },
    ]);
    expect(checkStack(stackExceptionListsDeclared, [item], { checkItems: false })).toEqual([]);
  });
  it("checks the lists a customised prebuilt rule (PrebuiltRule) attaches", () => {
    const prebuilt = res("PrebuiltRule", "reverse-shell", { rule_id: "esac-prebuilt-11", space_id: "soc", exceptions_list: [ref("typo-exceptions")] });
    expect(checkStack(stackExceptionListsDeclared, [exceptionList("soc-exceptions", { space_id: "soc" }), prebuilt])).toEqual([
      {
        urn: prebuilt.urn,
        message:
          'rule "reverse-shell" (rule_id esac-prebuilt-11) uses exception list "typo-exceptions" (single, space soc), which this stack does not declare; declare it or add it to externalLists.',
      },
    ]);
    const declared = res("PrebuiltRule", "reverse-shell", { rule_id: "esac-prebuilt-11", space_id: "soc", exceptions_list: [ref("soc-exceptions")] });
    expect(checkStack(stackExceptionListsDeclared, [exceptionList("soc-exceptions", { space_id: "soc" }), declared])).toEqual([]);
  });
  it("does not judge while a declared list_id is unknown", () => {
    expect(checkStack(stackExceptionListsDeclared, [exceptionList("x", { list_id: UNKNOWN }), rule({ exceptions_list: [ref("y")] })])).toEqual([]);
  });
});

describe("stack-value-lists-used", () => {
  const valueList = (list_id: unknown) => res("ValueList", "admin-hosts", { list_id, type: "keyword", name: "Admin hosts", description: "d" });
  const usingItem = (id: unknown, nested = false) => {
    const entry = { field: "host.name", operator: "included", type: "list", list: { id, type: "keyword" } };
    return res("ExceptionListItem", "item", itemProps({ entries: nested ? [{ type: "nested", field: "host", entries: [entry] }] : [entry] }));
  };
  it("passes a list referenced by an exception item (also inside nested entries)", () => {
    expect(checkStack(stackValueListsUsed, [valueList("admin-hosts"), usingItem("admin-hosts")])).toEqual([]);
    expect(checkStack(stackValueListsUsed, [valueList("admin-hosts"), usingItem("admin-hosts", true)])).toEqual([]);
  });
  it("fails an unused list", () => {
    const vl = valueList("admin-hosts");
    expect(checkStack(stackValueListsUsed, [vl, usingItem("other")])).toEqual([
      {
        urn: vl.urn,
        message:
          'value list "admin-hosts" (id admin-hosts) is not referenced by any exception item of this stack; reference it, delete it, or add it to ignoreLists.',
      },
    ]);
    expect(checkStack(stackValueListsUsed, [vl], { ignoreLists: ["admin-hosts"] })).toEqual([]);
  });
  it("does not judge while a reference or the list id is unknown", () => {
    expect(checkStack(stackValueListsUsed, [valueList("admin-hosts"), usingItem(UNKNOWN)])).toEqual([]);
    expect(checkStack(stackValueListsUsed, [valueList(UNKNOWN)])).toEqual([]);
  });
  it("reads the id from list_id, value_list_id or id", () => {
    const byId = res("ValueList", "v", { id: "v1", type: "ip", name: "n", description: "d" });
    const byValueListId = res("ValueList", "w", { value_list_id: "w1", type: "ip", name: "n", description: "d" });
    expect(checkStack(stackValueListsUsed, [byId, byValueListId]).map((v) => v.message)).toEqual([
      expect.stringContaining("(id v1)"),
      expect.stringContaining("(id w1)"),
    ]);
  });
});
