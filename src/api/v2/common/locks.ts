// The API half of Octavia's status machine: take the load balancer lock (ACTIVE → PENDING_UPDATE in one
// conditional update) and mark the affected parents, or answer 409 with Octavia's message.
import { immutableObject, lbPendingState, notFound } from '../../../common/faults.js';
import type { Db } from '../../../db/connection.js';
import {
  currentLoadBalancerStatus,
  DELETABLE_STATUSES,
  FAILOVERABLE_STATUSES,
  MUTABLE_STATUSES,
  setProvisioningStatus,
  testAndSetLoadBalancer,
} from '../../../db/repositories/status-locks.js';

/** For child operations: LB must be ACTIVE; listed listeners/pools/policies are marked too. */
export async function lockForChildChange(
  tx: Db,
  lbId: string,
  parents: { listeners?: readonly string[]; listenerStatus?: string; pools?: readonly string[]; l7policies?: readonly string[] } = {},
): Promise<void> {
  if (!(await testAndSetLoadBalancer(tx, lbId, 'PENDING_UPDATE', MUTABLE_STATUSES))) {
    throw immutableObject('Load Balancer', lbId);
  }
  await setProvisioningStatus(tx, 'listener', parents.listeners ?? [], parents.listenerStatus ?? 'PENDING_UPDATE');
  await setProvisioningStatus(tx, 'pool', parents.pools ?? [], 'PENDING_UPDATE');
  await setProvisioningStatus(tx, 'l7policy', parents.l7policies ?? [], 'PENDING_UPDATE');
}

/** For load balancer operations: update (ACTIVE), delete (ACTIVE|ERROR), failover (ACTIVE|ERROR). */
export async function lockLoadBalancer(tx: Db, lbId: string, kind: 'update' | 'delete' | 'failover'): Promise<void> {
  const to = kind === 'delete' ? 'PENDING_DELETE' : 'PENDING_UPDATE';
  const from = kind === 'update' ? MUTABLE_STATUSES : kind === 'delete' ? DELETABLE_STATUSES : FAILOVERABLE_STATUSES;
  if (!(await testAndSetLoadBalancer(tx, lbId, to, from))) {
    const status = await currentLoadBalancerStatus(tx, lbId);
    if (status === null || status === 'DELETED') throw notFound('Load Balancer', lbId);
    throw lbPendingState(status, lbId);
  }
}

/** Octavia checks the direct parent (pool, L7 policy) is ACTIVE before taking the load balancer lock. */
export function requireActiveParent(resource: string, obj: { id: string; provisioning_status: string }): void {
  if (obj.provisioning_status !== 'ACTIVE') throw immutableObject(resource, obj.id);
}
