// GET /loadbalancers/{id}/status (and /statuses) tree shape, and the zeroed statistics of LBs and listeners.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createLb, createListener, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

const ZERO_STATS = { stats: { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 } };

const pool = (name: string, extra: Record<string, unknown> = {}) => ({ name, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', ...extra });
const rule = { type: 'PATH', compare_type: 'STARTS_WITH', value: '/x' };

describeEachDatabase('load balancer status tree and stats', (api) => {
  it('renders a bare load balancer', async () => {
    const lb = await createLb(api(), { name: 'bare' });
    for (const path of ['status', 'statuses']) {
      const res = await api().get(`${LB}/${lb.id}/${path}`);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, {
        statuses: { loadbalancer: { id: lb.id, name: 'bare', operating_status: 'ONLINE', provisioning_status: 'ACTIVE', listeners: [] } },
      });
    }
  });

  it("shows each listener's default pool and the redirect pools of enabled policies with rules", async () => {
    const res = await api().post(LB, {
      loadbalancer: {
        vip_subnet_id: VIP_SUBNET,
        listeners: [
          {
            name: 'front',
            protocol: 'HTTP',
            protocol_port: 80,
            default_pool: pool('web', {
              members: [{ name: 'm1', address: '127.0.0.21', protocol_port: 8080 }],
              healthmonitor: { name: 'hm', type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 },
            }),
            l7policies: [
              {
                action: 'REDIRECT_TO_POOL',
                redirect_pool: pool('api', { members: [{ address: '127.0.0.22', protocol_port: 9000 }] }),
                rules: [rule],
              },
              { action: 'REDIRECT_TO_POOL', redirect_pool: pool('no-rules') },
              { action: 'REDIRECT_TO_POOL', admin_state_up: false, redirect_pool: pool('disabled'), rules: [rule] },
              // a second route to the default pool must not list it twice
              { action: 'REDIRECT_TO_POOL', redirect_pool: { name: 'web' }, rules: [rule] },
            ],
          },
          { protocol: 'TCP', protocol_port: 22 },
        ],
        pools: [pool('orphan')],
      },
    });
    assert.equal(res.status, 201, res.text);
    const lb = res.body.loadbalancer;
    await waitActive(api(), lb.id);
    const byName = Object.fromEntries(lb.pools.map((p: any) => [p.name, p]));
    const front = lb.listeners.find((l: any) => l.name === 'front');
    const tcp = lb.listeners.find((l: any) => l.protocol === 'TCP');
    const web = byName.web;
    const apiPool = byName.api;

    const tree = await api().get(`${LB}/${lb.id}/status`);
    assert.equal(tree.status, 200, tree.text);
    assert.deepEqual(tree.body, {
      statuses: {
        loadbalancer: {
          id: lb.id,
          name: '',
          operating_status: 'ONLINE',
          provisioning_status: 'ACTIVE',
          listeners: [
            {
              id: front.id,
              name: 'front',
              operating_status: 'ONLINE',
              provisioning_status: 'ACTIVE',
              pools: [
                {
                  id: web.id,
                  name: 'web',
                  provisioning_status: 'ACTIVE',
                  operating_status: 'ONLINE',
                  health_monitor: {
                    id: web.healthmonitor.id,
                    name: 'hm',
                    type: 'HTTP',
                    provisioning_status: 'ACTIVE',
                    operating_status: 'ONLINE',
                  },
                  members: [
                    {
                      id: web.members[0].id,
                      name: 'm1',
                      operating_status: 'ONLINE',
                      provisioning_status: 'ACTIVE',
                      address: '127.0.0.21',
                      protocol_port: 8080,
                    },
                  ],
                },
                {
                  id: apiPool.id,
                  name: 'api',
                  provisioning_status: 'ACTIVE',
                  operating_status: 'ONLINE',
                  members: [
                    {
                      id: apiPool.members[0].id,
                      name: '',
                      operating_status: 'NO_MONITOR',
                      provisioning_status: 'ACTIVE',
                      address: '127.0.0.22',
                      protocol_port: 9000,
                    },
                  ],
                },
              ],
            },
            { id: tcp.id, name: '', operating_status: 'ONLINE', provisioning_status: 'ACTIVE', pools: [] },
          ].sort((a, b) => lb.listeners.findIndex((l: any) => l.id === a.id) - lb.listeners.findIndex((l: any) => l.id === b.id)),
        },
      },
    });
  });

  it('reports zeroed statistics for load balancers and listeners', async () => {
    const empty = await createLb(api());
    const res = await api().get(`${LB}/${empty.id}/stats`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, ZERO_STATS);

    const lb = await createLb(api());
    const a = await createListener(api(), lb.id, { protocol_port: 80 });
    const b = await createListener(api(), lb.id, { protocol: 'UDP', protocol_port: 53 });
    assert.deepEqual((await api().get(`${LB}/${lb.id}/stats`)).body, ZERO_STATS);
    for (const l of [a, b]) {
      const stats = await api().get(`/v2/lbaas/listeners/${l.id}/stats`);
      assert.equal(stats.status, 200, stats.text);
      assert.deepEqual(stats.body, ZERO_STATS);
    }
    const unknown = '0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b';
    const missing = await api().get(`/v2/lbaas/listeners/${unknown}/stats`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.faultstring, `Listener ${unknown} not found.`);
  });
});
