// The operating statuses one heartbeat is compared with, as repositories/health.ts loads them for a batch and the
// health manager's roll-up (health-manager/rollup.ts) reads them. A record of the data layer: the repository fills
// it, so it lives here and the health manager imports it, never the other way round.

export interface PoolGraph {
  readonly operatingStatus: string;
  readonly members: ReadonlyMap<string, { readonly operatingStatus: string }>;
}

/** The current values one heartbeat is compared with (Octavia's get_lb_for_health_update). */
export interface HealthGraph {
  readonly id: string;
  readonly enabled: boolean;
  readonly provisioningStatus: string;
  readonly operatingStatus: string;
  readonly listeners: ReadonlyMap<string, { readonly operatingStatus: string; readonly enabled: boolean }>;
  readonly pools: ReadonlyMap<string, PoolGraph>;
}
