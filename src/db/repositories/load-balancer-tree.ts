// Writes over a whole load balancer tree (listeners, pools, members, health monitors, L7 policies and rules): the
// ends of the worker's flows. Each status change is one transaction, so no reader sees half a tree settled.
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import { deleteListener, listenerIdsOfLoadBalancer } from './listeners.js';
import { deletePool, poolIdsOfLoadBalancer } from './pools.js';

async function policyIdsOfListeners(db: Db, listenerIds: readonly string[]): Promise<string[]> {
  return (
    await db
      .selectFrom('l7policy')
      .select('id')
      .where('listener_id', 'in', [...listenerIds])
      .execute()
  ).map((r) => r.id);
}

/**
 * The load balancer, and the listeners, pools and L7 policies the API marked PENDING_UPDATE (the parents it locked),
 * become ACTIVE again (Octavia's MarkLBAndListenersActiveInDB / MarkPoolActiveInDB / MarkL7PolicyActiveInDB).
 */
export async function releaseLoadBalancerTree(db: Db, lbId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const now = nowTimestamp();
    await tx
      .updateTable('listener')
      .set({ provisioning_status: 'ACTIVE', updated_at: now })
      .where('load_balancer_id', '=', lbId)
      .where('provisioning_status', '=', 'PENDING_UPDATE')
      .execute();
    await tx
      .updateTable('pool')
      .set({ provisioning_status: 'ACTIVE', updated_at: now })
      .where('load_balancer_id', '=', lbId)
      .where('provisioning_status', '=', 'PENDING_UPDATE')
      .execute();
    const listenerIds = await listenerIdsOfLoadBalancer(tx, lbId);
    if (listenerIds.length > 0) {
      await tx
        .updateTable('l7policy')
        .set({ provisioning_status: 'ACTIVE', updated_at: now })
        .where('listener_id', 'in', listenerIds)
        .where('provisioning_status', '=', 'PENDING_UPDATE')
        .execute();
    }
    await tx.updateTable('load_balancer').set({ provisioning_status: 'ACTIVE', updated_at: now }).where('id', '=', lbId).execute();
  });
}

/** The load balancer, and every object under it that a failed flow left PENDING_*, become ERROR. */
export async function loadBalancerTreeToError(db: Db, lbId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const now = nowTimestamp();
    const pending = ['PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'];
    const toError = { provisioning_status: 'ERROR', updated_at: now };
    const listeners = await listenerIdsOfLoadBalancer(tx, lbId);
    const pools = await poolIdsOfLoadBalancer(tx, lbId);
    if (listeners.length > 0) {
      await tx.updateTable('listener').set(toError).where('id', 'in', listeners).where('provisioning_status', 'in', pending).execute();
      const policies = await policyIdsOfListeners(tx, listeners);
      if (policies.length > 0) {
        await tx.updateTable('l7policy').set(toError).where('id', 'in', policies).where('provisioning_status', 'in', pending).execute();
        await tx
          .updateTable('l7rule')
          .set(toError)
          .where('l7policy_id', 'in', policies)
          .where('provisioning_status', 'in', pending)
          .execute();
      }
    }
    if (pools.length > 0) {
      await tx.updateTable('pool').set(toError).where('id', 'in', pools).where('provisioning_status', 'in', pending).execute();
      await tx.updateTable('member').set(toError).where('pool_id', 'in', pools).where('provisioning_status', 'in', pending).execute();
      await tx
        .updateTable('health_monitor')
        .set(toError)
        .where('pool_id', 'in', pools)
        .where('provisioning_status', 'in', pending)
        .execute();
    }
    await tx.updateTable('load_balancer').set(toError).where('id', '=', lbId).execute();
  });
}

/** The parent column of each object whose operating status the heartbeats do not report. */
const PARENT = { l7policy: 'listener_id', l7rule: 'l7policy_id', health_monitor: 'pool_id' } as const;

/** The children of the given parents take ONLINE or OFFLINE from `enabled`. */
async function operatingByEnabled(tx: Db, table: keyof typeof PARENT, parentIds: readonly string[]): Promise<void> {
  if (parentIds.length === 0) return;
  const parent = PARENT[table];
  for (const [enabled, status] of [
    [1, 'ONLINE'],
    [0, 'OFFLINE'],
  ] as const) {
    await tx
      .updateTable(table)
      .set({ operating_status: status })
      .where(parent, 'in', [...parentIds])
      .where('enabled', '=', enabled)
      .execute();
  }
}

/**
 * Every PENDING_CREATE or PENDING_UPDATE object of the load balancer, and the load balancer, become ACTIVE (a graph
 * create builds them all at once). Health monitors and L7 objects get their operating status here, by `enabled`:
 * heartbeats do not report them.
 */
export async function activateLoadBalancerTree(db: Db, lbId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const now = nowTimestamp();
    const listeners = await listenerIdsOfLoadBalancer(tx, lbId);
    const pools = await poolIdsOfLoadBalancer(tx, lbId);
    const pending = ['PENDING_CREATE', 'PENDING_UPDATE'];
    for (const [table, column, ids] of [
      ['listener', 'id', listeners],
      ['pool', 'id', pools],
      ['member', 'pool_id', pools],
      ['health_monitor', 'pool_id', pools],
      ['l7policy', 'listener_id', listeners],
    ] as const) {
      if (ids.length === 0) continue;
      await tx
        .updateTable(table)
        .set({ provisioning_status: 'ACTIVE', updated_at: now })
        .where(column, 'in', [...ids])
        .where('provisioning_status', 'in', pending)
        .execute();
    }
    if (listeners.length > 0) {
      const policies = await policyIdsOfListeners(tx, listeners);
      if (policies.length > 0) {
        await tx
          .updateTable('l7rule')
          .set({ provisioning_status: 'ACTIVE', updated_at: now })
          .where('l7policy_id', 'in', policies)
          .where('provisioning_status', 'in', pending)
          .execute();
      }
      await operatingByEnabled(tx, 'l7policy', listeners);
      await operatingByEnabled(tx, 'l7rule', policies);
    }
    await operatingByEnabled(tx, 'health_monitor', pools);
    await tx.updateTable('load_balancer').set({ provisioning_status: 'ACTIVE', updated_at: now }).where('id', '=', lbId).execute();
  });
}

/** Removes every listener and pool of the load balancer with their dependents (a cascade delete); run in a transaction. */
export async function deleteLoadBalancerChildren(tx: Db, lbId: string): Promise<void> {
  for (const id of await listenerIdsOfLoadBalancer(tx, lbId)) await deleteListener(tx, id);
  for (const id of await poolIdsOfLoadBalancer(tx, lbId)) await deletePool(tx, id);
}
