// A job whose workers keep dying uses up its attempts ([jobboard] max_attempts). The worker that claims it next
// runs nothing forward: it reverts the flow, so the load balancer ends ERROR (deletable) instead of PENDING_CREATE
// for ever, no instance or VIP is left behind, and the job row is FAILED with the cause. A job whose tasks had all
// run when its worker died is finished DONE, not reverted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CrashHarness, startCrashHarness } from '../support/crash-harness.js';
import { testDialects } from '../support/databases.js';
import { LB, LISTENER_POOL_MEMBER_GRAPH as GRAPH } from '../support/fixtures.js';
import { assertBalanced } from '../support/worker-probe.js';

for (const dialect of testDialects().filter((d) => d !== 'mysql')) {
  describe(`jobs that exhaust their attempts [${dialect}]`, () => {
    let h: CrashHarness;
    before(async () => {
      h = await startCrashHarness(dialect);
    });
    after(async () => h?.close());
    const db = () => h.api.runtime.database.db;

    async function createKilledAfter(...tasks: string[]): Promise<{ lbId: string; projectId: string }> {
      let lbId: string | null = null;
      let projectId = '';
      for (const task of tasks) {
        const worker = await h.spawnCrashingWorker('create_load_balancer', task);
        if (!lbId) {
          const res = await h.api.post(LB, GRAPH);
          assert.equal(res.status, 201, res.text);
          lbId = res.body.loadbalancer.id as string;
          projectId = res.body.loadbalancer.project_id as string;
        }
        assert.equal(await worker.died(), 'SIGKILL', `worker killed after ${task}`);
      }
      return { lbId: lbId as string, projectId };
    }

    const jobOf = (lbId: string) =>
      db()
        .selectFrom('job')
        .select(['id', 'state', 'error', 'attempts'])
        .where('lane', '=', `lb:${lbId}`)
        .where('flow', '=', 'create_load_balancer')
        .executeTakeFirstOrThrow();

    it(
      'killed twice with max_attempts = 2: the flow reverts, the load balancer is ERROR and deletable, the job FAILED with its ' + 'cause',
      async () => {
        const { lbId, projectId } = await createKilledAfter('amphora_0.compute_create', 'amphora_0.mark_allocated');
        await h.resume(undefined, { maxAttempts: 2 });

        const job = await jobOf(lbId);
        assert.equal(job.state, 'FAILED');
        assert.equal(Number(job.attempts), 3);
        // the task the dead workers were at when the job was given up, and why
        assert.equal(job.error, 'amphora_0.plug_vip: attempts exhausted: the job stopped unfinished 2 times (max_attempts = 2)');

        const lb = await h.api.get(`${LB}/${lbId}`);
        assert.equal(lb.body.loadbalancer.provisioning_status, 'ERROR');
        for (const table of ['listener', 'pool', 'member'] as const) {
          const rows = await db().selectFrom(table).select('provisioning_status').where('project_id', '=', projectId).execute();
          assert.deepEqual(
            rows.map((r) => r.provisioning_status),
            ['ERROR'],
            table,
          );
        }
        // the instance the first worker built was deleted by the revert; the VIP stays with the ERROR load balancer
        const amps = await db().selectFrom('amphora').select('status').execute();
        assert.deepEqual(
          amps.map((a) => a.status),
          ['DELETED'],
        );
        const vip = await db().selectFrom('vip').select('port_id').where('load_balancer_id', '=', lbId).executeTakeFirstOrThrow();
        await assertBalanced(db(), h.calls(), [vip.port_id as string]);

        const del = await h.api.delete(`${LB}/${lbId}?cascade=true`);
        assert.equal(del.status, 204, del.text);
        await h.resume();
        const gone = await db().selectFrom('load_balancer').select('provisioning_status').where('id', '=', lbId).executeTakeFirstOrThrow();
        assert.equal(gone.provisioning_status, 'DELETED');
        await assertBalanced(db(), h.calls(), []);
      },
    );

    it('killed after its last task with max_attempts = 1: the job is DONE and the load balancer stays ACTIVE', async () => {
      const { lbId } = await createKilledAfter('mark_lb_active_with_children');
      await h.resume(undefined, { maxAttempts: 1 });
      const job = await jobOf(lbId);
      assert.deepEqual([job.state, job.error, Number(job.attempts)], ['DONE', null, 2]);
      assert.equal((await h.api.get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
    });
  });
}
