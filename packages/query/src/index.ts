export * from "./syntax-error";
export * from "./eql";
export * from "./lucene";
export * from "./kql";
export * from "./esql";
export * from "./ecs";
export * from "./rule-check";
