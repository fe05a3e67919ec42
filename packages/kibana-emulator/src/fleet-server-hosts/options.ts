/** A host defined in kibana.yml (`xpack.fleet.fleetServerHosts`). */
export interface PreconfiguredFleetServerHost {
  id: string;
  name: string;
  host_urls: string[];
  is_default?: boolean;
  is_internal?: boolean;
  proxy_id?: string;
}

export interface FleetEmulatorOptions {
  preconfiguredHosts?: PreconfiguredFleetServerHost[];
  /**
   * Fleet's secret storage (on when every Fleet Server is ≥ 8.12): `secrets.ssl.*` are kept in it and returned as
   * `{id}` references. Off: they are stored in the host's `ssl` and returned in plain text. Default true.
   */
  secretStorage?: boolean;
}
