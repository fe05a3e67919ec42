export * from "./syntax-error";
