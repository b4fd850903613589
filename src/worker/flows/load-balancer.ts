// Load balancer flows (Octavia's octavia-{create,update,delete,failover}-loadbalancer-flow).
import { amphoraeOfLoadBalancer } from '../../db/repositories/amphorae.js';
import { deleteListener } from '../../db/repositories/listeners.js';
import { deletePool } from '../../db/repositories/pools.js';
import { projectsOwning, withQuotaRecount } from '../../db/repositories/quotas.js';
import { nowTimestamp } from '../../common/time.js';
import type { LbCreateJob, LbDeleteJob, LbFailoverJob, LbJob } from '../../jobboard/catalog.js';
import type { Flow } from '../engine/types.js';
import type { WorkerEnv, WorkerTask } from '../env.js';
import { type AmphoraStore, amphoraIdFor, amphoraSubflow, configureAmphora } from '../tasks/amphora-build.js';
import { deleteLbAmphorae, markLbAmphoraeHealthBusy, retireAmphora } from '../tasks/amphora-retire.js';
import { listenersUpdate } from '../tasks/listeners-update.js';
import { ensureVip, unplugAndDeallocateVip } from '../tasks/network.js';
import { loadBalancerToErrorOnRevert, releaseLoadBalancer } from '../tasks/statuses.js';

type LbCreateStore = AmphoraStore;

function rolesFor(topology: string): AmphoraStore['amphorae'][number]['role'][] {
  return topology === 'ACTIVE_STANDBY' ? ['MASTER', 'BACKUP'] : ['STANDALONE'];
}

/** Marks every PENDING_CREATE child of the load balancer ACTIVE (graph creates build them all at once). */
function markLbAndChildrenActive(): WorkerTask<LbJob, unknown> {
  return {
    name: 'mark_lb_active_with_children',
    async execute(ctx) {
      const db = ctx.env.db;
      const lbId = ctx.input.loadBalancerId;
      await db.transaction().execute(async (tx) => {
        const now = nowTimestamp();
        const listeners = (await tx.selectFrom('listener').select('id').where('load_balancer_id', '=', lbId).execute()).map((r) => r.id);
        const pools = (await tx.selectFrom('pool').select('id').where('load_balancer_id', '=', lbId).execute()).map((r) => r.id);
        const pending = ['PENDING_CREATE', 'PENDING_UPDATE'];
        for (const [table, column, ids] of [
          ['listener', 'id', listeners],
          ['pool', 'id', pools],
          ['member', 'pool_id', pools],
          ['health_monitor', 'pool_id', pools],
          ['l7policy', 'listener_id', listeners],
        ] as const) {
          if (ids.length === 0) continue;
          await tx.updateTable(table).set({ provisioning_status: 'ACTIVE', updated_at: now }).where(column, 'in', [...ids]).where('provisioning_status', 'in', pending).execute();
        }
        if (listeners.length > 0) {
          const policies = (await tx.selectFrom('l7policy').select('id').where('listener_id', 'in', listeners).execute()).map((r) => r.id);
          if (policies.length > 0) {
            await tx.updateTable('l7rule').set({ provisioning_status: 'ACTIVE', updated_at: now }).where('l7policy_id', 'in', policies).where('provisioning_status', 'in', pending).execute();
          }
          // HMs and L7 objects get their operating status from the worker, not from heartbeats
          for (const table of ['l7policy', 'l7rule'] as const) {
            const column = table === 'l7policy' ? 'listener_id' : 'l7policy_id';
            const ids = table === 'l7policy' ? listeners : policies;
            if (ids.length === 0) continue;
            await tx.updateTable(table).set({ operating_status: 'ONLINE' }).where(column, 'in', ids).where('enabled', '=', 1).execute();
            await tx.updateTable(table).set({ operating_status: 'OFFLINE' }).where(column, 'in', ids).where('enabled', '=', 0).execute();
          }
        }
        if (pools.length > 0) {
          await tx.updateTable('health_monitor').set({ operating_status: 'ONLINE' }).where('pool_id', 'in', pools).where('enabled', '=', 1).execute();
          await tx.updateTable('health_monitor').set({ operating_status: 'OFFLINE' }).where('pool_id', 'in', pools).where('enabled', '=', 0).execute();
        }
        await tx.updateTable('load_balancer').set({ provisioning_status: 'ACTIVE', updated_at: now }).where('id', '=', lbId).execute();
      });
    },
  };
}

