/**
 * Init defaults for the fields Kibana echoes in the engine descriptor (kibana-behaviour.md §6.2,
 * `engine_descriptor.ts`). Fields the descriptor does not carry (lookbackPeriod, frequency, …) are not compared
 * against Kibana, so their defaults (which differ between versions and the API reference) are not needed here.
 */
export const ENGINE_DESCRIPTOR_DEFAULTS = {
  indexPattern: "",
  filter: "",
  fieldHistoryLength: 10,
  timestampField: "@timestamp",
} as const;

/** Server-side defaults the emulator fills for the fields it does not echo (`entity_store/constants.ts`). */
export const ENGINE_INIT_DEFAULTS = {
  ...ENGINE_DESCRIPTOR_DEFAULTS,
  lookbackPeriod: "3h",
  timeout: "180s",
  frequency: "1m",
  delay: "1m",
  docsPerSecond: -1,
  maxPageSearchSize: 500,
} as const;
