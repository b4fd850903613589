import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

describe('amphora provider with noop drivers (smoke)', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi('sqlite', { api_settings: { default_provider_driver: 'amphora' } }, { worker: true });
  });
  after(async () => api.close());

  it('runs create, child and delete flows to the end', async () => {
    const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, name: 'amp' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.loadbalancer.provider, 'amphora');
    const lb = await waitActive(api, res.body.loadbalancer.id);
    const amps = await api.get('/v2/octavia/amphorae');
    void amps;
    const listener = await api.post('/v2/lbaas/listeners', { listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 80 } });
    assert.equal(listener.status, 201, listener.text);
    await waitActive(api, lb.id);
    const l = await api.get(`/v2/lbaas/listeners/${listener.body.listener.id}`);
    assert.equal(l.body.listener.provisioning_status, 'ACTIVE');
    const del = await api.delete(`${LB}/${lb.id}?cascade=true`);
    assert.equal(del.status, 204);
    await api.waitFor(`${LB}?id=${lb.id}`, (b) => b.loadbalancers.length === 0);
    const calls = api.runtime.drivers.recorder.all().map((c) => `${c.driver}.${c.op}`);
    assert.ok(calls.includes('compute.build'), calls.join(','));
    assert.ok(calls.includes('compute.delete'), calls.join(','));
  });
});
