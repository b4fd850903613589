// Enqueueing an amphora failover, shared by the API (PUT /v2/octavia/amphorae/{id}/failover) and the health
// manager's stale-amphora scan: in the caller's transaction, lock the load balancer to PENDING_UPDATE and insert
// the failover_amphora job, so either both happen or neither does.
import { newId } from '../common/ids.js';
import type { Db } from '../db/connection.js';
import { testAndSetLoadBalancer } from '../db/repositories/status-locks.js';
import { enqueueJob } from './enqueue.js';
import { laneOfAmphora, laneOfLoadBalancer } from './job.js';

export interface FailoverTarget {
  readonly id: string;
  /** null: an amphora without a (live) load balancer; the job then only retires it */
  readonly load_balancer_id: string | null;
  readonly role: string | null;
}

/**
 * Returns false, having written nothing, when the load balancer's provisioning status is not one of `lockFrom`
 * (the API answers 409; the health manager skips the amphora this cycle). The caller notifies local workers after
 * commit.
 */
export async function enqueueAmphoraFailover(tx: Db, amp: FailoverTarget, lockFrom: readonly string[]): Promise<boolean> {
  const lbId = amp.load_balancer_id;
  if (lbId && !(await testAndSetLoadBalancer(tx, lbId, 'PENDING_UPDATE', lockFrom))) return false;
  await enqueueJob(tx, {
    flow: 'failover_amphora',
    lane: lbId ? laneOfLoadBalancer(lbId) : laneOfAmphora(amp.id),
    payload: { amphoraId: amp.id, loadBalancerId: lbId, role: amp.role, seed: newId() },
  });
  return true;
}
