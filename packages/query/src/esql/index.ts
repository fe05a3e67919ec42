export type * from "./ast";
export { parseEsql } from "./parse";
export { esqlFields } from "./fields";
export { esqlShape, type EsqlShape } from "./shape";
