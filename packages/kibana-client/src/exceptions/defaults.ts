/** What Kibana fills on an exception list create (`list_id` and `version` aside). */
export const EXCEPTION_LIST_DEFAULTS = {
  namespace_type: "single",
  os_types: [] as string[],
  tags: [] as string[],
} as const;

/** What Kibana fills on an exception item create and on every PUT (`item_id` aside). */
export const EXCEPTION_ITEM_DEFAULTS = {
  type: "simple",
  namespace_type: "single",
  os_types: [] as string[],
  tags: [] as string[],
} as const;
