// §1.1 URL space: /v2 and /v2.0 prefixes, the legacy alias without "lbaas", ".json" suffixes, 404 faults for unknown
// routes, 405 faults with pecan's Allow header for methods a known path does not serve, 400 'Missing argument: "id"'
// for PUT/DELETE on a collection. Routing errors are Octavia fault bodies (JSON), never webob's text/plain.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createListener } from '../support/fixtures.js';

describeEachDatabase('transport routing', (api) => {
  let lb: any;
  let listener: any;
  before(async () => {
    lb = await createLb(api(), { name: 'routing' });
    listener = await createListener(api(), lb.id);
  });

  it('serves the same collections under /v2, /v2.0 and without "lbaas"', async () => {
    for (const prefix of ['/v2/lbaas', '/v2.0/lbaas', '/v2', '/v2.0']) {
      const list = await api().get(`${prefix}/loadbalancers`);
      assert.equal(list.status, 200, prefix);
      assert.deepEqual(
        list.body.loadbalancers.map((x: any) => x.id),
        [lb.id],
        prefix,
      );
      const show = await api().get(`${prefix}/listeners/${listener.id}`);
      assert.equal(show.status, 200, prefix);
      assert.equal(show.body.listener.id, listener.id, prefix);
    }
  });

  it('writes work under every prefix too', async () => {
    const res = await api().put(`/v2.0/loadbalancers/${lb.id}`, { loadbalancer: { description: 'via alias' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.loadbalancer.description, 'via alias');
    await api().waitFor(`/v2/lbaas/loadbalancers/${lb.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE');
  });

  it('accepts a trailing .json on collections and objects', async () => {
    const list = await api().get('/v2/lbaas/loadbalancers.json?limit=2');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(
      list.body.loadbalancers.map((x: any) => x.id),
      [lb.id],
    );
    const show = await api().get(`/v2/lbaas/loadbalancers/${lb.id}.json`);
    assert.equal(show.status, 200, show.text);
    assert.equal(show.body.loadbalancer.id, lb.id);
    const legacy = await api().get(`/v2.0/listeners/${listener.id}.json`);
    assert.equal(legacy.body.listener.id, listener.id);
  });

  it('unknown paths are 404 JSON faults, whatever the method', async () => {
    const paths = [
      '/v3',
      '/v2/lbaas/nothing',
      '/v2/lbaas/loadbalancers/x/y/z',
      '/v2/nothing',
      '/healthcheck',
      '/v2/octavia/loadbalancers',
      '/v2/lbaas/lbaas',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const res = await api().request(method, path, method === 'POST' || method === 'PUT' ? {} : undefined);
        assertFault(res, 404, 'The resource could not be found.');
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
        assert.equal(res.headers.get('allow'), null, `${method} ${path}`);
      }
    }
  });

  it('unknown objects on known collections are 404 JSON faults', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    assertFault(await api().get(`/v2/lbaas/loadbalancers/${id}`), 404, `Load Balancer ${id} not found.`);
    assertFault(await api().get(`/v2/listeners/${id}`), 404, `Listener ${id} not found.`);
  });

  it('a method a known path does not serve is a 405 JSON fault whose Allow lists the ones it does', async () => {
    const collection = 'DELETE, GET, HEAD, POST, PUT';
    const object = 'DELETE, GET, HEAD, PUT';
    const cases: [string, string, string][] = [
      ['PATCH', '/v2/lbaas/loadbalancers', collection],
      ['OPTIONS', '/v2/lbaas/loadbalancers/', collection],
      ['PATCH', `/v2/lbaas/loadbalancers/${lb.id}`, object],
      ['POST', `/v2/lbaas/loadbalancers/${lb.id}`, object],
      ['POST', `/v2/listeners/${listener.id}.json`, object],
      ['PATCH', '/v2.0/pools', collection],
      ['DELETE', `/v2/lbaas/loadbalancers/${lb.id}/status`, 'GET, HEAD'],
      ['POST', '/v2/lbaas', 'GET, HEAD'],
      ['PUT', '/', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await api().request(method, path, method === 'GET' || method === 'DELETE' ? undefined : { loadbalancer: {} });
      assertFault(res, 405, 'The method is not allowed for this resource.');
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
      assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
    }
  });

  it('PUT and DELETE on a collection URL are 400 Missing argument "id"', async () => {
    for (const collection of ['loadbalancers', 'listeners', 'pools', 'healthmonitors', 'l7policies']) {
      for (const prefix of ['/v2/lbaas', '/v2']) {
        assertFault(await api().put(`${prefix}/${collection}`, { x: {} }), 400, 'Missing argument: "id"');
        assertFault(await api().delete(`${prefix}/${collection}`), 400, 'Missing argument: "id"');
      }
    }
  });
});
