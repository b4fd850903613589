// Quota usage counters (the quotas table's in_use_* columns, as Octavia keeps them) follow deletes as well as
// creates: after any mix of concurrent creates and deletes, each counter equals the objects its project holds, with
// the noop provider (driver-agent deletes) and with the amphora provider (the worker's delete flows).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QUOTA_RESOURCES } from '../../src/db/schema.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';
import { waitAllSettled } from '../support/worker-probe.js';

const ADMIN = { 'X-Roles': 'admin', 'X-Project-Id': 'operator' };
const member = (project: string) => ({ 'X-Roles': 'load-balancer_member', 'X-Project-Id': project });

async function counters(api: TestApi, project: string): Promise<Record<string, number | null>> {
  const row = await api.runtime.database.db.selectFrom('quotas').selectAll().where('project_id', '=', project).executeTakeFirstOrThrow();
  return Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, row[`in_use_${r}`]]));
}

async function liveCounts(api: TestApi, project: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of QUOTA_RESOURCES) {
    const row = await api.runtime.database.db
      .selectFrom(r)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', project)
      .where('provisioning_status', '<>', 'DELETED')
      .executeTakeFirstOrThrow();
    out[r] = Number(row.n);
  }
  return out;
}

async function settled(api: TestApi): Promise<void> {
  await waitAllSettled(api.runtime.database.db);
}

const graph = (name: string) => ({
  loadbalancer: {
    name,
    vip_subnet_id: VIP_SUBNET,
    listeners: [
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: { name: 'p' },
        l7policies: [{ action: 'REJECT', rules: [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/x' }] }],
      },
    ],
    pools: [
      {
        name: 'p',
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: [
          { address: '127.0.0.1', protocol_port: 80 },
          { address: '127.0.0.2', protocol_port: 80 },
        ],
        healthmonitor: { type: 'TCP', delay: 5, timeout: 3, max_retries: 3 },
      },
    ],
  },
});

for (const dialect of testDialects()) {
  for (const provider of ['noop_driver', 'amphora']) {
    describe(`quota usage counters follow deletes [${dialect}, ${provider}]`, () => {
      let api: TestApi;
      before(async () => {
        api = await startApi(
          dialect,
          { api_settings: { auth_strategy: 'testing', default_provider_driver: provider } },
          { worker: provider === 'amphora' },
        );
      });
      after(async () => api?.close());

      it('counts down as children and load balancers are deleted', async () => {
        const project = `usage-${provider}`;
        assert.equal((await api.put(`/v2/lbaas/quotas/${project}`, { quota: { loadbalancer: 10 } }, ADMIN)).status, 202);
        const created = await api.post(LB, graph('one'), member(project));
        assert.equal(created.status, 201, created.text);
        await settled(api);
        assert.deepEqual(await counters(api, project), {
          load_balancer: 1,
          listener: 1,
          pool: 1,
          health_monitor: 1,
          member: 2,
          l7policy: 1,
          l7rule: 1,
        });
        const pool = created.body.loadbalancer.pools[0];
        const memberId = pool.members[0].id;
        assert.equal((await api.delete(`/v2/lbaas/pools/${pool.id}/members/${memberId}`, member(project))).status, 204);
        await settled(api);
        assert.equal((await counters(api, project)).member, 1);
        assert.equal((await api.delete(`/v2/lbaas/healthmonitors/${pool.healthmonitor.id}`, member(project))).status, 204);
        await settled(api);
        assert.equal((await counters(api, project)).health_monitor, 0);
        assert.equal((await api.delete(`${LB}/${created.body.loadbalancer.id}?cascade=true`, member(project))).status, 204);
        await settled(api);
        assert.deepEqual(await counters(api, project), {
          load_balancer: 0,
          listener: 0,
          pool: 0,
          health_monitor: 0,
          member: 0,
          l7policy: 0,
          l7rule: 0,
        });
      });

      it('equals the live rows after concurrent creates and deletes of one project', async () => {
        const project = `race-${provider}`;
        assert.equal((await api.put(`/v2/lbaas/quotas/${project}`, { quota: { loadbalancer: 50 } }, ADMIN)).status, 202);
        const first = await Promise.all(Array.from({ length: 6 }, (_, i) => api.post(LB, graph(`a${i}`), member(project))));
        assert.deepEqual(
          first.map((r) => r.status),
          Array(6).fill(201),
        );
        await settled(api);
        const ids = first.map((r) => r.body.loadbalancer.id as string);
        const mixed = await Promise.all([
          ...ids.slice(0, 4).map((id) => api.delete(`${LB}/${id}?cascade=true`, member(project))),
          ...Array.from({ length: 4 }, (_, i) => api.post(LB, graph(`b${i}`), member(project))),
        ]);
        assert.deepEqual(
          mixed.map((r) => r.status),
          [204, 204, 204, 204, 201, 201, 201, 201],
        );
        await settled(api);
        const live = await liveCounts(api, project);
        const failed = await api.runtime.database.db.selectFrom('job').select(['flow', 'error']).where('state', '=', 'FAILED').execute();
        const statuses = await api.runtime.database.db
          .selectFrom('load_balancer')
          .select(['provisioning_status'])
          .where('project_id', '=', project)
          .execute();
        assert.equal(live.load_balancer, 6, `statuses ${JSON.stringify(statuses)}, failed jobs ${JSON.stringify(failed)}`);
        assert.deepEqual(await counters(api, project), live);
      });
    });
  }
}
