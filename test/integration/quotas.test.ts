// Quotas on every database: the /quotas API, and enforcement inside the create transaction so that concurrent
// creates never exceed a limit (auth_strategy = testing: quotas are not enforced under noauth, as in Octavia).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApi } from '../support/api-harness.js';
import type { TestApi } from '../support/api-harness.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const ADMIN = { 'X-Roles': 'admin', 'X-Project-Id': 'operator' };
const QUOTA_ADMIN = { 'X-Roles': 'load-balancer_quota_admin', 'X-Project-Id': 'operator' };
const memberOf = (project: string) => ({ 'X-Roles': 'load-balancer_member', 'X-Project-Id': project });
const Q = '/v2/lbaas/quotas';

async function waitAllActive(api: TestApi, lbIds: readonly string[]): Promise<void> {
  for (const id of lbIds) await api.waitFor(`${LB}/${id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE', 15_000, ADMIN);
}

async function setQuota(api: TestApi, project: string, quota: Record<string, number | null>): Promise<any> {
  const res = await api.put(`${Q}/${project}`, { quota }, QUOTA_ADMIN);
  assert.equal(res.status, 202, res.text);
  return res.body.quota;
}

/** Runs all requests at once; returns the statuses and the 403 messages. */
async function burst(requests: (() => Promise<{ status: number; body: any; text: string }>)[]) {
  const results = await Promise.all(requests.map((r) => r()));
  return {
    created: results.filter((r) => r.status === 201).length,
    refused: results.filter((r) => r.status === 403).map((r) => r.body?.faultstring),
    other: results.filter((r) => r.status !== 201 && r.status !== 403).map((r) => `${r.status} ${r.text}`),
  };
}

describeEachDatabase(
  'quotas',
  (api) => {
    it('shows defaults, updates, lists, resets', async () => {
      const project = 'quota-api';
      const defaults = await api().get(`${Q}/${project}`, memberOf(project));
      assert.equal(defaults.status, 200, defaults.text);
      assert.equal(defaults.body.quota.load_balancer, -1);
      assert.equal(defaults.body.quota.health_monitor, -1);
      const updated = await setQuota(api(), project, { loadbalancer: 5, healthmonitor: 0, l7rule: 7 });
      assert.deepEqual([updated.load_balancer, updated.health_monitor, updated.l7rule, updated.pool], [5, 0, 7, -1]);
      const listed = await api().get(`${Q}?project_id=${project}`, ADMIN);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.quotas_links, []);
      const item = listed.body.quotas.find((q: any) => q.project_id === project);
      assert.equal(item.tenant_id, project);
      assert.equal(item.load_balancer, 5);
      assert.equal(item.pool, null, 'unset limits list as null');
      assert.equal((await api().get(`${Q}/${project}/default`, memberOf(project))).body.quota.load_balancer, -1);
      assert.equal((await api().get(`${Q}/defaults`, ADMIN)).body.quota.l7rule, -1);
      const reset = await api().delete(`${Q}/${project}`, QUOTA_ADMIN);
      assert.equal(reset.status, 202, reset.text);
      assert.equal((await api().get(`${Q}/${project}`, ADMIN)).body.quota.load_balancer, -1);
      const missing = await api().delete(`${Q}/never-seen`, QUOTA_ADMIN);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.faultstring, 'Quotas never-seen not found.');
      const bad = await api().put(`${Q}/${project}`, { quota: { loadbalancer: -2 } }, QUOTA_ADMIN);
      assert.equal(bad.status, 400, bad.text);
      assert.equal((await api().put(`${Q}/${project}`, { quota: { pool: 1 } }, memberOf(project))).status, 403);
    });

    it('10 concurrent load balancer creates with a quota of 3: exactly 3 succeed; -1 lifts the limit', async () => {
      const project = 'quota-lb';
      await setQuota(api(), project, { loadbalancer: 3 });
      const result = await burst(
        Array.from({ length: 10 }, () => () => api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, memberOf(project))),
      );
      assert.deepEqual(result.other, []);
      assert.equal(result.created, 3);
      assert.deepEqual(result.refused, Array(7).fill('Quota has been met for resources: Load Balancer'));
      const list = await api().get(LB, memberOf(project));
      assert.equal(list.body.loadbalancers.length, 3);
      await setQuota(api(), project, { loadbalancer: -1 });
      const more = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, memberOf(project));
      assert.equal(more.status, 201, more.text);
    });

    it('children: 10 concurrent creates on 10 load balancers with 3 left yield exactly 3, for every kind', async () => {
      const project = 'quota-children';
      const headers = memberOf(project);
      const lbs: { lb: string; listener: string; pool: string; policy: string }[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await api().post(
          LB,
          {
            loadbalancer: {
              vip_subnet_id: VIP_SUBNET,
              listeners: [
                {
                  protocol: 'HTTP',
                  protocol_port: 80,
                  default_pool: { name: 'p', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' },
                  l7policies: [{ action: 'REJECT' }],
                },
              ],
            },
          },
          headers,
        );
        assert.equal(res.status, 201, res.text);
        const lb = res.body.loadbalancer;
        lbs.push({ lb: lb.id, listener: lb.listeners[0].id, pool: lb.pools[0].id, policy: lb.listeners[0].l7policies[0].id });
      }
      await waitAllActive(
        api(),
        lbs.map((l) => l.lb),
      );
      // each LB already holds one listener, pool and L7 policy: 10 of each are in use
      const kinds: { quota: string; inUse: number; name: string; create: (l: (typeof lbs)[number]) => Promise<any> }[] = [
        {
          quota: 'listener',
          inUse: 10,
          name: 'Listener',
          create: (l) =>
            api().post('/v2/lbaas/listeners', { listener: { loadbalancer_id: l.lb, protocol: 'TCP', protocol_port: 81 } }, headers),
        },
        {
          quota: 'pool',
          inUse: 10,
          name: 'Pool',
          create: (l) =>
            api().post('/v2/lbaas/pools', { pool: { loadbalancer_id: l.lb, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' } }, headers),
        },
        {
          quota: 'healthmonitor',
          inUse: 0,
          name: 'Health Monitor',
          create: (l) =>
            api().post(
              '/v2/lbaas/healthmonitors',
              { healthmonitor: { pool_id: l.pool, type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 } },
              headers,
            ),
        },
        {
          quota: 'member',
          inUse: 0,
          name: 'Member',
          create: (l) =>
            api().post(`/v2/lbaas/pools/${l.pool}/members`, { member: { address: '127.0.0.1', protocol_port: 8080 } }, headers),
        },
        {
          quota: 'l7policy',
          inUse: 10,
          name: 'L7 Policy',
          create: (l) => api().post('/v2/lbaas/l7policies', { l7policy: { listener_id: l.listener, action: 'REJECT' } }, headers),
        },
        {
          quota: 'l7rule',
          inUse: 0,
          name: 'L7 Rule',
          create: (l) =>
            api().post(
              `/v2/lbaas/l7policies/${l.policy}/rules`,
              { rule: { type: 'PATH', compare_type: 'STARTS_WITH', value: '/a' } },
              headers,
            ),
        },
      ];
      for (const kind of kinds) {
        await setQuota(api(), project, { [kind.quota]: kind.inUse + 3 });
        const result = await burst(lbs.map((l) => () => kind.create(l)));
        assert.deepEqual(result.other, [], kind.quota);
        assert.equal(result.created, 3, kind.quota);
        assert.deepEqual(result.refused, Array(7).fill(`Quota has been met for resources: ${kind.name}`), kind.quota);
        await waitAllActive(
          api(),
          lbs.map((l) => l.lb),
        );
        await setQuota(api(), project, { [kind.quota]: -1 });
        const unlimited = await burst(lbs.slice(0, 10).map((l) => () => kind.create(l)));
        // with the limit lifted, only the load balancer lock (409 on a repeated port/pool HM) can refuse
        assert.equal(unlimited.refused.length, 0, `${kind.quota}: ${unlimited.refused.join(', ')}`);
        await waitAllActive(
          api(),
          lbs.map((l) => l.lb),
        );
      }
    });

    it('a single-call graph is charged for its listeners and pools', async () => {
      const project = 'quota-graph';
      await setQuota(api(), project, { listener: 1 });
      const res = await api().post(
        LB,
        {
          loadbalancer: {
            vip_subnet_id: VIP_SUBNET,
            listeners: [
              { protocol: 'HTTP', protocol_port: 80 },
              { protocol: 'HTTP', protocol_port: 81 },
            ],
          },
        },
        memberOf(project),
      );
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.faultstring, 'Quota has been met for resources: Listener');
      const list = await api().get(LB, memberOf(project));
      assert.equal(list.body.loadbalancers.length, 0, 'the refused graph left nothing behind');
    });

    /** A graph whose listener carries `policies` L7 policies of `rules` rules each. */
    const l7Graph = (name: string, policies: number, rules: number) => ({
      loadbalancer: {
        vip_subnet_id: VIP_SUBNET,
        name,
        listeners: [
          {
            protocol: 'HTTP',
            protocol_port: 80,
            l7policies: Array.from({ length: policies }, (_, p) => ({
              action: 'REJECT',
              position: p + 1,
              rules: Array.from({ length: rules }, (_, r) => ({ type: 'PATH', compare_type: 'STARTS_WITH', value: `/p${p}r${r}` })),
            })),
          },
        ],
      },
    });

    it('a single-call graph is charged for its L7 policies and rules: over the limit nothing is created, an exact fit is', async () => {
      for (const [quota, policies, rules, name] of [
        ['l7policy', 2, 0, 'L7 Policy'],
        ['l7rule', 1, 2, 'L7 Rule'],
      ] as const) {
        const project = `quota-graph-${quota}`;
        const headers = memberOf(project);
        await setQuota(api(), project, { [quota]: 1 });
        const refused = await api().post(LB, l7Graph('too-big', policies, rules), headers);
        assert.equal(refused.status, 403, refused.text);
        assert.equal(refused.body.faultstring, `Quota has been met for resources: ${name}`);
        assert.equal((await api().get(LB, headers)).body.loadbalancers.length, 0, 'the refused graph left nothing behind');
        assert.equal((await api().get('/v2/lbaas/l7policies', headers)).body.l7policies.length, 0);
        assert.equal((await api().get('/v2/lbaas/listeners', headers)).body.listeners.length, 0);

        const fits = await api().post(LB, l7Graph('fits', 1, quota === 'l7rule' ? 1 : 0), headers);
        assert.equal(fits.status, 201, fits.text);
        await waitAllActive(api(), [fits.body.loadbalancer.id]);
        const next = await api().post(LB, l7Graph('one-more', 1, quota === 'l7rule' ? 1 : 0), headers);
        assert.equal(next.status, 403, next.text);
        assert.equal(next.body.faultstring, `Quota has been met for resources: ${name}`);
        const usage = (await api().get(`${Q}?project_id=${project}`, ADMIN)).body.quotas[0];
        assert.equal(usage[quota], 1);
      }
    });

    it("a graph over several quotas names the first in Octavia's order: pools, their monitors and members, listeners", async () => {
      const project = 'quota-graph-order';
      const headers = memberOf(project);
      const graph = {
        loadbalancer: {
          vip_subnet_id: VIP_SUBNET,
          listeners: [
            {
              protocol: 'HTTP',
              protocol_port: 80,
              l7policies: [{ action: 'REJECT' }],
              default_pool: {
                name: 'p',
                protocol: 'HTTP',
                lb_algorithm: 'ROUND_ROBIN',
                healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 },
                members: [{ address: '127.0.0.1', protocol_port: 8080 }],
              },
            },
          ],
        },
      };
      const order: [string, string][] = [
        ['pool', 'Pool'],
        ['healthmonitor', 'Health Monitor'],
        ['member', 'Member'],
        ['listener', 'Listener'],
        ['l7policy', 'L7 Policy'],
      ];
      await setQuota(api(), project, Object.fromEntries(order.map(([q]) => [q, 0])));
      for (const [quota, name] of order) {
        const res = await api().post(LB, graph, headers);
        assert.equal(res.status, 403, res.text);
        assert.equal(res.body.faultstring, `Quota has been met for resources: ${name}`);
        await setQuota(api(), project, { [quota]: -1 });
      }
      const created = await api().post(LB, graph, headers);
      assert.equal(created.status, 201, created.text);
      await waitAllActive(api(), [created.body.loadbalancer.id]);
    });

    it('10 concurrent graph creates with room for 3 L7 policies (or rules): exactly 3 succeed', async () => {
      for (const [quota, rules, name] of [
        ['l7policy', 0, 'L7 Policy'],
        ['l7rule', 1, 'L7 Rule'],
      ] as const) {
        const project = `quota-graph-burst-${quota}`;
        const headers = memberOf(project);
        await setQuota(api(), project, { [quota]: 3 });
        const result = await burst(Array.from({ length: 10 }, (_, i) => () => api().post(LB, l7Graph(`g${i}`, 1, rules), headers)));
        assert.deepEqual(result.other, [], quota);
        assert.equal(result.created, 3, quota);
        assert.deepEqual(result.refused, Array(7).fill(`Quota has been met for resources: ${name}`), quota);
        const lbs = (await api().get(LB, headers)).body.loadbalancers;
        assert.equal(lbs.length, 3);
        assert.equal((await api().get('/v2/lbaas/l7policies', headers)).body.l7policies.length, 3);
        await waitAllActive(
          api(),
          lbs.map((lb: { id: string }) => lb.id),
        );
      }
    });

    it('the first create of a project creates its record with every limit at the default', async () => {
      const project = 'quota-first';
      const res = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, memberOf(project));
      assert.equal(res.status, 201, res.text);
      const listed = await api().get(`${Q}?project_id=${project}`, ADMIN);
      assert.equal(listed.body.quotas.length, 1);
      assert.equal(listed.body.quotas[0].load_balancer, null);
    });
  },
  { api_settings: { auth_strategy: 'testing' } },
);

describe('quotas under noauth', () => {
  it('are not enforced, as in Octavia', async () => {
    const api = await startApi('sqlite');
    try {
      assert.equal((await api.put(`${Q}/default`, { quota: { loadbalancer: 0 } })).status, 202);
      const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      assert.equal(res.status, 201, res.text);
    } finally {
      await api.close();
    }
  });
});
