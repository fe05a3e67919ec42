export * from "./kibana-version";
export * from "./features";
