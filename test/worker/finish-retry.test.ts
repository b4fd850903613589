// The database failing just as a worker records a job's outcome: the worker retries in place (the job ends with the
// claim that ran it), and if the database stays down the job is left for the next claim, which finds every step
// done and records the outcome. No rejection ever escapes a worker, on any path (a finished flow, a job given up).
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { FINISH_RETRY } from '../../src/worker/worker.js';
import { type CrashHarness, startCrashHarness } from '../support/crash-harness.js';
import { jobFinish, QueryFaults } from '../support/db-faults.js';
import { testDialects } from '../support/databases.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';

for (const dialect of testDialects()) {
  describe(`a database error while finishing a job [${dialect}]`, () => {
    let h: CrashHarness;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    before(async () => {
      h = await startCrashHarness(dialect);
    });
    after(async () => h?.close());
    beforeEach(() => {
      unhandled.length = 0;
      process.on('unhandledRejection', onUnhandled);
    });
    afterEach(() => {
      process.off('unhandledRejection', onUnhandled);
    });
    const db = () => h.api.runtime.database.db;

    async function createLb(): Promise<string> {
      const res = await h.api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      assert.equal(res.status, 201, res.text);
      return res.body.loadbalancer.id as string;
    }

    const jobOf = async (lbId: string) => {
      const job = await db()
        .selectFrom('job')
        .select(['state', 'error', 'attempts'])
        .where('lane', '=', `lb:${lbId}`)
        .executeTakeFirstOrThrow();
      return { state: job.state, error: job.error, attempts: Number(job.attempts) };
    };
    const statusOf = async (lbId: string) => (await h.api.get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status as string;

    it('fails once when recording DONE: retried by the same claim', async () => {
      const lbId = await createLb();
      const faults = new QueryFaults();
      faults.failNext(jobFinish('DONE'));
      await h.resume(undefined, { db: db().withPlugin(faults) });
      assert.equal(faults.injected, 1);
      assert.deepEqual(await jobOf(lbId), { state: 'DONE', error: null, attempts: 1 });
      assert.equal(await statusOf(lbId), 'ACTIVE');
      assert.deepEqual(unhandled, []);
    });

    it('fails on every retry: the next claim records the outcome', async () => {
      const lbId = await createLb();
      const faults = new QueryFaults();
      faults.failNext(jobFinish('DONE'), FINISH_RETRY.attempts);
      await h.resume(undefined, { db: db().withPlugin(faults) });
      assert.equal(faults.injected, FINISH_RETRY.attempts);
      assert.deepEqual(await jobOf(lbId), { state: 'DONE', error: null, attempts: 2 });
      assert.equal(await statusOf(lbId), 'ACTIVE');
      assert.deepEqual(unhandled, []);
    });

    it('fails once when recording FAILED for a job given up: retried, the load balancer ERROR', async () => {
      const worker = await h.spawnCrashingWorker('create_load_balancer', 'allocate_vip');
      const lbId = await createLb();
      assert.equal(await worker.died(), 'SIGKILL');
      const faults = new QueryFaults();
      faults.failNext(jobFinish('FAILED'));
      await h.resume(undefined, { db: db().withPlugin(faults), maxAttempts: 1 });
      assert.equal(faults.injected, 1);
      const job = await jobOf(lbId);
      assert.deepEqual([job.state, job.attempts], ['FAILED', 2]);
      assert.match(job.error ?? '', /attempts exhausted/);
      assert.equal(await statusOf(lbId), 'ERROR');
      assert.deepEqual(unhandled, []);
    });
  });
}
