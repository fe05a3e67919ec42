export * from "./schema";
export * from "./normalize";
export * from "./api";
