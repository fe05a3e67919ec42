export * from "./schema";
export * from "./defaults";
export * from "./normalize";
export * from "./api";
export * from "./rule-exceptions";
