// Load balancer flows (Octavia's octavia-{create,update,delete,failover}-loadbalancer-flow).
import { amphoraeOfLoadBalancer } from '../../db/repositories/amphorae.js';
import { activateLoadBalancerTree, deleteLoadBalancerChildren } from '../../db/repositories/load-balancer-tree.js';
import { setLoadBalancerStatus } from '../../db/repositories/load-balancers.js';
import { projectsOwning, withQuotaRecount } from '../../db/repositories/quotas.js';
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
      await activateLoadBalancerTree(ctx.env.db, ctx.input.loadBalancerId);
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
      await withQuotaRecount(ctx.env.db, projects, (tx) => deleteLoadBalancerChildren(tx, ctx.input.loadBalancerId));
    },
  };
}

function markLbDeleted(): WorkerTask<LbDeleteJob, unknown> {
  return {
    name: 'mark_lb_deleted',
    async execute(ctx) {
      const projects = await projectsOwning(ctx.env.db, 'load_balancer', [ctx.input.loadBalancerId]);
      await withQuotaRecount(ctx.env.db, projects, (tx) =>
        setLoadBalancerStatus(tx, ctx.input.loadBalancerId, { provisioning_status: 'DELETED' }),
      );
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
