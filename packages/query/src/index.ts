export * from "./syntax-error";
export * from "./eql";
export * from "./lucene";
