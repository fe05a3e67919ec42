export type { KqlField, KqlLiteral, KqlNode, KqlRangeOperator, KqlSpan } from "./ast";
export { kqlFields } from "./fields";
export { parseKql } from "./parser";
