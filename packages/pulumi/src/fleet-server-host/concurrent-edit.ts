import type { FleetServerHost } from "@esac/kibana-client";
import { deepEqual } from "../provider-kit/json";
import { canonicalHost, hostState } from "./normalize";

type Obj = Record<string, unknown>;

/**
 * What of a Fleet Server host changed in Fleet since the state (`olds`) recorded it, compared with `current` (this
 * process's listing), by field name. Fleet's hosts carry no version or update time, so the content is the marker.
 * Not compared: `is_default`, which Fleet clears on every other host when one becomes the default (this `up` may do
 * that itself), and the private keys, which Fleet never returns. Empty when nothing visible changed or the host is
 * gone (the PUT then says so).
 */
export function hostChangesSinceRead(olds: Obj, current: FleetServerHost | undefined): string[] {
  if (!current) return [];
  const before = canonicalHost(olds);
  const now = canonicalHost(hostState(current, undefined));
  return Object.keys(before).filter((k) => k !== "is_default" && !deepEqual(before[k], now[k]));
}
