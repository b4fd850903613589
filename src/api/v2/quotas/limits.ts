// Quota vocabulary shared by the quota API and enforcement: API keys, storage columns, Octavia's resource names,
// and the effective limit (stored value, or the [quotas] default when unset).
import type { OctaviaConfig } from '../../../config/config.js';
import type { QuotaResource } from '../../../db/schema.js';

/** What a create path charges: the API's spelling of the resource. */
export type QuotaKind = 'loadbalancer' | 'listener' | 'pool' | 'healthmonitor' | 'member' | 'l7policy' | 'l7rule';

export const QUOTA_KINDS: Readonly<Record<QuotaKind, { column: QuotaResource; name: string }>> = {
  loadbalancer: { column: 'load_balancer', name: 'Load Balancer' },
  listener: { column: 'listener', name: 'Listener' },
  pool: { column: 'pool', name: 'Pool' },
  healthmonitor: { column: 'health_monitor', name: 'Health Monitor' },
  member: { column: 'member', name: 'Member' },
  l7policy: { column: 'l7policy', name: 'L7 Policy' },
  l7rule: { column: 'l7rule', name: 'L7 Rule' },
};

export function defaultLimit(config: OctaviaConfig, column: QuotaResource): number {
  const q = config.quotas;
  switch (column) {
    case 'load_balancer':
      return q.default_load_balancer_quota;
    case 'listener':
      return q.default_listener_quota;
    case 'pool':
      return q.default_pool_quota;
    case 'health_monitor':
      return q.default_health_monitor_quota;
    case 'member':
      return q.default_member_quota;
    case 'l7policy':
      return q.default_l7policy_quota;
    case 'l7rule':
      return q.default_l7rule_quota;
  }
}

/** -1 is unlimited; otherwise `needed` objects fit when needed <= limit. */
export function withinLimit(limit: number, needed: number): boolean {
  return limit === -1 || needed <= limit;
}
