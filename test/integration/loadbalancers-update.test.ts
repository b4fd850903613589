// PUT /loadbalancers/{id}: which fields change, what omitted and null values mean, and the PENDING_UPDATE cycle.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createLb, createListener, LB, waitActive } from '../support/fixtures.js';

describeEachDatabase('load balancer update', (api) => {
  it('updates name, description, admin state and tags; answers with PENDING_UPDATE', async () => {
    const lb = await createLb(api(), { name: 'before', description: 'old', tags: ['x'] });
    const res = await api().put(`${LB}/${lb.id}`, {
      loadbalancer: { name: 'after', description: 'new', admin_state_up: false, tags: ['z', 'y'] },
    });
    assert.equal(res.status, 200, res.text);
    const body = res.body.loadbalancer;
    assert.equal(body.id, lb.id);
    assert.equal(body.provisioning_status, 'PENDING_UPDATE');
    assert.equal(body.name, 'after');
    assert.equal(body.description, 'new');
    assert.equal(body.admin_state_up, false);
    assert.deepEqual(body.tags, ['y', 'z']);
    assert.notEqual(body.updated_at, null);
    // immutable VIP data is carried through untouched
    for (const k of ['vip_address', 'vip_port_id', 'vip_subnet_id', 'vip_network_id', 'project_id', 'provider', 'created_at']) {
      assert.equal(body[k], lb[k], k);
    }

    const active = await waitActive(api(), lb.id);
    assert.equal(active.name, 'after');
    assert.equal(active.description, 'new');
    assert.equal(active.admin_state_up, false);
    assert.equal(active.operating_status, 'OFFLINE');
    assert.deepEqual(active.tags, ['y', 'z']);
  });

  it('leaves omitted attributes untouched', async () => {
    const lb = await createLb(api(), { name: 'keep', description: 'keep too', admin_state_up: false, tags: ['t1', 't2'] });
    const res = await api().put(`${LB}/${lb.id}`, { loadbalancer: { description: 'changed' } });
    assert.equal(res.status, 200, res.text);
    const active = await waitActive(api(), lb.id);
    assert.equal(active.name, 'keep');
    assert.equal(active.description, 'changed');
    assert.equal(active.admin_state_up, false);
    assert.deepEqual(active.tags, ['t1', 't2']);
  });

  it('treats an empty update as an update', async () => {
    const lb = await createLb(api(), { name: 'same' });
    const res = await api().put(`${LB}/${lb.id}`, { loadbalancer: {} });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.loadbalancer.provisioning_status, 'PENDING_UPDATE');
    assert.equal(res.body.loadbalancer.name, 'same');
    const active = await waitActive(api(), lb.id);
    assert.equal(active.name, 'same');
  });

  it('null clears name and description to "" and turns admin_state_up false', async () => {
    const lb = await createLb(api(), { name: 'named', description: 'described' });
    const res = await api().put(`${LB}/${lb.id}`, { loadbalancer: { name: null, description: null, admin_state_up: null } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.loadbalancer.name, '');
    assert.equal(res.body.loadbalancer.description, '');
    assert.equal(res.body.loadbalancer.admin_state_up, false);
    const active = await waitActive(api(), lb.id);
    assert.equal(active.name, '');
    assert.equal(active.description, '');
    assert.equal(active.admin_state_up, false);
    // a cleared name no longer matches a name filter for the old value
    const list = await api().get(`${LB}?name=named`);
    assert.equal(
      list.body.loadbalancers.some((x: any) => x.id === lb.id),
      false,
    );
  });

  it('replaces the whole tag list', async () => {
    const lb = await createLb(api(), { tags: ['a', 'b', 'c'] });
    assert.equal((await api().put(`${LB}/${lb.id}`, { loadbalancer: { tags: ['d'] } })).status, 200);
    assert.deepEqual((await waitActive(api(), lb.id)).tags, ['d']);
    assert.equal((await api().put(`${LB}/${lb.id}`, { loadbalancer: { tags: [] } })).status, 200);
    assert.deepEqual((await waitActive(api(), lb.id)).tags, []);
  });

  it('accepts lenient boolean strings on PUT', async () => {
    const lb = await createLb(api());
    const res = await api().put(`${LB}/${lb.id}`, { loadbalancer: { admin_state_up: 'off' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.loadbalancer.admin_state_up, false);
    await waitActive(api(), lb.id);
    const back = await api().put(`${LB}/${lb.id}`, { loadbalancer: { admin_state_up: 'on' } });
    assert.equal(back.body.loadbalancer.admin_state_up, true);
    assert.equal((await waitActive(api(), lb.id)).operating_status, 'ONLINE');
  });

  it('renders child references in the update response', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id);
    const res = await api().put(`${LB}/${lb.id}`, { loadbalancer: { name: 'with-child' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.loadbalancer.listeners, [{ id: listener.id }]);
    assert.deepEqual(res.body.loadbalancer.pools, []);
    await waitActive(api(), lb.id);
  });
});
