// Crash test, create-load-balancer flow: for each of its tasks, a worker process is SIGKILLed right after the task
// is persisted; another worker resumes the job. The load balancer ends ACTIVE and every side effect happened once.
// On SQLite and PostgreSQL (MariaDB shares PostgreSQL's multi-process code path; see the scale-out test).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../support/databases.js';
import { type CrashHarness, opCounts, startCrashHarness } from '../support/crash-harness.js';
import { LB, LISTENER_POOL_MEMBER_GRAPH as GRAPH } from '../support/fixtures.js';
import { TaskSwitch } from '../support/worker-probe.js';

for (const dialect of testDialects().filter((d) => d !== 'mysql')) {
  describe(`crash after each task of create_load_balancer, then resume [${dialect}]`, () => {
    let h: CrashHarness;
    before(async () => {
      h = await startCrashHarness(dialect);
    });
    after(async () => h?.close());

    it('resumes from every task boundary to an ACTIVE load balancer with each side effect once', async () => {
      const db = h.api.runtime.database.db;
      // reference: the flow's tasks and side effects without a crash
      const taskSwitch = new TaskSwitch();
      const before0 = h.calls().length;
      const ref = await h.api.post(LB, GRAPH);
      assert.equal(ref.status, 201, ref.text);
      await h.resume(taskSwitch.hooks);
      const reference = opCounts(h.calls().slice(before0));
      const tasks = taskSwitch.tasksOf('create_load_balancer');
      assert.ok(tasks.length >= 8, tasks.join(', '));
      assert.equal(reference['compute.build'], 1);

      for (const task of tasks) {
        const worker = await h.spawnCrashingWorker('create_load_balancer', task);
        const mark = h.calls().length;
        const res = await h.api.post(LB, GRAPH);
        assert.equal(res.status, 201, res.text);
        const lbId = res.body.loadbalancer.id as string;
        assert.equal(await worker.died(), 'SIGKILL', `worker after ${task}`);

        const job = await db.selectFrom('job').selectAll().where('lane', '=', `lb:${lbId}`).executeTakeFirstOrThrow();
        assert.equal(job.state, 'RUNNING', `job after the crash at ${task}`);
        const progress = JSON.parse(job.progress as string);
        assert.equal(progress.done.at(-1), task, 'the crash came right after the task was persisted');

        await h.resume();
        const lb = await db.selectFrom('load_balancer').select('provisioning_status').where('id', '=', lbId).executeTakeFirstOrThrow();
        assert.equal(lb.provisioning_status, 'ACTIVE', `load balancer after resuming from ${task}`);
        const done = await db.selectFrom('job').select(['state', 'attempts']).where('id', '=', job.id).executeTakeFirstOrThrow();
        assert.deepEqual([done.state, Number(done.attempts)], ['DONE', 2]);
        for (const table of ['listener', 'pool', 'member'] as const) {
          const rows = await db
            .selectFrom(table)
            .select('provisioning_status')
            .where('project_id', '=', res.body.loadbalancer.project_id)
            .execute();
          assert.ok(
            rows.every((r) => r.provisioning_status === 'ACTIVE'),
            `${table} after resuming from ${task}`,
          );
        }
        const amps = await db.selectFrom('amphora').select(['id', 'status']).where('load_balancer_id', '=', lbId).execute();
        assert.deepEqual(
          amps.map((a) => a.status),
          ['ALLOCATED'],
        );
        assert.deepEqual(opCounts(h.calls().slice(mark)), reference, `side effects when resuming from ${task}`);
      }
    });
  });
}
