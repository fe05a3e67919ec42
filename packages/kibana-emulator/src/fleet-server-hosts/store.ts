/** Fleet Server hosts: global (not per space), plus Fleet's secret store for `secrets.ssl.*` values. */
import { normalizeFleetHostUrl, type FleetServerHost } from "@esac/kibana-client";
import type { FamilyStore } from "../stores";
import type { EmulatorOptions } from "../types";

interface Persisted {
  hosts: Record<string, FleetServerHost>;
  secrets: Record<string, string>;
}

export class FleetServerHostsStore implements FamilyStore {
  private hosts = new Map<string, FleetServerHost>();
  /** Fleet secret id → value; never returned by any route. */
  private secrets = new Map<string, string>();
  readonly secretStorage: boolean;
  private readonly preconfigured: FleetServerHost[];

  constructor(options: EmulatorOptions = {}) {
    this.secretStorage = options.fleet?.secretStorage ?? true;
    this.preconfigured = (options.fleet?.preconfiguredHosts ?? []).map((h) => ({
      id: h.id,
      name: h.name,
      host_urls: h.host_urls.map(normalizeFleetHostUrl),
      is_default: h.is_default ?? false,
      is_preconfigured: true,
      ...(h.is_internal !== undefined ? { is_internal: h.is_internal } : {}),
      ...(h.proxy_id ? { proxy_id: h.proxy_id } : {}),
    }));
    this.reset();
  }

  all(): FleetServerHost[] {
    return [...this.hosts.values()];
  }

  get(id: string): FleetServerHost | undefined {
    return this.hosts.get(id);
  }

  put(host: FleetServerHost): void {
    this.hosts.set(host.id, host);
  }

  delete(id: string): boolean {
    return this.hosts.delete(id);
  }

  storeSecret(id: string, value: string): void {
    this.secrets.set(id, value);
  }

  dropSecret(id: string): void {
    this.secrets.delete(id);
  }

  toJSON(): Persisted {
    return { hosts: Object.fromEntries(this.hosts), secrets: Object.fromEntries(this.secrets) };
  }

  load(data: unknown): void {
    const d = (data ?? {}) as Partial<Persisted>;
    this.hosts = new Map(Object.entries(d.hosts ?? {}));
    this.secrets = new Map(Object.entries(d.secrets ?? {}));
  }

  /** Back to what Kibana has after start: only the preconfigured hosts. */
  reset(): void {
    this.hosts = new Map(this.preconfigured.map((h) => [h.id, structuredClone(h)]));
    this.secrets = new Map();
  }
}
