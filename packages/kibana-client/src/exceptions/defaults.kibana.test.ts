/**
 * Pins the exception list and item defaults the provider normalises with to Kibana's own source (issue 11 item 5).
 * Kibana's values: the response mocks of x-pack/solutions/security/plugins/lists/common/schemas/response/
 * `exception_list_schema.mock.ts` (elastic/kibana commit d5e5db46: a list created from the minimal request mock comes
 * back with `namespace_type: "single"`, `os_types: []`, `tags: []`, no `meta`) and `exception_list_item_schema.mock.ts`
 * (commit 328b3b5e: an item comes back with `namespace_type: "single"`, `tags: []`, `comments: []`, `type: "simple"`,
 * the only `ExceptionListItemType`; `os_types` defaults to `[]` in the create request schema, as for lists).
 */
import { EXCEPTION_ITEM_DEFAULTS, EXCEPTION_LIST_DEFAULTS } from "./defaults";

describe("exception defaults pinned to Kibana's schema mocks", () => {
  it("a list sent without namespace_type, os_types and tags gets Kibana's values", () => {
    expect(EXCEPTION_LIST_DEFAULTS).toEqual({ namespace_type: "single", os_types: [], tags: [] });
  });

  it("an item sent without namespace_type, os_types and tags gets Kibana's values; simple is the only item type", () => {
    expect(EXCEPTION_ITEM_DEFAULTS).toEqual({ type: "simple", namespace_type: "single", os_types: [], tags: [] });
  });
});
