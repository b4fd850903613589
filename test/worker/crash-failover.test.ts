// Crash test, amphora failover flow: for each of its tasks, a worker process is SIGKILLed right after the task is
// persisted; another worker resumes. The load balancer ends ACTIVE on exactly one new amphora, the failed one is
// DELETED, and every side effect (build, certificate, plug, configuration push, delete) happened once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../support/databases.js';
import { type CrashHarness, opCounts, startCrashHarness } from '../support/crash-harness.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';
import { TaskSwitch } from '../support/worker-probe.js';

const GRAPH = { loadbalancer: { vip_subnet_id: VIP_SUBNET, listeners: [{ protocol: 'TCP', protocol_port: 22 }] } };

for (const dialect of testDialects().filter((d) => d !== 'mysql')) {
  describe(`crash after each task of failover_amphora, then resume [${dialect}]`, () => {
    let h: CrashHarness;
    before(async () => {
      h = await startCrashHarness(dialect);
    });
    after(async () => h?.close());

    async function activeLb(): Promise<{ lbId: string; ampId: string }> {
      const res = await h.api.post(LB, GRAPH);
      assert.equal(res.status, 201, res.text);
      await h.resume();
      const lbId = res.body.loadbalancer.id as string;
      const amp = await h.api.runtime.database.db
        .selectFrom('amphora')
        .select('id')
        .where('load_balancer_id', '=', lbId)
        .where('status', '=', 'ALLOCATED')
        .executeTakeFirstOrThrow();
      return { lbId, ampId: amp.id };
    }

    it('resumes from every task boundary to one new amphora, the old one deleted, each side effect once', async () => {
      const db = h.api.runtime.database.db;
      const taskSwitch = new TaskSwitch();
      const first = await activeLb();
      const before0 = h.calls().length;
      const ref = await h.api.put(`/v2/octavia/amphorae/${first.ampId}/failover`);
      assert.equal(ref.status, 202, ref.text);
      await h.resume(taskSwitch.hooks);
      const reference = opCounts(h.calls().slice(before0));
      const tasks = taskSwitch.tasksOf('failover_amphora');
      assert.ok(tasks.length >= 10, tasks.join(', '));
      assert.equal(reference['compute.build'], 1);
      assert.equal(reference['compute.delete'], 1);

      for (const task of tasks) {
        const { lbId, ampId } = await activeLb();
        const worker = await h.spawnCrashingWorker('failover_amphora', task);
        const mark = h.calls().length;
        const res = await h.api.put(`/v2/octavia/amphorae/${ampId}/failover`);
        assert.equal(res.status, 202, res.text);
        assert.equal(await worker.died(), 'SIGKILL', `worker after ${task}`);
        const job = await db
          .selectFrom('job')
          .selectAll()
          .where('flow', '=', 'failover_amphora')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        assert.equal(job.state, 'RUNNING', `job after the crash at ${task}`);
        assert.equal(JSON.parse(job.progress as string).done.at(-1), task);

        await h.resume();
        const lb = await db.selectFrom('load_balancer').select('provisioning_status').where('id', '=', lbId).executeTakeFirstOrThrow();
        assert.equal(lb.provisioning_status, 'ACTIVE', `load balancer after resuming from ${task}`);
        const done = await db.selectFrom('job').select(['state', 'attempts']).where('id', '=', job.id).executeTakeFirstOrThrow();
        assert.deepEqual([done.state, Number(done.attempts)], ['DONE', 2]);
        const old = await db.selectFrom('amphora').select('status').where('id', '=', ampId).executeTakeFirstOrThrow();
        assert.equal(old.status, 'DELETED');
        const live = await db
          .selectFrom('amphora')
          .select('id')
          .where('load_balancer_id', '=', lbId)
          .where('status', '=', 'ALLOCATED')
          .execute();
        assert.equal(live.length, 1);
        assert.notEqual(live[0]?.id, ampId);
        assert.deepEqual(opCounts(h.calls().slice(mark)), reference, `side effects when resuming from ${task}`);
      }
    });
  });
}
