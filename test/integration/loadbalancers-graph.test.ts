// Single-call ("graph") create: listeners with default pools and L7 policies, pools with members and health
// monitors, all in the load balancer body; the 201 shape, the pool naming rules and all-or-nothing behaviour.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

const LISTENER_KEYS = [
  'admin_state_up',
  'allowed_cidrs',
  'alpn_protocols',
  'client_authentication',
  'client_ca_tls_container_ref',
  'client_crl_container_ref',
  'connection_limit',
  'created_at',
  'default_pool_id',
  'default_tls_container_ref',
  'description',
  'id',
  'insert_headers',
  'l7policies',
  'name',
  'operating_status',
  'project_id',
  'protocol',
  'protocol_port',
  'provisioning_status',
  'sni_container_refs',
  'tags',
  'tenant_id',
  'timeout_client_data',
  'timeout_member_connect',
  'timeout_member_data',
  'timeout_tcp_inspect',
  'tls_ciphers',
  'tls_versions',
  'updated_at',
];

// Octavia's *FullResponse types: ListenerResponse without loadbalancers; PoolResponse without loadbalancers and
// healthmonitor_id, with healthmonitor; HealthMonitorResponse without pools; members, L7 policies and rules as shown alone
const POOL_KEYS = [
  'admin_state_up',
  'alpn_protocols',
  'ca_tls_container_ref',
  'created_at',
  'crl_container_ref',
  'description',
  'healthmonitor',
  'id',
  'lb_algorithm',
  'listeners',
  'members',
  'name',
  'operating_status',
  'project_id',
  'protocol',
  'provisioning_status',
  'session_persistence',
  'tags',
  'tenant_id',
  'tls_ciphers',
  'tls_container_ref',
  'tls_enabled',
  'tls_versions',
  'updated_at',
];
const MEMBER_KEYS = [
  'address',
  'admin_state_up',
  'backup',
  'created_at',
  'id',
  'monitor_address',
  'monitor_port',
  'name',
  'operating_status',
  'project_id',
  'protocol_port',
  'provisioning_status',
  'subnet_id',
  'tags',
  'tenant_id',
  'updated_at',
  'weight',
];
const HM_KEYS = [
  'admin_state_up',
  'created_at',
  'delay',
  'domain_name',
  'expected_codes',
  'http_method',
  'http_version',
  'id',
  'max_retries',
  'max_retries_down',
  'name',
  'operating_status',
  'project_id',
  'provisioning_status',
  'tags',
  'tenant_id',
  'timeout',
  'type',
  'updated_at',
  'url_path',
];
const POLICY_KEYS = [
  'action',
  'admin_state_up',
  'created_at',
  'description',
  'id',
  'listener_id',
  'name',
  'operating_status',
  'position',
  'project_id',
  'provisioning_status',
  'redirect_http_code',
  'redirect_pool_id',
  'redirect_prefix',
  'redirect_url',
  'rules',
  'tags',
  'tenant_id',
  'updated_at',
];
const RULE_KEYS = [
  'admin_state_up',
  'compare_type',
  'created_at',
  'id',
  'invert',
  'key',
  'operating_status',
  'project_id',
  'provisioning_status',
  'tags',
  'tenant_id',
  'type',
  'updated_at',
  'value',
];
const LB_KEYS = [
  'additional_vips',
  'admin_state_up',
  'availability_zone',
  'created_at',
  'description',
  'flavor_id',
  'id',
  'listeners',
  'name',
  'operating_status',
  'pools',
  'project_id',
  'provider',
  'provisioning_status',
  'tags',
  'tenant_id',
  'updated_at',
  'vip_address',
  'vip_network_id',
  'vip_port_id',
  'vip_qos_policy_id',
  'vip_subnet_id',
];
const keys = (o: object) => Object.keys(o).sort();

