// Database status tasks: the "mark ... in DB" and "... to ERROR on revert" steps of Octavia's flows.
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../../db/connection.js';
import { deleteHealthMonitor } from '../../db/repositories/health-monitors.js';
import { deleteL7Policies } from '../../db/repositories/l7policies.js';
import { deleteL7Rules } from '../../db/repositories/l7rules.js';
import { deleteListener } from '../../db/repositories/listeners.js';
import { deleteMembers } from '../../db/repositories/members.js';
import { deletePool } from '../../db/repositories/pools.js';
import { projectsOwning, withQuotaRecount } from '../../db/repositories/quotas.js';
import type { LbInput, WorkerTask } from '../env.js';

export type ChildTable = 'listener' | 'pool' | 'member' | 'health_monitor' | 'l7policy' | 'l7rule';

async function setStatus(db: Db, table: ChildTable | 'load_balancer', id: string, set: Record<string, string>): Promise<void> {
  await db.updateTable(table).set({ ...set, updated_at: nowTimestamp() }).where('id', '=', id).execute();
}

/**
 * The parents the API locked (LB, and listeners, pools, L7 policies it marked PENDING_UPDATE) become ACTIVE again.
 * Octavia's MarkLBAndListenersActiveInDB / MarkPoolActiveInDB / MarkL7PolicyActiveInDB in one step.
 */
export async function releaseParents(db: Db, lbId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const now = nowTimestamp();
    await tx.updateTable('listener').set({ provisioning_status: 'ACTIVE', updated_at: now })
      .where('load_balancer_id', '=', lbId).where('provisioning_status', '=', 'PENDING_UPDATE').execute();
    await tx.updateTable('pool').set({ provisioning_status: 'ACTIVE', updated_at: now })
      .where('load_balancer_id', '=', lbId).where('provisioning_status', '=', 'PENDING_UPDATE').execute();
    const listenerIds = (await tx.selectFrom('listener').select('id').where('load_balancer_id', '=', lbId).execute()).map((r) => r.id);
    if (listenerIds.length > 0) {
      await tx.updateTable('l7policy').set({ provisioning_status: 'ACTIVE', updated_at: now })
        .where('listener_id', 'in', listenerIds).where('provisioning_status', '=', 'PENDING_UPDATE').execute();
    }
    await tx.updateTable('load_balancer').set({ provisioning_status: 'ACTIVE', updated_at: now }).where('id', '=', lbId).execute();
  });
}

/** Checkpoint at the head of a flow: nothing to do forward; on revert the object is ERROR and parents unlocked. */
export function toErrorOnRevert<I extends LbInput, S>(table: ChildTable, ids: (input: I) => readonly string[]): WorkerTask<I, S> {
  return {
    name: `${table}_to_error_on_revert`,
    async execute() {},
    async revert(ctx) {
      for (const id of ids(ctx.input)) await setStatus(ctx.env.db, table, id, { provisioning_status: 'ERROR' });
      await releaseParents(ctx.env.db, ctx.input.loadBalancerId);
    },
  };
}

/** The load balancer, and every object under it that a failed flow left PENDING_*, become ERROR. */
async function loadBalancerTreeToError(db: Db, lbId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const now = nowTimestamp();
    const pending = ['PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'];
    const toError = { provisioning_status: 'ERROR', updated_at: now };
    const listeners = (await tx.selectFrom('listener').select('id').where('load_balancer_id', '=', lbId).execute()).map((r) => r.id);
    const pools = (await tx.selectFrom('pool').select('id').where('load_balancer_id', '=', lbId).execute()).map((r) => r.id);
    if (listeners.length > 0) {
      await tx.updateTable('listener').set(toError).where('id', 'in', listeners).where('provisioning_status', 'in', pending).execute();
      const policies = (await tx.selectFrom('l7policy').select('id').where('listener_id', 'in', listeners).execute()).map((r) => r.id);
      if (policies.length > 0) {
        await tx.updateTable('l7policy').set(toError).where('id', 'in', policies).where('provisioning_status', 'in', pending).execute();
        await tx.updateTable('l7rule').set(toError).where('l7policy_id', 'in', policies).where('provisioning_status', 'in', pending).execute();
      }
    }
    if (pools.length > 0) {
      await tx.updateTable('pool').set(toError).where('id', 'in', pools).where('provisioning_status', 'in', pending).execute();
      await tx.updateTable('member').set(toError).where('pool_id', 'in', pools).where('provisioning_status', 'in', pending).execute();
      await tx.updateTable('health_monitor').set(toError).where('pool_id', 'in', pools).where('provisioning_status', 'in', pending).execute();
    }
    await tx.updateTable('load_balancer').set(toError).where('id', '=', lbId).execute();
  });
}

export function loadBalancerToErrorOnRevert<I extends LbInput, S>(): WorkerTask<I, S> {
  return {
    name: 'load_balancer_to_error_on_revert',
    async execute() {},
    async revert(ctx) {
      await loadBalancerTreeToError(ctx.env.db, ctx.input.loadBalancerId);
    },
  };
}

/** Marks objects ACTIVE; objects whose operating status the worker owns (HM, L7) get ONLINE/OFFLINE by enabled. */
export function markActive<I, S>(table: ChildTable, ids: (input: I) => readonly string[], setOperating = false): WorkerTask<I, S> {
  return {
    name: `mark_${table}_active`,
    async execute(ctx) {
      for (const id of ids(ctx.input)) {
        const row = await ctx.env.db.selectFrom(table).select(['enabled']).where('id', '=', id).executeTakeFirst();
        if (!row) continue;
        const set: Record<string, string> = { provisioning_status: 'ACTIVE' };
        if (setOperating) set.operating_status = row.enabled === 1 ? 'ONLINE' : 'OFFLINE';
        await setStatus(ctx.env.db, table, id, set);
      }
    },
  };
}

export function releaseLoadBalancer<I extends LbInput, S>(): WorkerTask<I, S> {
  return {
    name: 'mark_lb_and_parents_active',
    async execute(ctx) {
      await releaseParents(ctx.env.db, ctx.input.loadBalancerId);
    },
  };
}

const DELETERS: Record<ChildTable, (db: Db, id: string) => Promise<void>> = {
  listener: deleteListener,
  pool: deletePool,
  member: (db, id) => deleteMembers(db, [id]),
  health_monitor: deleteHealthMonitor,
  l7policy: (db, id) => deleteL7Policies(db, [id]),
  l7rule: (db, id) => deleteL7Rules(db, [id]),
};

/** Deletes the rows (with their dependents) once the data plane no longer uses them; idempotent. */
export function deleteInDb<I, S>(table: ChildTable, ids: (input: I) => readonly string[]): WorkerTask<I, S> {
  return {
    name: `delete_${table}_in_db`,
    async execute(ctx) {
      const doomed = ids(ctx.input);
      await withQuotaRecount(ctx.env.db, await projectsOwning(ctx.env.db, table, doomed), async (tx) => {
        for (const id of doomed) await DELETERS[table](tx, id);
      });
    },
  };
}
