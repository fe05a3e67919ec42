export * from "./transport";
export * from "./detection-rules";
export * from "./zod-error";
