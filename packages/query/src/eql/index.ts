export type * from "./ast";
export { eqlFields, type EqlFieldContext, type EqlFieldReference } from "./fields";
export { parseEql } from "./parser";
