// Helpers for controller-worker tests: watching the jobboard, injecting task failures, and checking that the noop
// drivers' allocations balance (everything built, allocated or plugged was released again, or is still in use).
import assert from 'node:assert/strict';
import type { Db } from '../../src/db/connection.js';
import { countUnsettled } from '../../src/db/repositories/consistency.js';
import type { RecordedCall } from '../../src/drivers/noop/recorder.js';
import type { RunnerHooks } from '../../src/worker/engine/runner.js';
import { eventually } from './eventually.js';

export interface JobRow {
  seq: number;
  id: string;
  flow: string;
  state: string;
  error: string | null;
  attempts: number;
}

/** Waits until no job is WAITING or RUNNING. */
export async function waitNoOpenJobs(db: Db, timeoutMs = 15_000, intervalMs = 10): Promise<void> {
  const open = async () =>
    (await db.selectFrom('job').select('seq').where('state', 'in', ['WAITING', 'RUNNING']).execute()).map((j) => j.seq);
  const show = (seqs: unknown[]) => `jobs ${seqs.join(', ')} open`;
  await eventually('every job finished', open, { until: (seqs) => seqs.length === 0, timeoutMs, intervalMs, show });
}

/** Waits until no load balancer is PENDING_* and no job is WAITING or RUNNING. */
export async function waitAllSettled(db: Db, timeoutMs = 20_000, intervalMs = 20): Promise<void> {
  const settled = (u: { pendingLoadBalancers: number; openJobs: number }) => u.pendingLoadBalancers === 0 && u.openJobs === 0;
  await eventually('load balancers and jobs settled', () => countUnsettled(db), { until: settled, timeoutMs, intervalMs });
}

/** Waits until no job is WAITING or RUNNING; returns the jobs created after `afterSeq`, oldest first. */
export async function waitJobsSettled(db: Db, afterSeq = 0, timeoutMs = 15_000): Promise<JobRow[]> {
  await waitNoOpenJobs(db, timeoutMs);
  const rows = await db
    .selectFrom('job')
    .select(['seq', 'id', 'flow', 'state', 'error', 'attempts'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), attempts: Number(r.attempts) }));
}

export async function lastJobSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('job')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * Runner hooks a test can steer: `failNext(flow, task)` makes that task fail (once per arming); the tasks every
 * flow executed are collected, so a test can learn a flow's task list from one successful run.
 */
export class TaskSwitch {
  private armed: { flow: string; task: string } | null = null;
  readonly executed = new Map<string, string[]>();

  failNext(flow: string, task: string): void {
    this.armed = { flow, task };
  }

  disarm(): void {
    this.armed = null;
  }

  /** the tasks `flow` ran, in order, in its first successful run */
  tasksOf(flow: string): string[] {
    const tasks = this.executed.get(flow);
    assert.ok(tasks && tasks.length > 0, `flow ${flow} has not run yet`);
    return tasks;
  }

  readonly hooks: RunnerHooks = {
    failTask: (flow, task) => {
      if (this.armed?.flow !== flow || this.armed.task !== task) return null;
      this.armed = null;
      return new Error(`injected failure in ${flow}/${task}`);
    },
    afterTaskPersisted: (flow, task, phase) => {
      if (phase !== 'execute') return;
      const list = this.executed.get(flow) ?? [];
      if (!list.includes(task)) list.push(task);
      this.executed.set(flow, list);
    },
  };
}

/** Keys acquired by `acquire` and not (yet) released by `release`, each counted once per outstanding acquisition. */
export function outstanding(calls: readonly RecordedCall[], driver: string, acquire: string, release: string): Set<string> {
  const balance = new Map<string, number>();
  for (const c of calls) {
    if (c.driver !== driver) continue;
    if (c.op === acquire) balance.set(c.key, (balance.get(c.key) ?? 0) + 1);
    // releasing what is not held is harmless (idempotent drivers): it cannot go below zero
    if (c.op === release) balance.set(c.key, Math.max(0, (balance.get(c.key) ?? 0) - 1));
  }
  for (const [key, n] of balance) assert.ok(n <= 1, `${driver}.${acquire} for ${key} outstanding ${n} times`);
  return new Set([...balance].filter(([, n]) => n > 0).map(([k]) => k));
}

/**
 * The noop drivers' books against the database. Compute instances exist exactly for the amphorae that are not
 * DELETED; VIP plugs only on such amphorae, and VIP ports only for `liveVipPorts` (a delete that failed half-way
 * may already have released some: less is fine, a leak is not).
 */
export async function assertBalanced(db: Db, calls: readonly RecordedCall[], liveVipPorts: readonly string[]): Promise<void> {
  const amphorae = await db.selectFrom('amphora').select(['id', 'status']).where('status', '!=', 'DELETED').execute();
  const liveAmps = amphorae.map((a) => a.id).sort();
  assert.deepEqual([...outstanding(calls, 'compute', 'build', 'delete')].sort(), liveAmps, 'compute instances vs amphorae not DELETED');
  const leakedPlugs = [...outstanding(calls, 'network', 'plug_vip', 'unplug_vip')].filter((a) => !liveAmps.includes(a));
  assert.deepEqual(leakedPlugs, [], 'VIP plugs left on DELETED amphorae');
  const leakedPorts = [...outstanding(calls, 'network', 'allocate_vip', 'deallocate_vip')].filter((p) => !liveVipPorts.includes(p));
  assert.deepEqual(leakedPorts, [], 'VIP ports no load balancer holds');
}
