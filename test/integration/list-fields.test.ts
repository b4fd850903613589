// §4 fields=: repeated and comma forms, on list and show calls of every collection; unknown names give fewer keys.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createHealthMonitor, createLb, createListener, createMember, createPool, LB } from '../support/fixtures.js';
import { createPolicy, createRule, POLICIES, rulesOf } from '../support/l7-fixtures.js';

describeEachDatabase('list fields', (api) => {
  let lb: any;
  let listener: any;
  let pool: any;
  let member: any;
  let hm: any;
  let policy: any;
  let rule: any;
  before(async () => {
    lb = await createLb(api(), { name: 'fields-lb' });
    listener = await createListener(api(), lb.id, { name: 'fields-listener' });
    pool = await createPool(api(), lb.id, { name: 'fields-pool' });
    member = await createMember(api(), lb.id, pool.id, { name: 'fields-member' });
    hm = await createHealthMonitor(api(), lb.id, pool.id, { name: 'fields-hm' });
    const stack = { lb, listener, pool };
    policy = await createPolicy(api(), stack, { name: 'fields-policy' });
    rule = await createRule(api(), stack, policy.id);
  });

  it('repeated fields keep only those keys in every listed object', async () => {
    const res = await api().get(`${LB}?fields=id&fields=name`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.loadbalancers, [{ id: lb.id, name: 'fields-lb' }]);
    assert.deepEqual(res.body.loadbalancers_links, []);
  });

  it('the comma form and a mix of both forms work too', async () => {
    const comma = await api().get(`${LB}?fields=id,name`);
    assert.deepEqual(comma.body.loadbalancers, [{ id: lb.id, name: 'fields-lb' }]);
    const mixed = await api().get(`${LB}?fields=id,name&fields=provisioning_status`);
    assert.deepEqual(mixed.body.loadbalancers, [{ id: lb.id, name: 'fields-lb', provisioning_status: 'ACTIVE' }]);
  });

  it('unknown names only yield fewer keys', async () => {
    const some = await api().get(`${LB}?fields=id&fields=no_such_field`);
    assert.deepEqual(some.body.loadbalancers, [{ id: lb.id }]);
    const none = await api().get(`${LB}?fields=no_such_field`);
    assert.deepEqual(none.body.loadbalancers, [{}]);
  });

  it('list calls of every collection honour fields', async () => {
    const cases: [string, string, string, any][] = [
      ['/v2/lbaas/listeners', 'listeners', 'fields-listener', listener],
      ['/v2/lbaas/pools', 'pools', 'fields-pool', pool],
      [`/v2/lbaas/pools/${pool.id}/members`, 'members', 'fields-member', member],
      ['/v2/lbaas/healthmonitors', 'healthmonitors', 'fields-hm', hm],
      [POLICIES, 'l7policies', 'fields-policy', policy],
    ];
    for (const [path, key, name, obj] of cases) {
      const res = await api().get(`${path}?fields=name,id`);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body[key], [{ id: obj.id, name }], path);
    }
    const rules = await api().get(`${rulesOf(policy.id)}?fields=id&fields=type`);
    assert.deepEqual(rules.body.rules, [{ id: rule.id, type: 'PATH' }]);
  });

  it('show calls honour fields in both forms', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      [`${LB}/${lb.id}`, 'loadbalancer', { id: lb.id, vip_address: lb.vip_address }],
      [`/v2/lbaas/listeners/${listener.id}`, 'listener', { id: listener.id, protocol_port: 80 }],
      [`/v2/lbaas/pools/${pool.id}`, 'pool', { id: pool.id, lb_algorithm: 'ROUND_ROBIN' }],
      [`/v2/lbaas/pools/${pool.id}/members/${member.id}`, 'member', { id: member.id, address: '127.0.0.1' }],
      [`/v2/lbaas/healthmonitors/${hm.id}`, 'healthmonitor', { id: hm.id, type: 'HTTP' }],
      [`${POLICIES}/${policy.id}`, 'l7policy', { id: policy.id, action: 'REJECT' }],
      [`${rulesOf(policy.id)}/${rule.id}`, 'rule', { id: rule.id, value: '/api' }],
    ];
    for (const [path, key, expected] of cases) {
      const [first, second] = Object.keys(expected);
      const repeated = await api().get(`${path}?fields=${first}&fields=${second}`);
      assert.equal(repeated.status, 200, repeated.text);
      assert.deepEqual(repeated.body, { [key]: expected }, path);
      const comma = await api().get(`${path}?fields=${first},${second}`);
      assert.deepEqual(comma.body, { [key]: expected }, path);
    }
  });
});
