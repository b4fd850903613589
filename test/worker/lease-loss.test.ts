// A worker whose job is claimed again behind its back (by another worker, or by another slot of its own worker
// after its lease lapsed) starts no further task: the new owner runs the rest, so every task of the flow starts
// exactly once. The theft is written into the job row by the test, right after a task was persisted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nowTimestamp } from '../../src/common/time.js';
import type { RunnerHooks } from '../../src/worker/engine/runner.js';
import { type CrashHarness, LEASE_SECONDS, startCrashHarness } from '../support/crash-harness.js';
import { testDialects } from '../support/databases.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';

const FLOW = 'create_load_balancer';
const STOLEN_AFTER = 'allocate_vip';

/** How the job row is taken away from its worker: as a claim by another worker would leave it. */
const THEFTS: { name: string; steal: (row: { attempts: number }) => Record<string, unknown> }[] = [
  { name: 'another worker', steal: () => ({ lease_owner: 'another-worker' }) },
  // a slot of the same worker (same owner name) claiming the job again once the lease lapsed: a new attempt
  { name: 'a later claim of the same worker', steal: (row) => ({ attempts: row.attempts + 1 }) },
];

for (const dialect of testDialects()) {
  describe(`a worker that lost its lease runs no further task [${dialect}]`, () => {
    let h: CrashHarness;
    before(async () => {
      h = await startCrashHarness(dialect);
    });
    after(async () => h?.close());
    const db = () => h.api.runtime.database.db;

    /** Task starts (every attempt of every task) of FLOW; `onPersisted` runs after each task is persisted. */
    function probe(onPersisted: (task: string) => Promise<void>): { hooks: RunnerHooks; started: string[] } {
      const started: string[] = [];
      return {
        started,
        hooks: {
          failTask(flow, task) {
            if (flow === FLOW) started.push(task);
            return null;
          },
          async afterTaskPersisted(flow, task, phase) {
            if (flow === FLOW && phase === 'execute') await onPersisted(task);
          },
        },
      };
    }

    // the flow's task starts when nothing interferes
    const reference = probe(async () => {});
    it('runs the flow undisturbed first (the reference)', async () => {
      assert.equal((await h.api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } })).status, 201);
      await h.resume(reference.hooks);
      assert.ok(reference.started.indexOf(STOLEN_AFTER) > 0 && reference.started.length > 3, reference.started.join(', '));
    });

    for (const theft of THEFTS) {
      it(`taken by ${theft.name}: the next task starts only under the new claim`, async () => {
        let attemptsAfterTheft: number | null = null;
        const run = probe(async (task) => {
          if (task !== STOLEN_AFTER || attemptsAfterTheft !== null) return;
          const row = await db().selectFrom('job').select(['seq', 'attempts']).where('state', '=', 'RUNNING').executeTakeFirstOrThrow();
          const stolen = theft.steal({ attempts: Number(row.attempts) });
          attemptsAfterTheft = Number(stolen.attempts ?? row.attempts);
          // the thief holds the job for one lease period; when it lapses, the resuming worker claims it again
          const until = nowTimestamp(new Date(Date.now() + LEASE_SECONDS * 1000));
          await db()
            .updateTable('job')
            .set({ ...stolen, lease_expires_at: until })
            .where('seq', '=', row.seq)
            .execute();
        });
        const res = await h.api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
        assert.equal(res.status, 201, res.text);
        await h.resume(run.hooks);
        assert.notEqual(attemptsAfterTheft, null, 'the job was taken');
        assert.deepEqual(run.started, reference.started, 'each task started once, in order');
        // the rest ran under a claim made after the theft, not under the one it was taken from
        const job = await db()
          .selectFrom('job')
          .select(['state', 'attempts'])
          .where('lane', '=', `lb:${res.body.loadbalancer.id}`)
          .executeTakeFirstOrThrow();
        assert.deepEqual([job.state, Number(job.attempts)], ['DONE', (attemptsAfterTheft ?? 0) + 1]);
        const lb = await h.api.get(`${LB}/${res.body.loadbalancer.id}`);
        assert.equal(lb.body.loadbalancer.provisioning_status, 'ACTIVE');
      });
    }
  });
}
