// DELETE /loadbalancers/{id}: the children rule, cascade parsing, the whole tree going away, the VIP released.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import type { TestApi } from '../support/api-harness.js';
import {
  assertFault,
  createHealthMonitor,
  createLb,
  createListener,
  createMember,
  createPool,
  LB,
  VIP_SUBNET,
  waitActive,
} from '../support/fixtures.js';

const hasChildren = (id: string) => `Validation failure: Cannot delete Load Balancer ${id} - it has children`;

async function waitGone(api: TestApi, id: string): Promise<void> {
  await api.waitFor(`${LB}?id=${id}`, (b) => b.loadbalancers.length === 0);
  assertFault(await api.get(`${LB}/${id}`), 404, `Load Balancer ${id} not found.`);
}

describeEachDatabase('load balancer delete', (api) => {
  it('deletes a childless load balancer: 204 with no body, then 404 everywhere', async () => {
    const lb = await createLb(api());
    const res = await api().delete(`${LB}/${lb.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('content-type'), null);
    await waitGone(api(), lb.id);
    assertFault(await api().delete(`${LB}/${lb.id}`), 404, `Load Balancer ${lb.id} not found.`);
    assertFault(await api().put(`${LB}/${lb.id}`, { loadbalancer: { name: 'x' } }), 404, `Load Balancer ${lb.id} not found.`);
    assertFault(await api().get(`${LB}/${lb.id}/status`), 404, `Load Balancer ${lb.id} not found.`);
  });

  it('refuses to delete a load balancer with a listener or a pool unless cascade is true', async () => {
    const withListener = await createLb(api());
    await createListener(api(), withListener.id);
    assertFault(await api().delete(`${LB}/${withListener.id}`), 400, hasChildren(withListener.id));
    assertFault(await api().delete(`${LB}/${withListener.id}?cascade=false`), 400, hasChildren(withListener.id));
    assertFault(await api().delete(`${LB}/${withListener.id}?cascade=no`), 400, hasChildren(withListener.id));

    const withPool = await createLb(api());
    await createPool(api(), withPool.id);
    assertFault(await api().delete(`${LB}/${withPool.id}`), 400, hasChildren(withPool.id));

    // the refusals left both load balancers ACTIVE
    assert.equal((await api().get(`${LB}/${withListener.id}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
    assert.equal((await api().get(`${LB}/${withPool.id}`)).body.loadbalancer.provisioning_status, 'ACTIVE');

    // cascade is parsed as a boolean string
    assert.equal((await api().delete(`${LB}/${withListener.id}?cascade=True`)).status, 204);
    assert.equal((await api().delete(`${LB}/${withPool.id}?cascade=1`)).status, 204);
    await waitGone(api(), withListener.id);
    await waitGone(api(), withPool.id);
  });

  it('cascade removes the whole tree', async () => {
    const lb = await createLb(api());
    const pool = await createPool(api(), lb.id, { name: 'p' });
    const listener = await createListener(api(), lb.id, { default_pool_id: pool.id });
    const member = await createMember(api(), lb.id, pool.id);
    const hm = await createHealthMonitor(api(), lb.id, pool.id);
    const policyRes = await api().post('/v2/lbaas/l7policies', { l7policy: { listener_id: listener.id, action: 'REJECT' } });
    assert.equal(policyRes.status, 201, policyRes.text);
    const policy = policyRes.body.l7policy;
    await waitActive(api(), lb.id);
    const ruleRes = await api().post(`/v2/lbaas/l7policies/${policy.id}/rules`, {
      rule: { type: 'PATH', compare_type: 'STARTS_WITH', value: '/api' },
    });
    assert.equal(ruleRes.status, 201, ruleRes.text);
    const rule = ruleRes.body.rule;
    await waitActive(api(), lb.id);

    const res = await api().delete(`${LB}/${lb.id}?cascade=true`);
    assert.equal(res.status, 204, res.text);
    await waitGone(api(), lb.id);

    assertFault(await api().get(`/v2/lbaas/listeners/${listener.id}`), 404, `Listener ${listener.id} not found.`);
    assertFault(await api().get(`/v2/lbaas/pools/${pool.id}`), 404, `Pool ${pool.id} not found.`);
    assertFault(await api().get(`/v2/lbaas/healthmonitors/${hm.id}`), 404, `Health Monitor ${hm.id} not found.`);
    assertFault(await api().get(`/v2/lbaas/l7policies/${policy.id}`), 404, `L7 Policy ${policy.id} not found.`);
    assert.equal((await api().get(`/v2/lbaas/pools/${pool.id}/members/${member.id}`)).status, 404);
    assert.equal((await api().get(`/v2/lbaas/l7policies/${policy.id}/rules/${rule.id}`)).status, 404);
    for (const [path, key] of [
      ['listeners', 'listeners'],
      ['pools', 'pools'],
      ['healthmonitors', 'healthmonitors'],
      ['l7policies', 'l7policies'],
    ]) {
      const list = await api().get(`/v2/lbaas/${path}`);
      assert.equal(list.status, 200);
      const ids = list.body[key as string].map((x: any) => x.id);
      for (const gone of [listener.id, pool.id, hm.id, policy.id]) assert.equal(ids.includes(gone), false, `${path} still lists ${gone}`);
    }
  });

  it('releases the VIP address so a new load balancer can take it', async () => {
    const address = '127.80.77.7';
    const first = await createLb(api(), { vip_address: address });
    assert.equal(first.vip_address, address);
    await createListener(api(), first.id);
    assertFault(await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, vip_address: address } }), 409);

    assert.equal((await api().delete(`${LB}/${first.id}?cascade=true`)).status, 204);
    await waitGone(api(), first.id);

    const second = await createLb(api(), { vip_address: address });
    assert.equal(second.vip_address, address);
    assert.notEqual(second.vip_port_id, first.vip_port_id);
  });

  it("keeps a deleted listener's default pool", async () => {
    const lb = await createLb(api());
    const pool = await createPool(api(), lb.id);
    const listener = await createListener(api(), lb.id, { default_pool_id: pool.id });
    assert.deepEqual((await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool.listeners, [{ id: listener.id }]);
    assert.equal((await api().delete(`/v2/lbaas/listeners/${listener.id}`)).status, 204);
    const active = await waitActive(api(), lb.id);
    assert.deepEqual(active.listeners, []);
    assert.deepEqual(active.pools, [{ id: pool.id }]);
    const kept = await api().get(`/v2/lbaas/pools/${pool.id}`);
    assert.equal(kept.status, 200);
    assert.deepEqual(kept.body.pool.listeners, []);
    // the remaining pool is still a child
    assertFault(await api().delete(`${LB}/${lb.id}`), 400, hasChildren(lb.id));
  });
});
