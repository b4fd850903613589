// Database status tasks: the "mark ... in DB" and "... to ERROR on revert" steps of Octavia's flows.
import type { Db } from '../../db/connection.js';
import { deleteHealthMonitor } from '../../db/repositories/health-monitors.js';
import { deleteL7Policies } from '../../db/repositories/l7policies.js';
import { deleteL7Rules } from '../../db/repositories/l7rules.js';
import { deleteListener } from '../../db/repositories/listeners.js';
import { loadBalancerTreeToError, releaseLoadBalancerTree } from '../../db/repositories/load-balancer-tree.js';
import { deleteMembers } from '../../db/repositories/members.js';
import { deletePool } from '../../db/repositories/pools.js';
import { projectsOwning, withQuotaRecount } from '../../db/repositories/quotas.js';
import { markObjectActive, setProvisioningStatus, type StatusTable } from '../../db/repositories/status-locks.js';
import type { LbInput, WorkerTask } from '../env.js';

export type ChildTable = StatusTable;

/** Checkpoint at the head of a flow: nothing to do forward; on revert the object is ERROR and parents unlocked. */
export function toErrorOnRevert<I extends LbInput, S>(table: ChildTable, ids: (input: I) => readonly string[]): WorkerTask<I, S> {
  return {
    name: `${table}_to_error_on_revert`,
    async execute() {},
    async revert(ctx) {
      for (const id of ids(ctx.input)) await setProvisioningStatus(ctx.env.db, table, [id], 'ERROR');
      await releaseLoadBalancerTree(ctx.env.db, ctx.input.loadBalancerId);
    },
  };
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
      for (const id of ids(ctx.input)) await markObjectActive(ctx.env.db, table, id, setOperating);
    },
  };
}

export function releaseLoadBalancer<I extends LbInput, S>(): WorkerTask<I, S> {
  return {
    name: 'mark_lb_and_parents_active',
    async execute(ctx) {
      await releaseLoadBalancerTree(ctx.env.db, ctx.input.loadBalancerId);
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
