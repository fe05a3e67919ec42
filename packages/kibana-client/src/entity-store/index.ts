export * from "./schema";
export * from "./defaults";
export * from "./api";
export * from "./v2-schema";
export * from "./v2-api";
