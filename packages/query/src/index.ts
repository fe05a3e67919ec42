export * from "./syntax-error";
export * from "./lucene";
