// §1.3 request bodies are JSON only: application/json in any case, with or without parameters (charset), is read;
// any other media type, or a body without a Content-Type, is a 415 fault "Unknown mimetype: <type>" (WSME's words)
// and changes nothing. Requests without a body need no Content-Type (failover, as the openstack CLI sends it).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';
import { rawExchange } from '../support/http-client.js';

const ACCEPTED = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'Application/JSON',
  'APPLICATION/JSON; charset="utf-8"',
  'application/json ; charset=utf-8',
];
const REFUSED: [string, string][] = [
  ['text/plain', 'text/plain'],
  ['text/plain; charset=utf-8', 'text/plain'],
  ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ['multipart/form-data; boundary=xyz', 'multipart/form-data'],
  ['application/xml', 'application/xml'],
  ['text/json', 'text/json'],
  ['json', 'json'],
];

describeEachDatabase('transport content type', (api) => {
  let lb: any;
  before(async () => {
    lb = await createLb(api(), { name: 'ctype' });
  });

  it('application/json bodies are read whatever the case and parameters', async () => {
    for (const [i, type] of ACCEPTED.entries()) {
      const quota = await api().put('/v2/lbaas/quotas/ctype-project', { quota: { listener: 10 + i } }, { 'content-type': type });
      assert.equal(quota.status, 202, `${type}: ${quota.text}`);
      assert.equal(quota.body.quota.listener, 10 + i, type);
      const update = await api().put(`${LB}/${lb.id}`, { loadbalancer: { description: type } }, { 'content-type': type });
      assert.equal(update.status, 200, `${type}: ${update.text}`);
      assert.equal(update.body.loadbalancer.description, type);
      await waitActive(api(), lb.id);
    }
    const created = await api().post(
      LB,
      { loadbalancer: { name: 'charset', vip_subnet_id: VIP_SUBNET } },
      { 'content-type': 'application/json; charset=UTF-8' },
    );
    assert.equal(created.status, 201, created.text);
    await waitActive(api(), created.body.loadbalancer.id);
  });

  it('any other media type is a 415 fault and changes nothing', async () => {
    const before = (await api().get(LB)).body.loadbalancers.length;
    for (const [type, reported] of REFUSED) {
      const body = JSON.stringify({ loadbalancer: { name: 'refused', vip_subnet_id: VIP_SUBNET } });
      const create = await api().post(LB, body, { 'content-type': type });
      assertFault(create, 415, `Unknown mimetype: ${reported}`);
      assert.match(create.headers.get('content-type') ?? '', /^application\/json/, type);
      const update = await api().put(`${LB}/${lb.id}`, JSON.stringify({ loadbalancer: { description: 'refused' } }), {
        'content-type': type,
      });
      assertFault(update, 415, `Unknown mimetype: ${reported}`);
      const quota = await api().put('/v2/lbaas/quotas/ctype-refused', JSON.stringify({ quota: { listener: 1 } }), { 'content-type': type });
      assertFault(quota, 415, `Unknown mimetype: ${reported}`);
    }
    const form = await api().post(LB, `name=refused&vip_subnet_id=${VIP_SUBNET}`, { 'content-type': 'application/x-www-form-urlencoded' });
    assertFault(form, 415, 'Unknown mimetype: application/x-www-form-urlencoded');
    assert.equal((await api().get(LB)).body.loadbalancers.length, before);
    assert.notEqual((await api().get(`${LB}/${lb.id}`)).body.loadbalancer.description, 'refused');
    assert.equal((await api().get('/v2/lbaas/quotas?project_id=ctype-refused')).body.quotas.length, 0);
  });

  it('a body without a Content-Type is a 415 fault', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ loadbalancer: { name: 'untyped', vip_subnet_id: VIP_SUBNET } }));
    // a byte body makes fetch send no Content-Type at all
    const res = await fetch(`${api().url}${LB}`, { method: 'POST', body: bytes });
    assert.equal(res.status, 415);
    assert.deepEqual(await res.json(), { faultcode: 'Client', faultstring: 'Unknown mimetype: ', debuginfo: null });
    const chunked = await rawExchange(
      api().url,
      `PUT ${LB}/${lb.id} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    );
    assert.equal(chunked.status, 415, chunked.text);
    assert.deepEqual(chunked.body, { faultcode: 'Client', faultstring: 'Unknown mimetype: ', debuginfo: null });
  });

  it('a request without a body needs no Content-Type, and an empty one of any type is no body', async () => {
    const bare = await fetch(`${api().url}${LB}/${lb.id}/failover`, { method: 'PUT' });
    assert.equal(bare.status, 202, await bare.text());
    await waitActive(api(), lb.id);
    const typed = await fetch(`${api().url}${LB}/${lb.id}/failover`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain', 'content-length': '0' },
    });
    assert.equal(typed.status, 202, await typed.text());
    await waitActive(api(), lb.id);
    const missing = await fetch(`${api().url}${LB}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    assert.equal(missing.status, 400);
    const fault = (await missing.json()) as { faultstring: string };
    assert.match(fault.faultstring, /Mandatory field missing/);
  });
});
