import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { jobMark } from '../support/progress.js';
import { waitJobsSettled } from '../support/worker-probe.js';

describe('amphora provider with noop drivers (smoke)', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi('sqlite', { api_settings: { default_provider_driver: 'amphora' } }, { worker: true });
  });
  after(async () => api.close());

  it('runs create, child and delete flows to the end', async () => {
    const work = jobMark(api.runtime.worker!);
    const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, name: 'amp' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.loadbalancer.provider, 'amphora');
    const lb = await waitActive(api, res.body.loadbalancer.id);
    // the create flow built one amphora for the load balancer (topology SINGLE) and it serves it
    const amps = await api.get(`/v2/octavia/amphorae?loadbalancer_id=${lb.id}`);
    assert.equal(amps.status, 200, amps.text);
    assert.equal(amps.body.amphorae.length, 1, amps.text);
    const [amp] = amps.body.amphorae;
    assert.equal(amp.loadbalancer_id, lb.id);
    assert.equal(amp.status, 'ALLOCATED', amps.text);
    assert.equal(amp.role, 'STANDALONE', amps.text);
    assert.ok(amp.compute_id, `the amphora records its compute instance: ${amps.text}`);
    assert.equal(amp.ha_ip, lb.vip_address, amps.text);
    const listener = await api.post('/v2/lbaas/listeners', { listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 80 } });
    assert.equal(listener.status, 201, listener.text);
    await waitActive(api, lb.id);
    const l = await api.get(`/v2/lbaas/listeners/${listener.body.listener.id}`);
    assert.equal(l.body.listener.provisioning_status, 'ACTIVE');
    const del = await api.delete(`${LB}/${lb.id}?cascade=true`);
    assert.equal(del.status, 204);
    await api.waitFor(`${LB}?id=${lb.id}`, (b) => b.loadbalancers.length === 0);
    // the delete flow removed the amphora with its load balancer: the API neither lists nor shows it
    const left = await api.get(`/v2/octavia/amphorae?loadbalancer_id=${lb.id}`);
    assert.equal(left.status, 200, left.text);
    assert.deepEqual(left.body.amphorae, [], left.text);
    assert.equal((await api.get(`/v2/octavia/amphorae/${amp.id}`)).status, 404);
    // every job the API enqueued was run to its end by the in-process worker, and counted (once the worker is done
    // with it, just after its outcome is recorded)
    const jobs = await waitJobsSettled(api.runtime.database.db);
    assert.deepEqual(
      jobs.filter((j) => j.state !== 'DONE'),
      [],
      JSON.stringify(jobs),
    );
    await work.jobsSince(jobs.length);
    assert.equal(api.runtime.worker!.processed, jobs.length, JSON.stringify(jobs));
    const calls = api.runtime.drivers.recorder.all().map((c) => `${c.driver}.${c.op}`);
    assert.ok(calls.includes('compute.build'), calls.join(','));
    assert.ok(calls.includes('compute.delete'), calls.join(','));
  });
});
