// §1.3 transport: x-openstack-request-id on every response, empty bodies (no content type) for 204 and the 202s,
// JSON content type elsewhere, and Octavia's naive-UTC timestamps.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createLb, createListener, createPool, LB, waitActive } from '../support/fixtures.js';

const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;

describeEachDatabase('transport headers and bodies', (api) => {
  let lb: any;
  before(async () => {
    lb = await createLb(api());
  });

  it('every response carries a fresh x-openstack-request-id', async () => {
    const responses = [
      await api().get('/'),
      await api().get('/v2'),
      await api().get(LB),
      await api().get(`${LB}/${lb.id}`),
      await api().post(LB, { loadbalancer: {} }),
      await api().get('/v2/lbaas/nothing'),
      await api().request('PATCH', LB),
      await api().get(`${LB}?limit=zz`),
      await api().put(LB, {}),
      await api().get('/v2.0/networks'),
    ];
    const ids = responses.map((r) => r.headers.get('x-openstack-request-id'));
    for (const [i, id] of ids.entries()) assert.match(id ?? '', REQUEST_ID, `response ${i} (${responses[i]!.status})`);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('201 and 200 answers are JSON', async () => {
    const created = await api().post('/v2/lbaas/listeners', {
      listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 8081 },
    });
    assert.equal(created.status, 201, created.text);
    assert.match(created.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(created.headers.get('x-openstack-request-id') ?? '', REQUEST_ID);
    await waitActive(api(), lb.id);
    const shown = await api().get(`/v2/lbaas/listeners/${created.body.listener.id}`);
    assert.match(shown.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('204 answers have an empty body and no content type', async () => {
    const pool = await createPool(api(), lb.id);
    const res = await api().delete(`/v2/lbaas/pools/${pool.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('content-type'), null);
    assert.match(res.headers.get('x-openstack-request-id') ?? '', REQUEST_ID);
    await waitActive(api(), lb.id);
  });

  it('202 answers of failover and member batch update have an empty body and no content type', async () => {
    const failover = await api().put(`${LB}/${lb.id}/failover`);
    assert.equal(failover.status, 202, failover.text);
    assert.equal(failover.text, '');
    assert.equal(failover.headers.get('content-type'), null);
    await waitActive(api(), lb.id);
    const pool = await createPool(api(), lb.id);
    const batch = await api().put(`/v2/lbaas/pools/${pool.id}/members`, { members: [{ address: '127.0.0.5', protocol_port: 80 }] });
    assert.equal(batch.status, 202, batch.text);
    assert.equal(batch.text, '');
    assert.equal(batch.headers.get('content-type'), null);
    await waitActive(api(), lb.id);
  });

  it('timestamps are naive UTC ISO-8601; updated_at is null until the first change', async () => {
    const before = Date.now();
    const fresh = await createLb(api());
    const listener = await createListener(api(), fresh.id);
    assert.match(listener.created_at, TIMESTAMP);
    assert.equal(listener.updated_at, null);
    const createdMs = Date.parse(`${listener.created_at}Z`);
    assert.ok(Math.abs(createdMs - before) < 60_000, `created_at ${listener.created_at} is not UTC now`);
    const res = await api().put(`/v2/lbaas/listeners/${listener.id}`, { listener: { name: 'changed' } });
    assert.equal(res.status, 200, res.text);
    assert.match(res.body.listener.updated_at, TIMESTAMP);
    assert.ok(Date.parse(`${res.body.listener.updated_at}Z`) >= createdMs);
    await waitActive(api(), fresh.id);
  });
});
