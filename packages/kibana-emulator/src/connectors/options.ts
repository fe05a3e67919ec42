/** A connector defined in kibana.yml (`xpack.actions.preconfigured`): visible in every space, never editable. */
export interface PreconfiguredConnector {
  id: string;
  name: string;
  connector_type_id: string;
  config?: Record<string, unknown>;
  is_deprecated?: boolean;
}

export interface ConnectorsEmulatorOptions {
  preconfigured?: PreconfiguredConnector[];
}
