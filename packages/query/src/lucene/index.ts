export * from "./ast";
export { parseLucene } from "./parser";
export { luceneFields } from "./fields";
