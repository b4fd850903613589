// What the noop provider reports when an operation "completes": every PENDING_* object under the load balancer
// becomes ACTIVE (or is deleted), with the operating status a healthy data plane would show.
import type { Db } from '../../db/connection.js';
import { loadStatusTree } from '../../db/repositories/status-tree.js';
import type { StatusEntry, StatusReport } from '../status-updater.js';

function operating(enabled: number): string {
  return enabled === 1 ? 'ONLINE' : 'OFFLINE';
}

function settled(row: { id: string; provisioning_status: string; enabled: number }, op = operating(row.enabled)): StatusEntry | null {
  if (row.provisioning_status === 'PENDING_DELETE') return { id: row.id, provisioning_status: 'DELETED' };
  if (row.provisioning_status === 'PENDING_CREATE' || row.provisioning_status === 'PENDING_UPDATE') {
    return { id: row.id, provisioning_status: 'ACTIVE', operating_status: op };
  }
  return null;
}

export async function settleLoadBalancer(db: Db, lbId: string): Promise<StatusReport> {
  const tree = await loadStatusTree(db, lbId);
  if (!tree) return {};
  const { lb, listeners, pools, members, hms, policies, rules } = tree;
  // a member is NO_MONITOR unless its pool has an (undeleted) health monitor
  const monitored = new Set(hms.filter((h) => h.provisioning_status !== 'PENDING_DELETE').map((h) => h.pool_id));
  // a monitor coming or going changes what the settled members of its pool report
  const monitorChanged = new Set(
    hms.filter((h) => h.provisioning_status === 'PENDING_CREATE' || h.provisioning_status === 'PENDING_DELETE').map((h) => h.pool_id),
  );
  const memberStatus = (m: (typeof members)[number]): StatusEntry | null => {
    const op = monitored.has(m.pool_id) ? operating(m.enabled) : 'NO_MONITOR';
    return settled(m, op) ?? (monitorChanged.has(m.pool_id) ? { id: m.id, operating_status: op } : null);
  };
  const lbDeleting = lb.provisioning_status === 'PENDING_DELETE';
  const pick = <T>(rows: T[], fn: (row: T) => StatusEntry | null) =>
    rows
      .map((r) => (lbDeleting ? { id: (r as { id: string }).id, provisioning_status: 'DELETED' } : fn(r)))
      .filter((e): e is StatusEntry => e !== null);
  return {
    members: pick(members, memberStatus),
    healthmonitors: pick(hms, (h) => settled(h)),
    l7rules: pick(rules, (r) => settled(r)),
    l7policies: pick(policies, (p) => settled(p)),
    listeners: pick(listeners, (l) => settled(l)),
    pools: pick(pools, (p) => settled(p)),
    loadbalancers: [settled(lb) ?? { id: lb.id, provisioning_status: 'ACTIVE' }],
  };
}