export const createLoadBalancerFlow: Flow<LbCreateJob, LbCreateStore, WorkerEnv> = {
  name: 'create_load_balancer',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: (input) => ({
    amphorae: rolesFor(input.topology ?? 'SINGLE').map((role, i) => ({ id: amphoraIdFor(input.seed, i), role })),
  }),
  tasks: (input) => [
    loadBalancerToErrorOnRevert(),
    ensureVip(),
    ...rolesFor(input.topology ?? 'SINGLE').flatMap((_, i) => amphoraSubflow<typeof input>(i)),
    listenersUpdate(),
    markLbAndChildrenActive(),
  ],
};

export const updateLoadBalancerFlow: Flow<LbJob, unknown, WorkerEnv> = {
  name: 'update_load_balancer',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: () => ({}),
  tasks: () => [loadBalancerToErrorOnRevert(), listenersUpdate(), releaseLoadBalancer()],
};

function cascadeDeleteChildren(): WorkerTask<LbDeleteJob, unknown> {
  return {
    name: 'delete_children_in_db',
    async execute(ctx) {
      if (!ctx.input.cascade) return;
      const projects = await projectsOwning(ctx.env.db, 'load_balancer', [ctx.input.loadBalancerId]);
      await withQuotaRecount(ctx.env.db, projects, async (tx) => {
        const lbId = ctx.input.loadBalancerId;
        for (const { id } of await tx.selectFrom('listener').select('id').where('load_balancer_id', '=', lbId).execute()) {
          await deleteListener(tx, id);
        }
        for (const { id } of await tx.selectFrom('pool').select('id').where('load_balancer_id', '=', lbId).execute()) {
          await deletePool(tx, id);
        }
      });
    },
  };
}

function markLbDeleted(): WorkerTask<LbDeleteJob, unknown> {
  return {
    name: 'mark_lb_deleted',
    async execute(ctx) {
      const projects = await projectsOwning(ctx.env.db, 'load_balancer', [ctx.input.loadBalancerId]);
      await withQuotaRecount(ctx.env.db, projects, (tx) =>
        tx.updateTable('load_balancer').set({ provisioning_status: 'DELETED', updated_at: nowTimestamp() }).where('id', '=', ctx.input.loadBalancerId).execute());
    },
  };
}

export const deleteLoadBalancerFlow: Flow<LbDeleteJob, unknown, WorkerEnv> = {
  name: 'delete_load_balancer',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: () => ({}),
  tasks: () => [
    loadBalancerToErrorOnRevert(),
    markLbAmphoraeHealthBusy(),
    cascadeDeleteChildren(),
    unplugAndDeallocateVip(),
    deleteLbAmphorae(),
    markLbDeleted(),
  ],
};

interface LbFailoverStore extends AmphoraStore {
  /** the amphorae being replaced, in replacement order */
  old: string[];
}

/** Replaces every amphora of the load balancer (PUT .../loadbalancers/{id}/failover). */
export const failoverLoadBalancerFlow: Flow<LbFailoverJob, LbFailoverStore, WorkerEnv> = {
  name: 'failover_load_balancer',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: (input) => ({
    old: input.oldAmphorae.map((a) => a.id),
    amphorae: (input.oldAmphorae.length > 0 ? input.oldAmphorae : [{ id: '', role: 'STANDALONE' }]).map((a, i) => ({
      id: amphoraIdFor(input.seed, i),
      role: (a.role as 'STANDALONE' | 'MASTER' | 'BACKUP' | null) ?? 'STANDALONE',
    })),
  }),
  tasks: (input) => {
    const count = Math.max(1, input.oldAmphorae.length);
    const tasks: WorkerTask<typeof input, LbFailoverStore>[] = [loadBalancerToErrorOnRevert()];
    for (let i = 0; i < count; i++) {
      tasks.push(...amphoraSubflow<typeof input>(i), configureAmphora<typeof input>(i));
      tasks.push({
        name: `amphora_${i}.retire_old`,
        async execute(ctx) {
          const old = ctx.store.old[i];
          if (old) await retireAmphora(ctx as never, old, ctx.input.loadBalancerId);
        },
      });
    }
    tasks.push(listenersUpdate(), releaseLoadBalancer());
    return tasks;
  },
};

export async function currentAmphorae(env: WorkerEnv, lbId: string): Promise<{ id: string; role: string | null }[]> {
  return (await amphoraeOfLoadBalancer(env.db, lbId)).map((a) => ({ id: a.id, role: a.role }));
}
