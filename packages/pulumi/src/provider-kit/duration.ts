/** Go-style durations ("10m", "1h30m", "90s", "500ms") → milliseconds: one parser, shared with the connection's time limits. */
export { parseDuration } from "@esac/kibana-client";
