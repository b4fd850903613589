// Listener, pool, member, health monitor and L7 flows (Octavia's §8.4 table): mark → push the whole load balancer
// configuration → mark ACTIVE (or delete the rows) → release the parents the API locked.
import { setMembersOperatingStatus } from '../../db/repositories/members.js';
import type { ChildJob, ChildOp, MemberBatchJob } from '../../jobboard/catalog.js';
import type { Flow } from '../engine/types.js';
import type { WorkerEnv, WorkerTask } from '../env.js';
import { listenersUpdate } from '../tasks/listeners-update.js';
import { type ChildTable, deleteInDb, markActive, releaseLoadBalancer, toErrorOnRevert } from '../tasks/statuses.js';

const TABLE_NAMES: Record<ChildTable, string> = {
  listener: 'listener',
  pool: 'pool',
  member: 'member',
  health_monitor: 'health_monitor',
  l7policy: 'l7policy',
  l7rule: 'l7rule',
};

/** HM and L7 objects get ONLINE/OFFLINE from the worker; the others from amphora heartbeats. */
const WORKER_OPERATED: readonly ChildTable[] = ['health_monitor', 'l7policy', 'l7rule'];

export function childFlow(table: ChildTable, op: ChildOp): Flow<ChildJob, unknown, WorkerEnv> {
  const ids = (input: ChildJob) => input.ids;
  return {
    name: `${op}_${TABLE_NAMES[table]}`,
    loadBalancerId: (input) => input.loadBalancerId,
    initialStore: () => ({}),
    tasks: () => {
      const tasks: WorkerTask<ChildJob, unknown>[] = [toErrorOnRevert(table, ids), listenersUpdate()];
      if (op === 'delete') {
        tasks.push(deleteInDb(table, ids));
        if (table === 'health_monitor') {
          tasks.push({
            name: 'update_pool_members_no_monitor',
            async execute(ctx) {
              if (ctx.input.poolId) await setMembersOperatingStatus(ctx.env.db, ctx.input.poolId, 'NO_MONITOR');
            },
          });
        }
      } else {
        tasks.push(markActive(table, ids, WORKER_OPERATED.includes(table)));
      }
      tasks.push(releaseLoadBalancer());
      return tasks;
    },
  };
}

export const memberBatchFlow: Flow<MemberBatchJob, unknown, WorkerEnv> = {
  name: 'batch_update_members',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: () => ({}),
  tasks: () => [
    toErrorOnRevert<MemberBatchJob, unknown>('member', (i) => [...i.created, ...i.updated, ...i.deleted]),
    listenersUpdate(),
    deleteInDb<MemberBatchJob, unknown>('member', (i) => i.deleted),
    markActive<MemberBatchJob, unknown>('member', (i) => [...i.created, ...i.updated]),
    releaseLoadBalancer(),
  ],
};