function graphBody(name: string): Record<string, unknown> {
  return {
    loadbalancer: {
      vip_subnet_id: VIP_SUBNET,
      name,
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          protocol_port: 80,
          default_pool: {
            name: 'web',
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: [
              { address: '127.0.0.10', protocol_port: 8080 },
              { address: '127.0.0.11', protocol_port: 8080, weight: 5 },
            ],
            healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 },
          },
          l7policies: [
            {
              name: 'to-api',
              action: 'REDIRECT_TO_POOL',
              redirect_pool: { name: 'api' },
              rules: [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/api' }],
            },
          ],
        },
        { name: 'tcp', protocol: 'TCP', protocol_port: 81 },
      ],
      pools: [
        { name: 'api', protocol: 'HTTP', lb_algorithm: 'LEAST_CONNECTIONS', members: [{ address: '127.0.0.12', protocol_port: 9000 }] },
      ],
    },
  };
}

describeEachDatabase('load balancer graph create', (api) => {
  it('answers 201 with the children as full objects', async () => {
    const res = await api().post(LB, graphBody('graph'));
    assert.equal(res.status, 201, res.text);
    const lb = res.body.loadbalancer;
    assert.equal(lb.name, 'graph');
    assert.equal(lb.provisioning_status, 'PENDING_CREATE');

    assert.equal(lb.listeners.length, 2);
    const http = lb.listeners.find((l: any) => l.name === 'http');
    const tcp = lb.listeners.find((l: any) => l.name === 'tcp');
    assert.deepEqual(Object.keys(http).sort(), LISTENER_KEYS);
    assert.equal(http.protocol, 'HTTP');
    assert.equal(http.protocol_port, 80);
    assert.equal(http.provisioning_status, 'PENDING_CREATE');
    assert.equal(http.project_id, lb.project_id);
    assert.equal(tcp.protocol, 'TCP');
    assert.equal(tcp.default_pool_id, null);
    assert.deepEqual(tcp.l7policies, []);

    assert.equal(lb.pools.length, 2);
    const web = lb.pools.find((p: any) => p.name === 'web');
    const apiPool = lb.pools.find((p: any) => p.name === 'api');
    assert.equal(http.default_pool_id, web.id);
    assert.equal('loadbalancers' in web, false);
    assert.equal(web.protocol, 'HTTP');
    assert.equal(web.lb_algorithm, 'ROUND_ROBIN');
    assert.deepEqual(web.members.map((m: any) => [m.address, m.protocol_port, m.weight]).sort(), [
      ['127.0.0.10', 8080, 1],
      ['127.0.0.11', 8080, 5],
    ]);
    for (const m of web.members) {
      assert.equal(m.provisioning_status, 'PENDING_CREATE');
      assert.equal(m.operating_status, 'OFFLINE');
    }
    assert.equal(web.healthmonitor.type, 'HTTP');
    assert.equal(web.healthmonitor.delay, 5);
    assert.equal(apiPool.lb_algorithm, 'LEAST_CONNECTIONS');
    assert.deepEqual(
      apiPool.members.map((m: any) => m.address),
      ['127.0.0.12'],
    );
    // a pool without a health monitor renders it null
    assert.equal(apiPool.healthmonitor, null);
    assert.equal(apiPool.members[0].operating_status, 'NO_MONITOR');

    assert.equal(http.l7policies.length, 1);
    const policy = http.l7policies[0];
    assert.equal(policy.name, 'to-api');
    assert.equal(policy.action, 'REDIRECT_TO_POOL');
    assert.equal(policy.redirect_pool_id, apiPool.id);
    assert.equal(policy.listener_id, http.id);
    assert.equal(policy.position, 1);
    assert.equal(policy.rules.length, 1);
    assert.equal(policy.rules[0].type, 'PATH');
    assert.equal(policy.rules[0].compare_type, 'STARTS_WITH');
    assert.equal(policy.rules[0].value, '/api');
    assert.equal(policy.rules[0].invert, false);
  });

  it("renders every object with exactly the keys of Octavia's full response types", async () => {
    const res = await api().post(LB, graphBody('graph-keys'));
    assert.equal(res.status, 201, res.text);
    const lb = res.body.loadbalancer;
    assert.deepEqual(keys(lb), LB_KEYS);
    for (const listener of lb.listeners) assert.deepEqual(keys(listener), LISTENER_KEYS, listener.name);
    const policies = lb.listeners.flatMap((l: any) => l.l7policies);
    assert.equal(policies.length, 1);
    assert.deepEqual(keys(policies[0]), POLICY_KEYS);
    assert.deepEqual(keys(policies[0].rules[0]), RULE_KEYS);
    for (const pool of lb.pools) {
      assert.deepEqual(keys(pool), POOL_KEYS, pool.name);
      for (const member of pool.members) assert.deepEqual(keys(member), MEMBER_KEYS);
    }
    const web = lb.pools.find((p: any) => p.name === 'web');
    assert.deepEqual(keys(web.healthmonitor), HM_KEYS);
    assert.deepEqual(web.listeners, [{ id: lb.listeners.find((l: any) => l.name === 'http').id }]);
    // the full objects say what the objects say when shown alone (less the parent links the full form drops)
    await waitActive(api(), lb.id);
    const shownHm = (await api().get(`/v2/lbaas/healthmonitors/${web.healthmonitor.id}`)).body.healthmonitor;
    assert.deepEqual(keys(shownHm), [...HM_KEYS, 'pools'].sort());
    const shownPool = (await api().get(`/v2/lbaas/pools/${web.id}`)).body.pool;
    assert.equal(shownPool.healthmonitor_id, web.healthmonitor.id);
    assert.deepEqual(keys(shownPool), [...POOL_KEYS.filter((k) => k !== 'healthmonitor'), 'healthmonitor_id', 'loadbalancers'].sort());
  });

  it('ends with every child ACTIVE', async () => {
    const res = await api().post(LB, graphBody('converges'));
    assert.equal(res.status, 201, res.text);
    const lb = res.body.loadbalancer;
    const active = await waitActive(api(), lb.id);
    assert.equal(active.operating_status, 'ONLINE');
    assert.equal(active.listeners.length, 2);
    assert.equal(active.pools.length, 2);
    for (const l of lb.listeners) {
      const shown = (await api().get(`/v2/lbaas/listeners/${l.id}`)).body.listener;
      assert.equal(shown.provisioning_status, 'ACTIVE', `listener ${l.name}`);
      assert.equal(shown.operating_status, 'ONLINE');
      for (const p of l.l7policies) {
        const policy = (await api().get(`/v2/lbaas/l7policies/${p.id}`)).body.l7policy;
        assert.equal(policy.provisioning_status, 'ACTIVE');
        assert.deepEqual(
          policy.rules,
          p.rules.map((r: any) => ({ id: r.id })),
        );
        for (const r of p.rules) {
          const rule = (await api().get(`/v2/lbaas/l7policies/${p.id}/rules/${r.id}`)).body.rule;
          assert.equal(rule.provisioning_status, 'ACTIVE');
        }
      }
    }
    for (const p of lb.pools) {
      const pool = (await api().get(`/v2/lbaas/pools/${p.id}`)).body.pool;
      assert.equal(pool.provisioning_status, 'ACTIVE', `pool ${p.name}`);
      for (const m of p.members) {
        const member = (await api().get(`/v2/lbaas/pools/${p.id}/members/${m.id}`)).body.member;
        assert.equal(member.provisioning_status, 'ACTIVE');
      }
      if (p.healthmonitor) {
        const hm = (await api().get(`/v2/lbaas/healthmonitors/${p.healthmonitor.id}`)).body.healthmonitor;
        assert.equal(hm.provisioning_status, 'ACTIVE');
        assert.equal(hm.operating_status, 'ONLINE');
      }
    }
  });

  it('accepts an unnamed top-level pool that nothing references', async () => {
    const res = await api().post(LB, {
      loadbalancer: { vip_subnet_id: VIP_SUBNET, pools: [{ protocol: 'TCP', lb_algorithm: 'SOURCE_IP' }] },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.loadbalancer.pools[0].name, '');
    await waitActive(api(), res.body.loadbalancer.id);
  });

  it('enforces the pool naming and definition rules', async () => {
    const lbWith = (extra: Record<string, unknown>) => ({ loadbalancer: { vip_subnet_id: VIP_SUBNET, name: 'bad-graph', ...extra } });
    assertFault(
      await api().post(
        LB,
        lbWith({ listeners: [{ protocol: 'HTTP', protocol_port: 80, default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }] }),
      ),
      400,
      'Validation failure: Pools must be named when creating a fully populated loadbalancer.',
    );
    assertFault(
      await api().post(
        LB,
        lbWith({
          listeners: [
            {
              protocol: 'HTTP',
              protocol_port: 80,
              l7policies: [{ action: 'REDIRECT_TO_POOL', redirect_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }],
            },
          ],
        }),
      ),
      400,
      'Validation failure: Pools must be named when creating a fully populated loadbalancer.',
    );
    assertFault(
      await api().post(
        LB,
        lbWith({
          listeners: [
            { protocol: 'HTTP', protocol_port: 80, default_pool: { name: 'dup', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } },
          ],
          pools: [{ name: 'dup', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' }],
        }),
      ),
      400,
      'Validation failure: Pool names must be unique when creating a fully populated loadbalancer.',
    );
    assertFault(
      await api().post(LB, lbWith({ listeners: [{ protocol: 'HTTP', protocol_port: 80, default_pool: { name: 'ghost' } }] })),
      400,
      "Validation failure: Pool 'ghost' was referenced but no full definition was found.",
    );
    assertFault(
      await api().post(LB, lbWith({ pools: [{ name: 'half', protocol: 'HTTP' }] })),
      400,
      "Validation failure: Pool definition for 'half' missing required attribute: lb_algorithm",
    );
    assertFault(
      await api().post(
        LB,
        lbWith({ listeners: [{ protocol: 'HTTP', protocol_port: 80, default_pool: { name: 'half', lb_algorithm: 'ROUND_ROBIN' } }] }),
      ),
      400,
      "Validation failure: Pool definition for 'half' missing required attribute: protocol",
    );
    assertFault(
      await api().post(
        LB,
        lbWith({
          listeners: [{ protocol: 'TCP', protocol_port: 80, default_pool: { name: 'u', protocol: 'UDP', lb_algorithm: 'ROUND_ROBIN' } }],
        }),
      ),
      400,
      "Validation failure: The pool protocol 'UDP' is invalid while the listener protocol is 'TCP'.",
    );
    // none of the refused bodies left anything behind
    const list = await api().get(`${LB}?name=bad-graph`);
    assert.deepEqual(list.body.loadbalancers, []);
  });

  it('validates nested objects like their own resources', async () => {
    const lbWith = (extra: Record<string, unknown>) => ({ loadbalancer: { vip_subnet_id: VIP_SUBNET, name: 'bad-nested', ...extra } });
    assertFault(
      await api().post(
        LB,
        lbWith({ listeners: [{ protocol: 'HTTP', protocol_port: 80, loadbalancer_id: '0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b' }] }),
      ),
      400,
      /^Unknown attribute for argument [\w.]+: loadbalancer_id$/,
    );
    assertFault(
      await api().post(LB, lbWith({ listeners: [{ protocol: 'HTTP' }] })),
      400,
      "Invalid input for field/attribute protocol_port. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await api().post(LB, lbWith({ listeners: [{ protocol: null, protocol_port: 80 }] })),
      400,
      "Invalid input for field/attribute protocol. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await api().post(LB, lbWith({ listeners: [{ protocol: 'HTTP', protocol_port: 70000 }] })),
      400,
      "Invalid input for field/attribute protocol_port. Value: '70000'. Value should be lower or equal to 65535",
    );
    assertFault(
      await api().post(
        LB,
        lbWith({ pools: [{ name: 'p', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: [{ address: '127.0.0.1' }] }] }),
      ),
      400,
      "Invalid input for field/attribute protocol_port. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await api().post(
        LB,
        lbWith({
          listeners: [
            { protocol: 'HTTP', protocol_port: 8080 },
            { protocol: 'HTTPS', protocol_port: 8080 },
          ],
        }),
      ),
      409,
      'Another Listener on this Load Balancer is already using protocol HTTP and protocol_port 8080',
    );
    const list = await api().get(`${LB}?name=bad-nested`);
    assert.deepEqual(list.body.loadbalancers, []);
  });
});
