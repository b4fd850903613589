// Every flow of the amphora provider, with noop drivers: first each runs to its end, then each of its tasks is made
// to fail in turn. After a failure the job is FAILED with the task named, the objects are ERROR (never PENDING_*),
// and the noop drivers' books balance: no instance, VIP plug or VIP port is left that nothing uses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiResponse, startApi, type TestApi } from '../support/api-harness.js';
import { LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { assertBalanced, lastJobSeq, TaskSwitch, waitJobsSettled } from '../support/worker-probe.js';

interface World {
  lbId: string;
  vipPortId: string;
  listenerId: string;
  poolId: string;
  memberId: string;
  hmId: string;
  policyId: string;
  ruleId: string;
  amphoraId: string;
}

type Table = 'load_balancer' | 'listener' | 'pool' | 'member' | 'health_monitor' | 'l7policy' | 'l7rule' | 'amphora';

interface Operation {
  /** sends the request that enqueues the flow; the object whose status the flow owns, if not the load balancer */
  trigger(w: World): Promise<{ res: ApiResponse; target?: { table: Table; id: string } }>;
}

interface Scenario {
  readonly flow: string;
  /** 'lb': a failure leaves the load balancer ERROR; 'child': the object ERROR and the load balancer ACTIVE */
  readonly family: 'lb' | 'child' | 'amphora';
  readonly op: Operation;
}

const ok = (res: ApiResponse, status = 201) => assert.equal(res.status, status, res.text);

describe('amphora provider flows with noop drivers: each flow completes, and each task failing reverts cleanly', () => {
  const taskSwitch = new TaskSwitch();
  let api: TestApi;

  before(async () => {
    api = await startApi(
      'sqlite',
      { api_settings: { default_provider_driver: 'amphora' }, controller_worker: { network_driver: 'network_noop_driver' } },
      { worker: true, hooks: taskSwitch.hooks },
    );
  });
  after(async () => api?.close());

  const db = () => api.runtime.database.db;

  async function liveVipPorts(): Promise<string[]> {
    const rows = await db()
      .selectFrom('load_balancer as lb')
      .innerJoin('vip', 'vip.load_balancer_id', 'lb.id')
      .select(['lb.id', 'lb.provisioning_status', 'vip.port_id'])
      .execute();
    // a load balancer keeps its VIP port while its row exists, ERROR included (a failover repairs it in place)
    return rows.filter((r) => r.port_id && r.provisioning_status !== 'DELETED').map((r) => r.port_id as string);
  }

  async function newWorld(): Promise<World> {
    const res = await api.post(LB, {
      loadbalancer: {
        vip_subnet_id: VIP_SUBNET,
        listeners: [
          {
            protocol: 'HTTP',
            protocol_port: 80,
            default_pool: {
              name: 'web',
              protocol: 'HTTP',
              lb_algorithm: 'ROUND_ROBIN',
              members: [{ address: '127.0.0.1', protocol_port: 8080 }],
              healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 },
            },
            l7policies: [{ action: 'REJECT', rules: [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/x' }] }],
          },
        ],
      },
    });
    ok(res);
    const lbId = res.body.loadbalancer.id;
    await waitActive(api, lbId);
    const d = db();
    const listener = await d.selectFrom('listener').select('id').where('load_balancer_id', '=', lbId).executeTakeFirstOrThrow();
    const pool = await d.selectFrom('pool').select('id').where('load_balancer_id', '=', lbId).executeTakeFirstOrThrow();
    const member = await d.selectFrom('member').select('id').where('pool_id', '=', pool.id).executeTakeFirstOrThrow();
    const hm = await d.selectFrom('health_monitor').select('id').where('pool_id', '=', pool.id).executeTakeFirstOrThrow();
    const policy = await d.selectFrom('l7policy').select('id').where('listener_id', '=', listener.id).executeTakeFirstOrThrow();
    const rule = await d.selectFrom('l7rule').select('id').where('l7policy_id', '=', policy.id).executeTakeFirstOrThrow();
    const amp = await d
      .selectFrom('amphora')
      .select('id')
      .where('load_balancer_id', '=', lbId)
      .where('status', '=', 'ALLOCATED')
      .executeTakeFirstOrThrow();
    const vip = await d.selectFrom('vip').select('port_id').where('load_balancer_id', '=', lbId).executeTakeFirstOrThrow();
    return {
      lbId,
      vipPortId: vip.port_id as string,
      listenerId: listener.id,
      poolId: pool.id,
      memberId: member.id,
      hmId: hm.id,
      policyId: policy.id,
      ruleId: rule.id,
      amphoraId: amp.id,
    };
  }

  const created = (table: Table, key: string) => async (res: ApiResponse) => ({
    res,
    target: { table, id: res.body?.[key]?.id as string },
  });

  const SCENARIOS: Scenario[] = [
    {
      flow: 'update_load_balancer',
      family: 'lb',
      op: { trigger: async (w) => ({ res: await api.put(`${LB}/${w.lbId}`, { loadbalancer: { name: 'renamed' } }) }) },
    },
    { flow: 'failover_load_balancer', family: 'lb', op: { trigger: async (w) => ({ res: await api.put(`${LB}/${w.lbId}/failover`) }) } },
    {
      flow: 'failover_amphora',
      family: 'lb',
      op: { trigger: async (w) => ({ res: await api.put(`/v2/octavia/amphorae/${w.amphoraId}/failover`) }) },
    },
    {
      flow: 'update_amphora_agent_config',
      family: 'amphora',
      op: { trigger: async (w) => ({ res: await api.put(`/v2/octavia/amphorae/${w.amphoraId}/config`) }) },
    },
    {
      flow: 'create_listener',
      family: 'child',
      op: {
        trigger: async (w) =>
          created(
            'listener',
            'listener',
          )(await api.post('/v2/lbaas/listeners', { listener: { loadbalancer_id: w.lbId, protocol: 'TCP', protocol_port: 81 } })),
      },
    },
    {
      flow: 'update_listener',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/listeners/${w.listenerId}`, { listener: { name: 'x' } }),
          target: { table: 'listener', id: w.listenerId },
        }),
      },
    },
    {
      flow: 'create_pool',
      family: 'child',
      op: {
        trigger: async (w) =>
          created(
            'pool',
            'pool',
          )(await api.post('/v2/lbaas/pools', { pool: { loadbalancer_id: w.lbId, protocol: 'HTTP', lb_algorithm: 'LEAST_CONNECTIONS' } })),
      },
    },
    {
      flow: 'update_pool',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/pools/${w.poolId}`, { pool: { lb_algorithm: 'SOURCE_IP' } }),
          target: { table: 'pool', id: w.poolId },
        }),
      },
    },
    {
      flow: 'create_member',
      family: 'child',
      op: {
        trigger: async (w) =>
          created(
            'member',
            'member',
          )(await api.post(`/v2/lbaas/pools/${w.poolId}/members`, { member: { address: '127.0.0.2', protocol_port: 8080 } })),
      },
    },
    {
      flow: 'update_member',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/pools/${w.poolId}/members/${w.memberId}`, { member: { weight: 5 } }),
          target: { table: 'member', id: w.memberId },
        }),
      },
    },
    {
      flow: 'batch_update_members',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/pools/${w.poolId}/members`, {
            members: [
              { address: '127.0.0.1', protocol_port: 8080, weight: 3 },
              { address: '127.0.0.3', protocol_port: 8080 },
            ],
          }),
          target: { table: 'member', id: w.memberId },
        }),
      },
    },
    {
      flow: 'update_health_monitor',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/healthmonitors/${w.hmId}`, { healthmonitor: { delay: 7 } }),
          target: { table: 'health_monitor', id: w.hmId },
        }),
      },
    },
    {
      flow: 'create_l7policy',
      family: 'child',
      op: {
        trigger: async (w) =>
          created(
            'l7policy',
            'l7policy',
          )(await api.post('/v2/lbaas/l7policies', { l7policy: { listener_id: w.listenerId, action: 'REJECT' } })),
      },
    },
    {
      flow: 'update_l7policy',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/l7policies/${w.policyId}`, { l7policy: { name: 'p' } }),
          target: { table: 'l7policy', id: w.policyId },
        }),
      },
    },
    {
      flow: 'create_l7rule',
      family: 'child',
      op: {
        trigger: async (w) =>
          created(
            'l7rule',
            'rule',
          )(
            await api.post(`/v2/lbaas/l7policies/${w.policyId}/rules`, {
              rule: { type: 'HOST_NAME', compare_type: 'EQUAL_TO', value: 'a.example' },
            }),
          ),
      },
    },
    {
      flow: 'update_l7rule',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.put(`/v2/lbaas/l7policies/${w.policyId}/rules/${w.ruleId}`, { rule: { value: '/y' } }),
          target: { table: 'l7rule', id: w.ruleId },
        }),
      },
    },
    {
      flow: 'delete_l7rule',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.delete(`/v2/lbaas/l7policies/${w.policyId}/rules/${w.ruleId}`),
          target: { table: 'l7rule', id: w.ruleId },
        }),
      },
    },
    {
      flow: 'delete_l7policy',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.delete(`/v2/lbaas/l7policies/${w.policyId}`),
          target: { table: 'l7policy', id: w.policyId },
        }),
      },
    },
    {
      flow: 'delete_health_monitor',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.delete(`/v2/lbaas/healthmonitors/${w.hmId}`),
          target: { table: 'health_monitor', id: w.hmId },
        }),
      },
    },
    {
      flow: 'create_health_monitor',
      family: 'child',
      op: {
        trigger: async (w) => {
          // the world's pool already has a monitor: give the new one a pool of its own
          const pool = await api.post('/v2/lbaas/pools', {
            pool: { loadbalancer_id: w.lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' },
          });
          ok(pool);
          await waitActive(api, w.lbId);
          const res = await api.post('/v2/lbaas/healthmonitors', {
            healthmonitor: { pool_id: pool.body.pool.id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 },
          });
          return created('health_monitor', 'healthmonitor')(res);
        },
      },
    },
    {
      flow: 'delete_member',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.delete(`/v2/lbaas/pools/${w.poolId}/members/${w.memberId}`),
          target: { table: 'member', id: w.memberId },
        }),
      },
    },
    {
      flow: 'delete_pool',
      family: 'child',
      op: { trigger: async (w) => ({ res: await api.delete(`/v2/lbaas/pools/${w.poolId}`), target: { table: 'pool', id: w.poolId } }) },
    },
    {
      flow: 'delete_listener',
      family: 'child',
      op: {
        trigger: async (w) => ({
          res: await api.delete(`/v2/lbaas/listeners/${w.listenerId}`),
          target: { table: 'listener', id: w.listenerId },
        }),
      },
    },
    {
      flow: 'delete_amphora',
      family: 'amphora',
      op: {
        trigger: async (w) => {
          // a spare the health manager gave up on: ERROR and no longer serving the load balancer
          await db().updateTable('amphora').set({ status: 'ERROR', load_balancer_id: null }).where('id', '=', w.amphoraId).execute();
          return { res: await api.delete(`/v2/octavia/amphorae/${w.amphoraId}`), target: { table: 'amphora', id: w.amphoraId } };
        },
      },
    },
    {
      flow: 'delete_load_balancer',
      family: 'lb',
      op: { trigger: async (w) => ({ res: await api.delete(`${LB}/${w.lbId}?cascade=true`) }) },
    },
  ];

  async function assertNothingPending(): Promise<void> {
    for (const table of ['load_balancer', 'listener', 'pool', 'member', 'health_monitor', 'l7policy', 'l7rule'] as const) {
      const rows = await db()
        .selectFrom(table)
        .select(['id', 'provisioning_status'])
        .where('provisioning_status', 'like', 'PENDING%')
        .execute();
      assert.deepEqual(rows, [], `${table} rows left PENDING`);
    }
    const amps = await db().selectFrom('amphora').select(['id', 'status']).where('status', 'like', 'PENDING%').execute();
    assert.deepEqual(amps, [], 'amphorae left PENDING');
  }

  async function statusOf(table: Table, id: string): Promise<string | undefined> {
    if (table === 'amphora') return (await db().selectFrom('amphora').select('status').where('id', '=', id).executeTakeFirst())?.status;
    return (await db().selectFrom(table).select('provisioning_status').where('id', '=', id).executeTakeFirst())?.provisioning_status;
  }

  /** Runs the operation on a fresh world, optionally failing `task`; checks the outcome. */
  async function exercise(s: Scenario, failing: string | null): Promise<void> {
    const w = await newWorld();
    const since = await lastJobSeq(db());
    if (failing) taskSwitch.failNext(s.flow, failing);
    const { res, target } = await s.op.trigger(w);
    assert.ok(res.status >= 200 && res.status < 300, `${s.flow}: ${res.status} ${res.text}`);
    const jobs = await waitJobsSettled(db(), since);
    taskSwitch.disarm();
    const job = jobs.find((j) => j.flow === s.flow);
    assert.ok(job, `no ${s.flow} job among ${jobs.map((j) => j.flow).join(', ')}`);
    const lb = await statusOf('load_balancer', w.lbId);
    if (!failing) {
      assert.equal(job.state, 'DONE', job.error ?? '');
      // Octavia keeps a deleted load balancer's row, DELETED, and the API no longer shows it
      if (s.flow === 'delete_load_balancer') assert.equal(lb, 'DELETED');
      else assert.equal(lb, 'ACTIVE');
      if (target && s.flow.startsWith('delete_'))
        assert.equal(await statusOf(target.table, target.id), target.table === 'amphora' ? 'DELETED' : undefined);
      else if (target && target.table !== 'amphora') assert.equal(await statusOf(target.table, target.id), 'ACTIVE');
    } else {
      assert.equal(job.state, 'FAILED');
      assert.ok(job.error?.startsWith(`${failing}: injected failure`), job.error ?? '');
      if (s.family === 'lb') assert.equal(lb, 'ERROR', `load balancer after ${s.flow}/${failing}`);
      if (s.family === 'child') {
        assert.equal(lb, 'ACTIVE', `load balancer after ${s.flow}/${failing}`);
        const status = await statusOf(target!.table, target!.id);
        // a delete that failed after removing the rows has nothing left to mark
        if (status !== undefined || !s.flow.startsWith('delete_'))
          assert.equal(status, 'ERROR', `${target!.table} after ${s.flow}/${failing}`);
      }
      if (s.family === 'amphora' && s.flow === 'delete_amphora') assert.equal(await statusOf('amphora', w.amphoraId), 'ERROR');
      if (failing === 'listeners_update') {
        const listeners = await db().selectFrom('listener').select('provisioning_status').where('load_balancer_id', '=', w.lbId).execute();
        assert.ok(
          listeners.every((l) => l.provisioning_status === 'ERROR'),
          'listeners after a failed configuration push',
        );
      }
    }
    await assertNothingPending();
    await assertBalanced(db(), api.runtime.drivers.recorder.all(), await liveVipPorts());
  }

  it('create_load_balancer (a whole graph) completes, and reverts from each of its tasks', async () => {
    await newWorld();
    await assertBalanced(db(), api.runtime.drivers.recorder.all(), await liveVipPorts());
    const tasks = taskSwitch.tasksOf('create_load_balancer');
    assert.ok(tasks.length >= 8, tasks.join(', '));
    for (const task of tasks) {
      const since = await lastJobSeq(db());
      taskSwitch.failNext('create_load_balancer', task);
      const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, listeners: [{ protocol: 'TCP', protocol_port: 22 }] } });
      ok(res);
      const [job] = await waitJobsSettled(db(), since);
      assert.equal(job?.state, 'FAILED', `${task}: ${job?.error}`);
      assert.ok(job?.error?.startsWith(`${task}: injected failure`), job?.error ?? '');
      const lbId = res.body.loadbalancer.id as string;
      assert.equal(await statusOf('load_balancer', lbId), 'ERROR');
      await assertNothingPending();
      await assertBalanced(db(), api.runtime.drivers.recorder.all(), await liveVipPorts());
    }
  });

  for (const s of SCENARIOS) {
    it(`${s.flow} completes, and reverts from each of its tasks`, async () => {
      await exercise(s, null);
      for (const task of taskSwitch.tasksOf(s.flow)) await exercise(s, task);
    });
  }

  it('afterwards, deleting every load balancer and ERROR amphora releases everything', async () => {
    const lbs = await db().selectFrom('load_balancer').select('id').where('provisioning_status', '!=', 'DELETED').execute();
    for (const { id } of lbs) ok(await api.delete(`${LB}/${id}?cascade=true`), 204);
    await waitJobsSettled(db());
    const spares = await db().selectFrom('amphora').select('id').where('status', '=', 'ERROR').execute();
    for (const { id } of spares) ok(await api.delete(`/v2/octavia/amphorae/${id}`), 204);
    const jobs = await waitJobsSettled(db());
    assert.deepEqual(
      jobs.filter((j) => j.state !== 'DONE' && !j.error?.includes('injected failure')),
      [],
    );
    assert.equal((await db().selectFrom('load_balancer').select('id').where('provisioning_status', '!=', 'DELETED').execute()).length, 0);
    await assertBalanced(db(), api.runtime.drivers.recorder.all(), []);
  });
});
